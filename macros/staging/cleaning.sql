{% macro clean_text(expression) %}
    {#- Cast a raw value to text, trim it, and turn an empty string into null. Used for ids and free text. -#}
    nullif(trim(cast({{ expression }} as {{ dbt.type_string() }})), '')
{% endmacro %}


{% macro clean_enum(expression) %}
    {#- Normalize an enumeration value: trimmed, lower-cased, spaces and hyphens as underscores, '' as null. -#}
    replace(replace(lower({{ customer_advocacy.clean_text(expression) }}), ' ', '_'), '-', '_')
{% endmacro %}
