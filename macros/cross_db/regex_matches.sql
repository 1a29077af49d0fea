{% macro regex_matches(expression, pattern) %}
    {#-
        Return a boolean: true when `expression` contains a match of the regular expression `pattern`
        (anchor it with ^ and $ for a full match). Null input gives null.
    -#}
    {{ return(adapter.dispatch('regex_matches', 'customer_advocacy')(expression, pattern)) }}
{% endmacro %}

{% macro default__regex_matches(expression, pattern) %}
    regexp_matches({{ expression }}, '{{ pattern }}')
{% endmacro %}

{% macro postgres__regex_matches(expression, pattern) %}
    ({{ expression }} ~ '{{ pattern }}')
{% endmacro %}

{% macro spark__regex_matches(expression, pattern) %}
    ({{ expression }} rlike '{{ pattern }}')
{% endmacro %}
