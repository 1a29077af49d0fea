with

consent_records as (
    select * from {{ ref('base_advocacy__consent_records') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    consent_id,
    contact_id,
    account_id,
    consent_scope,
    consent_status,
    recorded_at,
    _loaded_at as loaded_at
from consent_records
