with

reference_requests as (
    select * from {{ ref('base_crm__opportunity_references') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    reference_id,
    opportunity_id,
    program,
    reference_account_id,
    reference_contact_id,
    requested_at,
    used_at,
    _loaded_at as loaded_at
from reference_requests
