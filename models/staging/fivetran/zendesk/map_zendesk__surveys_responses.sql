-- One row per usable Zendesk satisfaction rating sync, in the shape of the raw contract table
-- surveys.responses: a csat answer of 5 (good) or 1 (bad) for the account of the rated ticket. The
-- requester is a Zendesk user, not a CRM contact, so contact_id stays null (an anonymous answer).

with

rating_rows as (
    select * from {{ ref('map_zendesk__rating_rows') }}
    where exclusion_reason is null
)

select
    response_id,
    account_id,
    cast(null as {{ dbt.type_string() }}) as contact_id,
    'csat' as survey_type,
    score,
    responded_at,
    _loaded_at
from rating_rows
