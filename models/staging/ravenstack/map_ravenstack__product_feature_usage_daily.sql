-- One row per account, day and feature in the shape of the raw contract table product.feature_usage_daily,
-- from the RavenStack usage rows that have no exclusion reason. An account's subscriptions may use the
-- same feature on the same day, so their usage counts are added up. RavenStack does not count users,
-- so active_users is null rather than a guess.

with

usable_usage as (
    select * from {{ ref('map_ravenstack__usage_rows') }}
    where exclusion_reason is null
)

select
    account_id,
    cast(usage_date as {{ dbt.type_string() }}) as usage_date,
    feature_name as feature_key,
    cast(null as {{ dbt.type_int() }}) as active_users,
    sum(cast(usage_count as {{ dbt.type_int() }})) as events,
    max(_loaded_at) as _loaded_at
from usable_usage
group by account_id, usage_date, feature_name
