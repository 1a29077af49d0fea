with

opportunities as (
    select * from {{ ref('base_crm__opportunities') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    opportunity_id,
    account_id,
    opportunity_type,
    segment,
    region,
    stage,
    amount,
    created_date,
    close_date,
    is_closed,
    is_won,
    _loaded_at as loaded_at
from opportunities
