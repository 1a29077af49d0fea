with

plan_key_features as (
    select * from {{ ref('base_product__plan_key_features') }}
    where not _is_superseded and _quarantine_reason is null
)

select
    plan,
    feature_key,
    _loaded_at as loaded_at
from plan_key_features
