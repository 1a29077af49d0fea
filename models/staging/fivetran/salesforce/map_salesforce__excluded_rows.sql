-- One row per landed Salesforce row that no raw contract table receives, with every reason.

with

account_rows as (
    select * from {{ ref('map_salesforce__account_rows') }}
),

opportunity_rows as (
    select * from {{ ref('map_salesforce__opportunity_rows') }}
)

select
    'salesforce.account' as landing_table,
    _file_row_number as file_row_number,
    account_id as record_key,
    exclusion_reason,
    source_row,
    _loaded_at as loaded_at
from account_rows
where exclusion_reason is not null

union all

select
    landing_table,
    _file_row_number as file_row_number,
    opportunity_id as record_key,
    exclusion_reason,
    source_row,
    _loaded_at as loaded_at
from opportunity_rows
where exclusion_reason is not null
