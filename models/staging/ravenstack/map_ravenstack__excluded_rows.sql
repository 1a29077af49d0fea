-- One row per landed RavenStack row that no raw contract table receives, with every reason. Only feature
-- usage rows are excluded: usage dated outside its subscription's start and end dates, a subscription id
-- that the subscriptions file lacks, or a repeated (subscription, day, feature) line. Rows of the other
-- files all reach the contract, where staging may still quarantine them (stg_quarantine__rows).

with

usage_rows as (
    select * from {{ ref('map_ravenstack__usage_rows') }}
)

select
    'ravenstack.feature_usage' as landing_table,
    _file_row_number as file_row_number,
    usage_id as record_key,
    exclusion_reason,
    source_row,
    _loaded_at as loaded_at
from usage_rows
where exclusion_reason is not null
