with

completions as (
    select * from {{ ref('base_advocacy__completions') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    completion_id,
    invitation_id,
    completed_at,
    _loaded_at as loaded_at
from completions
