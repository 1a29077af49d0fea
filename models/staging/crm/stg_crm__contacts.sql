with

contacts as (
    select * from {{ ref('base_crm__contacts') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    contact_id,
    account_id,
    full_name,
    email,
    phone,
    persona,
    is_verified_champion,
    seniority,
    created_at,
    _loaded_at as loaded_at
from contacts
