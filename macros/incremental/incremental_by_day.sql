{% macro incremental_strategy_by_day() %}
    {#-
        The incremental strategy for models that replace whole days: delete+insert on the unique key where
        the engine supports it, insert_overwrite of the day partitions on Spark, whose plain Parquet tables
        have no merge or delete.
    -#}
    {{ return(adapter.dispatch('incremental_strategy_by_day', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__incremental_strategy_by_day() %}{{ return('delete+insert') }}{% endmacro %}

{% macro spark__incremental_strategy_by_day() %}{{ return('insert_overwrite') }}{% endmacro %}


{% macro partition_by_day(column) %}
    {#- Day partitioning for insert_overwrite on Spark; other engines take no partition config. -#}
    {{ return(adapter.dispatch('partition_by_day', 'customer_advocacy')(column)) }}
{% endmacro %}

{% macro default__partition_by_day(column) %}{{ return(none) }}{% endmacro %}

{% macro spark__partition_by_day(column) %}{{ return([column]) }}{% endmacro %}


{% macro incremental_window_start(date_column) %}
    {#-
        SQL for the first day an incremental run recomputes: health_incremental_lookback_days before the
        newest day already in the table, so late rows for those days are picked up. Only valid inside
        `is_incremental()`.
    -#}
    {%- if var('as_of_date') -%}
        {{ exceptions.raise_compiler_error(
            this ~ ' is incremental: recompute history for as_of_date ' ~ var('as_of_date')
            ~ ' with --full-refresh (or into another target), not on top of the daily table'
        ) }}
    {%- endif -%}
    (
        select cast({{ dbt.dateadd('day', -var('health_incremental_lookback_days'), 'max(' ~ date_column ~ ')') }} as date)
        from {{ this }}
    )
{% endmacro %}
