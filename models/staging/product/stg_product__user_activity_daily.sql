with

user_activity_days as (
    select * from {{ ref('base_product__user_activity_daily') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    contact_id,
    account_id,
    activity_date,
    sessions,
    events,
    _loaded_at as loaded_at
from user_activity_days
