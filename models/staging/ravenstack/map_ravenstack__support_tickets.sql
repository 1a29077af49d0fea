-- One row per landed RavenStack ticket in the shape of the raw contract table support.tickets.
-- Mapping choices: priority urgent, high, medium, low -> p1, p2, p3, p4 (any other value passes through
-- and staging quarantines it); a ticket with closed_at is solved, one without is open. submitted_at is
-- only a date, so created_at is its midnight (UTC) and first_responded_at is that midnight plus
-- first_response_time_minutes. closed_at text such as '2023-07-28 3:00' is parsed by staging.
-- RavenStack has no SLA targets and no escalation time, so those columns stay null.

with

tickets as (
    select * from {{ source('ravenstack', 'support_tickets') }}
),

typed as (
    select
        *,
        {{ parse_utc_timestamp('submitted_at') }} as submitted_at_utc,
        cast({{ clean_text('first_response_time_minutes') }} as {{ dbt.type_int() }}) as first_response_minutes
    from tickets
)

select
    ticket_id,
    account_id,
    case lower(trim(priority))
        when 'urgent' then 'p1'
        when 'high' then 'p2'
        when 'medium' then 'p3'
        when 'low' then 'p4'
        else priority
    end as priority,
    case when {{ clean_text('closed_at') }} is null then 'open' else 'solved' end as status,
    submitted_at as created_at,
    cast(
        {{ dbt.dateadd('minute', 'first_response_minutes', 'submitted_at_utc') }} as {{ dbt.type_string() }}
    ) as first_responded_at,
    closed_at as resolved_at,
    cast(null as {{ dbt.type_int() }}) as first_response_sla_minutes,
    cast(null as {{ dbt.type_int() }}) as resolution_sla_hours,
    satisfaction_score as csat_score,
    escalation_flag as is_escalated,
    cast(null as {{ dbt.type_string() }}) as escalated_at,
    _loaded_at
from typed
