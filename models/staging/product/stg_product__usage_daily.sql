with

usage_days as (
    select * from {{ ref('base_product__usage_daily') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    account_id,
    usage_date,
    active_users,
    sessions,
    events,
    _loaded_at as loaded_at
from usage_days
