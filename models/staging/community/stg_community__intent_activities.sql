with

intent_activities as (
    select * from {{ ref('base_community__intent_activities') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    activity_id,
    account_id,
    contact_id,
    activity_type,
    occurred_at,
    _loaded_at as loaded_at
from intent_activities
