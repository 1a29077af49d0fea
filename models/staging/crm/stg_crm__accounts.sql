with

accounts as (
    select * from {{ ref('base_crm__accounts') }}
    where not _is_superseded and _quarantine_reason is null
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
    created_at,
    contract_start_date,
    renewal_date,
    licensed_seats,
    csm_id,
    _loaded_at as loaded_at
from accounts
