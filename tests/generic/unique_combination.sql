{% test unique_combination(model, columns) %}
    {#- Fail once for every combination of values of `columns` that more than one row of the model shares. -#}
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
