{% macro parse_utc_timestamp(expression) %}
    {#-
        Parse ISO 8601 text into a timestamp without time zone that holds UTC.

        Accepted forms: 'YYYY-MM-DD' (midnight), or 'YYYY-MM-DD H:MM[:SS[.fff]]' with a space or 'T' between
        date and time, optionally followed by 'Z' or an offset such as '+02:00', '+0530' or '-05'. Text
        without an offset is read as UTC. Text in any other form gives null, so the caller can quarantine
        the row instead of failing the build.
    -#}
    {%- set text = 'trim(' ~ expression ~ ')' -%}
    {%- set date_only = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' -%}
    {%- set date_time = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$' -%}
    {%- set ends_with_offset = ':[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' -%}
    {%- set utc = adapter.dispatch('utc_timestamp_from_iso', 'customer_advocacy') -%}

    case
        when {{ customer_advocacy.regex_matches(text, date_only) }}
            then {{ utc(text ~ " || ' 00:00:00+00:00'") }}
        when {{ customer_advocacy.regex_matches(text, date_time) }}
            and {{ customer_advocacy.regex_matches(text, ends_with_offset) }}
            then {{ utc(text) }}
        when {{ customer_advocacy.regex_matches(text, date_time) }}
            then {{ utc(text ~ " || '+00:00'") }}
    end
{% endmacro %}


{#- Convert ISO text that carries an offset to a UTC timestamp without time zone. -#}

{% macro default__utc_timestamp_from_iso(text_with_offset) %}
    timezone('UTC', cast({{ text_with_offset }} as timestamptz))
{% endmacro %}

{% macro postgres__utc_timestamp_from_iso(text_with_offset) %}
    (cast({{ text_with_offset }} as timestamptz) at time zone 'UTC')
{% endmacro %}

{% macro spark__utc_timestamp_from_iso(text_with_offset) %}
    {#- The Spark profile sets spark.sql.session.timeZone to UTC, so the cast lands in UTC. -#}
    cast({{ text_with_offset }} as timestamp)
{% endmacro %}
