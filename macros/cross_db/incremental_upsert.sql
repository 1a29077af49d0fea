{% macro incremental_upsert_strategy() %}
    {#-
        The incremental strategy for models that update rows by their unique key and keep every other row:
        delete+insert where the engine can delete, merge on Spark. Spark's plain Parquet tables can neither
        delete nor overwrite a table the same query reads, so there the model needs a Delta table
        (upsert_file_format()) and the Delta Lake jars on the Spark classpath.
    -#}
    {{ return(adapter.dispatch('incremental_upsert_strategy', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__incremental_upsert_strategy() %}{{ return('delete+insert') }}{% endmacro %}

{% macro spark__incremental_upsert_strategy() %}{{ return('merge') }}{% endmacro %}


{% macro upsert_file_format() %}
    {#- The table format an upserted model needs: delta on Spark (for merge); other engines take no setting. -#}
    {{ return(adapter.dispatch('upsert_file_format', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__upsert_file_format() %}{{ return(none) }}{% endmacro %}

{% macro spark__upsert_file_format() %}{{ return('delta') }}{% endmacro %}
