{% macro type_double() %}
    {#- 64-bit floating point. dbt.type_float() is 32-bit on DuckDB, too coarse for scores and ratios. -#}
    {{ return(adapter.dispatch('type_double', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__type_double() %}double{% endmacro %}

{% macro postgres__type_double() %}double precision{% endmacro %}
