-- One row per customer account: its segment, plan, industry, region, value and owner. No personal data.

with

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
)

select
    account_id,
    account_name,
    segment,
    plan,
    industry,
    region,
    arr,
    lifetime_value,
    cast(created_at as date) as created_date,
    contract_start_date,
    renewal_date,
    licensed_seats,
    csm_id
from accounts
