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


{% macro in_recomputed_days(input_date_column, stored_date_column=none) %}
    {#-
        A condition for the input rows a model that replaces whole days needs: every row on a full build, and
        on an incremental run the rows dated from incremental_window_start() on. For models whose every day
        is computed from that day's rows alone, such as rankings among the accounts of a day.
        stored_date_column names the model's own date column when it differs from the input's.
    -#}
    {%- if is_incremental() -%}
        {{ input_date_column }} >= {{ incremental_window_start(stored_date_column or input_date_column) }}
    {%- else -%}
        1 = 1
    {%- endif -%}
{% endmacro %}


{% macro incremental_by_day_config(date_column) %}
    {#-
        The config of a model that replaces whole days, for `config(**incremental_by_day_config('score_date'))`:
        incremental on the engine's strategy for days, keyed and partitioned by date_column, and failing
        when its columns change, so a changed model is rebuilt with --full-refresh.
    -#}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': incremental_strategy_by_day(),
        'unique_key': date_column,
        'partition_by': partition_by_day(date_column),
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}


{% macro intermediate_by_day_config(date_column) %}
    {#-
        The config of an intermediate model that can replace whole days: incremental_by_day_config() on
        DuckDB and PostgreSQL. On Spark a plain table, rebuilt on every run: insert_overwrite needs the table
        partitioned by day, and written that way the ranking ran out of the 4 GB driver heap on the bundled
        sample, where the unpartitioned table builds.
    -#}
    {{ return(adapter.dispatch('intermediate_by_day_config', 'customer_advocacy')(date_column)) }}
{% endmacro %}

{% macro default__intermediate_by_day_config(date_column) %}
    {{ return(incremental_by_day_config(date_column)) }}
{% endmacro %}

{% macro spark__intermediate_by_day_config(date_column) %}
    {{ return({'materialized': 'table'}) }}
{% endmacro %}
