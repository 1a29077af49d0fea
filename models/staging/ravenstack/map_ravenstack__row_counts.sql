-- One row per landed RavenStack file: how many rows it holds, how many reached a raw contract table and
-- how many were excluded with a reason (map_ravenstack__excluded_rows). A test fails the build unless
-- landing_rows = mapped_rows + excluded_rows; from the contract on, stg_quarantine__row_counts takes over.

with

landing_counts as (
    select
        'ravenstack.accounts' as landing_table,
        count(*) as landing_rows
    from {{ source('ravenstack', 'accounts') }}
    union all
    select
        'ravenstack.subscriptions' as landing_table,
        count(*) as landing_rows
    from {{ source('ravenstack', 'subscriptions') }}
    union all
    select
        'ravenstack.feature_usage' as landing_table,
        count(*) as landing_rows
    from {{ source('ravenstack', 'feature_usage') }}
    union all
    select
        'ravenstack.support_tickets' as landing_table,
        count(*) as landing_rows
    from {{ source('ravenstack', 'support_tickets') }}
    union all
    select
        'ravenstack.churn_events' as landing_table,
        count(*) as landing_rows
    from {{ source('ravenstack', 'churn_events') }}
),

mapped_counts as (
    -- Each subscription gives exactly one start event; each churn event one churn event.
    select
        'ravenstack.accounts' as landing_table,
        count(*) as mapped_rows
    from {{ ref('map_ravenstack__crm_accounts') }}
    union all
    select
        'ravenstack.subscriptions' as landing_table,
        count(*) as mapped_rows
    from {{ ref('map_ravenstack__billing_subscription_events') }}
    where event_type in ('new', 'expansion')
    union all
    select
        'ravenstack.feature_usage' as landing_table,
        count(*) as mapped_rows
    from {{ ref('map_ravenstack__usage_rows') }}
    where exclusion_reason is null
    union all
    select
        'ravenstack.support_tickets' as landing_table,
        count(*) as mapped_rows
    from {{ ref('map_ravenstack__support_tickets') }}
    union all
    select
        'ravenstack.churn_events' as landing_table,
        count(*) as mapped_rows
    from {{ ref('map_ravenstack__billing_subscription_events') }}
    where event_type = 'churn'
),

excluded_counts as (
    select
        landing_table,
        count(*) as excluded_rows
    from {{ ref('map_ravenstack__excluded_rows') }}
    group by landing_table
)

select
    landing_counts.landing_table,
    landing_counts.landing_rows,
    mapped_counts.mapped_rows,
    coalesce(excluded_counts.excluded_rows, 0) as excluded_rows
from landing_counts
inner join mapped_counts on landing_counts.landing_table = mapped_counts.landing_table
left join excluded_counts on landing_counts.landing_table = excluded_counts.landing_table
