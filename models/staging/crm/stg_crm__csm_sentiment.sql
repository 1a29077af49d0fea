with

sentiment_entries as (
    select * from {{ ref('base_crm__csm_sentiment') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    sentiment_id,
    account_id,
    csm_id,
    recorded_at,
    sentiment_score,
    _loaded_at as loaded_at
from sentiment_entries
