{% macro column_is_true(relation, column) %}
    {#-
        SQL that is true where the text column `column` of `relation` holds true (any case), or the literal
        `false` when the relation has no such column. Fivetran adds _fivetran_deleted to some tables only,
        so a mapping can test it without failing on tables that lack it.
    -#}
    {%- if not execute -%}
        {{ return('false') }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for existing in adapter.get_columns_in_relation(relation) -%}
        {%- do names.append(existing.name | lower) -%}
    {%- endfor -%}
    {%- if column | lower in names -%}
        {{ return("coalesce(lower(trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "))) = 'true', false)") }}
    {%- endif -%}
    {{ return('false') }}
{% endmacro %}


{% macro is_fivetran_end_sentinel(expression) %}
    {#-
        True when a Fivetran history-mode _fivetran_end marks the version still in force: Fivetran writes
        9999-12-31 23:59:59 there. Compared as text, because not every engine casts year 9999 the same way.
    -#}
    coalesce({{ customer_advocacy.clean_text(expression) }} like '9999-12-31%', false)
{% endmacro %}


{% macro column_or_null(relation, column, qualifier) %}
    {#-
        SQL for `qualifier.column` when `relation` has that column, else a typed null. Connector schemas
        differ between accounts and versions, so a mapping can read an optional column without failing.
    -#}
    {%- if execute -%}
        {%- for existing in adapter.get_columns_in_relation(relation) if existing.name | lower == column | lower -%}
            {{ return(qualifier ~ '.' ~ column) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
{% endmacro %}


{% macro country_to_region(expression) %}
    {#-
        SQL mapping an ISO 3166 alpha-2 country code (and UK) to the contract's sales region: na, latam, emea
        or apac. A code not listed passes through unchanged, so staging quarantines it with its value.
    -#}
    {%- set regions = {
        'na': ['US', 'CA'],
        'latam': ['MX', 'BR', 'AR', 'CL', 'CO', 'PE'],
        'emea': ['UK', 'GB', 'DE', 'FR', 'NL', 'BE', 'ES', 'IT', 'IE', 'SE', 'NO', 'DK', 'FI', 'CH', 'AT', 'PL', 'PT', 'IL', 'AE', 'ZA'],
        'apac': ['IN', 'AU', 'NZ', 'JP', 'SG', 'CN', 'KR', 'HK'],
    } -%}
    case
        {%- for region, countries in regions.items() %}
        when upper(trim({{ expression }})) in ({{ "'" ~ countries | join("', '") ~ "'" }}) then '{{ region }}'
        {%- endfor %}
        else {{ expression }}
    end
{% endmacro %}
