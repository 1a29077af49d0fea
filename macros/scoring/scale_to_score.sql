{% macro scale_to_score(expression, worst, best) %}
    {#-
        Map a raw measure value onto 0-100: `worst` gives 0, `best` gives 100, linear between, clamped
        outside. `worst` may be larger than `best` for measures where less is better (response times).
        Null stays null, so a missing measure is never scored as zero. The case is needed because greatest()
        and least() skip null arguments on DuckDB, PostgreSQL and Spark: least(100.0, null) is 100.0.
    -#}
    {%- if worst == best -%}
        {{ exceptions.raise_compiler_error('scale_to_score: worst and best are both ' ~ worst ~ ' for ' ~ expression) }}
    {%- endif -%}
    case
        when ({{ expression }}) is not null
            then greatest(0.0, least(100.0, 100.0 * ({{ expression }} - ({{ worst }})) / ({{ best }} - ({{ worst }}))))
    end
{% endmacro %}


{% macro measure_scale(measure) %}
    {#- Return the [worst, best] pair of a measure from the health_measure_scales var. -#}
    {%- set scales = var('health_measure_scales') -%}
    {%- if measure not in scales -%}
        {{ exceptions.raise_compiler_error('health_measure_scales has no entry for ' ~ measure) }}
    {%- endif -%}
    {{ return(scales[measure]) }}
{% endmacro %}


{% macro status_score(column, status_kind) %}
    {#- Map an enumerated status to its score from the health_status_scores var; unknown statuses give null. -#}
    case {{ column }}
        {%- for status, score in var('health_status_scores')[status_kind].items() %}
        when '{{ status }}' then {{ score }}
        {%- endfor %}
    end
{% endmacro %}


{% macro window_days(name) %}
    {#- Return a look-back window length from the health_window_days var. -#}
    {{ return(var('health_window_days')[name]) }}
{% endmacro %}


{% macro rolling_sum(expression, days, partition_by='account_id', order_by='score_date') %}
    {#-
        Sum of `expression` over the `days` rows ending at the current one. The caller's rows must be
        one per partition and day with no gaps (an account-day spine), so rows equal days.
    -#}
    sum({{ expression }}) over (
        partition by {{ partition_by }} order by {{ order_by }}
        rows between {{ days - 1 }} preceding and current row
    )
{% endmacro %}


{% macro safe_divide(numerator, denominator) %}
    {#- Division that gives null instead of an error, NaN or infinity when the denominator is 0 or null. -#}
    cast({{ numerator }} as {{ customer_advocacy.type_double() }}) / nullif({{ denominator }}, 0)
{% endmacro %}
