{#-
    Seed loading on Spark, overriding two dbt-spark macros.

    Seeds declare text columns as `varchar` in their column_types, which DuckDB and PostgreSQL accept. Spark
    rejects `varchar` without a length, so here such columns are created and loaded as `string`; every other
    type passes through unchanged.

    dbt-spark inserts seed rows as SQL literals, 10,000 rows per statement, which takes minutes for the
    sample's larger seeds. When column_types covers every column of the CSV file, the rows are read by
    Spark's CSV reader instead, with the rules dbt applies to such columns: the text as it is in the file,
    except that an empty value or `null` (any case, surrounding whitespace ignored) is null, then cast to the
    declared type. Other seeds load the dbt-spark way.
-#}

{% macro spark__create_csv_table(model, agate_table) %}
    {{ return(dbt.spark__create_csv_table(customer_advocacy.with_spark_text_types(model), agate_table)) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set spark_model = customer_advocacy.with_spark_text_types(model) -%}
    {%- set column_types = spark_model['config']['column_types'] -%}
    {%- set typed_columns = agate_table.column_names | select('in', column_types) | list -%}
    {%- if typed_columns | length != agate_table.column_names | length -%}
        {{ return(dbt.spark__load_csv_rows(spark_model, agate_table)) }}
    {%- endif -%}

    {%- set csv_view = this.identifier ~ '__csv_rows' -%}
    {%- set csv_path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set delimiter = model['config'].get('delimiter') or ',' -%}
    {%- call statement('read_seed_csv') -%}
        create or replace temporary view {{ csv_view }} (
            {%- for column_name in agate_table.column_names %}
            csv_column_{{ loop.index }} string{{ ',' if not loop.last }}
            {%- endfor %}
        )
        using csv
        options (
            path '{{ csv_path }}',
            header 'true',
            sep '{{ delimiter }}',
            quote '"',
            escape '"',
            multiLine 'true',
            encoding 'UTF-8',
            mode 'FAILFAST'
        )
    {%- endcall -%}

    {%- set sql -%}
        insert into {{ this.render() }}
        select
            {%- for column_name in agate_table.column_names %}
            {%- set raw_value = 'csv_column_' ~ loop.index %}
            cast(
                case when lower(regexp_replace({{ raw_value }}, '^\\s+|\\s+$', '')) in ('', 'null') then null
                else {{ raw_value }} end
                as {{ column_types[column_name] }}
            ){{ ',' if not loop.last }}
            {%- endfor %}
        from {{ csv_view }}
    {%- endset -%}
    {%- call statement('load_seed_rows') -%}
        {{ sql }}
    {%- endcall -%}
    {{ return(sql) }}
{% endmacro %}

{% macro with_spark_text_types(model) %}
    {#- A copy of the seed node `model` whose column_types say `string` where they said `varchar`. -#}
    {%- set column_types = {} -%}
    {%- for column_name, column_type in (model['config'].get('column_types') or {}).items() -%}
        {%- do column_types.update({column_name: 'string' if column_type | lower == 'varchar' else column_type}) -%}
    {%- endfor -%}
    {{ return(dict(model, config=dict(model['config'], column_types=column_types))) }}
{% endmacro %}
