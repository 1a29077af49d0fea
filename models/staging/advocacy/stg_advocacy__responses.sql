with

invitation_responses as (
    select * from {{ ref('base_advocacy__responses') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    response_id,
    invitation_id,
    response,
    responded_at,
    _loaded_at as loaded_at
from invitation_responses
