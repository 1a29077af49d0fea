with

tickets as (
    select * from {{ ref('base_support__tickets') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    ticket_id,
    account_id,
    priority,
    status,
    created_at,
    first_responded_at,
    resolved_at,
    first_response_sla_minutes,
    resolution_sla_hours,
    csat_score,
    is_escalated,
    escalated_at,
    _loaded_at as loaded_at
from tickets
