-- One row per raw table: how many rows arrived, and where each went. Every raw row is staged,
-- quarantined or removed as a superseded re-sync copy, so raw_rows equals the sum of the other three.

{% for raw_table in staged_raw_tables() %}
{%- set base_model = 'base_' ~ raw_table.source ~ '__' ~ raw_table.table %}
{%- set staging_model = 'stg_' ~ raw_table.source ~ '__' ~ raw_table.table %}
select
    '{{ raw_table.source }}.{{ raw_table.table }}' as source_table,
    (select count(*) from {{ raw_source(raw_table.source, raw_table.table) }}) as raw_rows,
    (select count(*) from {{ ref(staging_model) }}) as staged_rows,
    (
        select count(*) from {{ ref(base_model) }}
        where not _is_superseded and _quarantine_reason is not null
    ) as quarantined_rows,
    (
        select count(*) from {{ ref(base_model) }}
        where _is_superseded
    ) as superseded_rows
{% if not loop.last %}
union all
{% endif %}
{%- endfor %}
