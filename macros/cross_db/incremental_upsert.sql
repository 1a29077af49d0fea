{% macro incremental_upsert_strategy() %}
    {#-
        The incremental strategy for models whose every run returns the whole new table, keyed by a unique key:
        delete+insert where the engine can delete, insert_overwrite on Spark. Spark's plain Parquet tables
        have no delete or merge, and Spark overwrites a table that the same query reads only partition by
        partition, so such a model also takes upsert_partition_by().
    -#}
    {{ return(adapter.dispatch('incremental_upsert_strategy', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__incremental_upsert_strategy() %}{{ return('delete+insert') }}{% endmacro %}

{% macro spark__incremental_upsert_strategy() %}{{ return('insert_overwrite') }}{% endmacro %}


{% macro upsert_partition_by(column) %}
    {#-
        Partitioning for incremental_upsert_strategy(): on Spark the table is partitioned by `column`, because
        insert_overwrite may read the table it writes only in dynamic partition mode, which dbt-spark turns
        on when partition_by is set. Every partition the model returns is replaced, so `column` must never
        lose all its rows. Other engines take no partition config.
    -#}
    {{ return(adapter.dispatch('upsert_partition_by', 'customer_advocacy')(column)) }}
{% endmacro %}

{% macro default__upsert_partition_by(column) %}{{ return(none) }}{% endmacro %}

{% macro spark__upsert_partition_by(column) %}{{ return([column]) }}{% endmacro %}
