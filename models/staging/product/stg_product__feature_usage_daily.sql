with

feature_usage_days as (
    select * from {{ ref('base_product__feature_usage_daily') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    account_id,
    usage_date,
    feature_key,
    active_users,
    events,
    _loaded_at as loaded_at
from feature_usage_days
