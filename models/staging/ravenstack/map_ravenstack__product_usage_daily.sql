-- One row per account and day in the shape of the raw contract table product.usage_daily, from the
-- RavenStack usage rows that have no exclusion reason: events is the day's total usage count over all
-- features. RavenStack counts neither users nor sessions, so both are null rather than a guess.

with

usable_usage as (
    select * from {{ ref('map_ravenstack__usage_rows') }}
    where exclusion_reason is null
)

select
    account_id,
    cast(usage_date as {{ dbt.type_string() }}) as usage_date,
    cast(null as {{ dbt.type_int() }}) as active_users,
    cast(null as {{ dbt.type_int() }}) as sessions,
    sum(cast(usage_count as {{ dbt.type_int() }})) as events,
    max(_loaded_at) as _loaded_at
from usable_usage
group by account_id, usage_date
