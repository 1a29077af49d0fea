with

invitations as (
    select * from {{ ref('base_advocacy__invitations') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    invitation_id,
    account_id,
    contact_id,
    program,
    invited_at,
    invited_by,
    _loaded_at as loaded_at
from invitations
