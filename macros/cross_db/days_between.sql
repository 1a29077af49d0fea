{% macro days_between(start_date, end_date) %}
    {#- Whole days from `start_date` to `end_date` (both dates); negative when the end is earlier. -#}
    {{ return(adapter.dispatch('days_between', 'customer_advocacy')(start_date, end_date)) }}
{% endmacro %}

{% macro default__days_between(start_date, end_date) %}date_diff('day', {{ start_date }}, {{ end_date }}){% endmacro %}

{% macro postgres__days_between(start_date, end_date) %}({{ end_date }} - {{ start_date }}){% endmacro %}

{% macro spark__days_between(start_date, end_date) %}datediff({{ end_date }}, {{ start_date }}){% endmacro %}
