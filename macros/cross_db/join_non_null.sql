{% macro join_non_null(separator, expressions) %}
    {#-
        SQL text joining the non-null values of `expressions` (a list of SQL text expressions) with the literal
        `separator`, skipping nulls; null when every value is null.
    -#}
    {{ return(adapter.dispatch('join_non_null', 'customer_advocacy')(separator, expressions)) }}
{% endmacro %}

{#- DuckDB, PostgreSQL and Spark all skip nulls in concat_ws and give '' when every value is null. -#}
{% macro default__join_non_null(separator, expressions) -%}
    nullif(concat_ws('{{ separator }}', {{ expressions | join(', ') }}), '')
{%- endmacro %}
