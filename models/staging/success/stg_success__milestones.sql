with

milestones as (
    select * from {{ ref('base_success__milestones') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    milestone_id,
    account_id,
    milestone_type,
    milestone_name,
    is_first_value,
    target_date,
    achieved_date,
    is_outcome_verified,
    _loaded_at as loaded_at
from milestones
