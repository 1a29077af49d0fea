with

engagements as (
    select * from {{ ref('base_crm__stakeholder_engagements') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    engagement_id,
    account_id,
    contact_id,
    engagement_type,
    scheduled_at,
    has_attended,
    _loaded_at as loaded_at
from engagements
