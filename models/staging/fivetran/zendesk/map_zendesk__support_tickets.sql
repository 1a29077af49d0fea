-- One row per Zendesk ticket row that was not deleted, in the shape of the raw contract table
-- support.tickets. The Fivetran ticket table has neither reply nor solve times nor SLA targets, and
-- satisfaction ratings go to surveys.responses, so those columns stay null rather than guessed.

with

ticket_rows as (
    select * from {{ ref('map_zendesk__ticket_rows') }}
    where exclusion_reason is null
)

select
    ticket_id,
    account_id,
    priority,
    status,
    created_at,
    cast(null as {{ dbt.type_string() }}) as first_responded_at,
    cast(null as {{ dbt.type_string() }}) as resolved_at,
    cast(null as {{ dbt.type_int() }}) as first_response_sla_minutes,
    cast(null as {{ dbt.type_int() }}) as resolution_sla_hours,
    cast(null as {{ dbt.type_int() }}) as csat_score,
    cast(null as {{ dbt.type_boolean() }}) as is_escalated,
    cast(null as {{ dbt.type_string() }}) as escalated_at,
    _loaded_at
from ticket_rows
