{% macro median(expression) %}
    {#- Aggregate: the median of `expression`, the mean of the two middle values when their number is even. -#}
    {{ return(adapter.dispatch('median', 'customer_advocacy')(expression)) }}
{% endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}
