with

subscription_events as (
    select * from {{ ref('base_billing__subscription_events') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    event_id,
    account_id,
    event_type,
    occurred_at,
    arr_change,
    amount,
    payment_status,
    renewal_status,
    _loaded_at as loaded_at
from subscription_events
