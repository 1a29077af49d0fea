{% test no_email_addresses(model) %}
    {#-
        Personal data stays in staging. Return every value of every text column of the model that looks
        like an email address, with the column holding it. Attach this test to every intermediate and mart
        model.
    -#}
    {%- set pattern = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}' -%}
    {%- set text_columns = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(model) if column.is_string() -%}
            {%- do text_columns.append(column.name) -%}
        {%- endfor -%}
    {%- endif %}

    {% for column_name in text_columns %}
    select
        '{{ column_name }}' as column_name,
        {{ adapter.quote(column_name) }} as offending_value
    from {{ model }}
    where {{ customer_advocacy.regex_matches(adapter.quote(column_name), pattern) }}
    union all
    {% endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as offending_value
    where 1 = 0
{% endtest %}
