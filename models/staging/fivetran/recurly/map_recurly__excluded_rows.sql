-- One row per landed Recurly subscription version that no raw contract table receives, with every reason.

with

subscription_rows as (
    select * from {{ ref('map_recurly__subscription_rows') }}
)

select
    'recurly.subscription_history' as landing_table,
    _file_row_number as file_row_number,
    subscription_id as record_key,
    exclusion_reason,
    source_row,
    _loaded_at as loaded_at
from subscription_rows
where exclusion_reason is not null
