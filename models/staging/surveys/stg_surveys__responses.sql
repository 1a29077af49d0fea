with

survey_responses as (
    select * from {{ ref('base_surveys__responses') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    response_id,
    account_id,
    contact_id,
    survey_type,
    score,
    responded_at,
    _loaded_at as loaded_at
from survey_responses
