-- One row per raw row that staging could not use, from every raw table: where it came from, its key,
-- every reason it was rejected, and the raw values as they arrived. Superseded re-sync copies are not
-- here; stg_quarantine__row_counts counts them.

{% for raw_table in staged_raw_tables() %}
{%- set base_model = 'base_' ~ raw_table.source ~ '__' ~ raw_table.table %}
select
    '{{ raw_table.source }}.{{ raw_table.table }}' as source_table,
    {{ record_key(raw_table.key) }} as record_key,
    _quarantine_reason as quarantine_reason,
    _source_row as source_row,
    _loaded_at as loaded_at
from {{ ref(base_model) }}
where not _is_superseded and _quarantine_reason is not null
{% if not loop.last %}
union all
{% endif %}
{%- endfor %}
