-- One row per landed Recurly table: rows landed, rows carried into a raw contract table (for account and
-- plan versions: rows read as lookups for the subscriptions) and rows excluded with a reason. A test fails
-- the build unless landing_rows = mapped_rows + excluded_rows.

with

subscription_rows as (
    select * from {{ ref('map_recurly__subscription_rows') }}
),

subscription_counts as (
    select
        'recurly.subscription_history' as landing_table,
        sum(case when exclusion_reason is null then 1 else 0 end) as mapped_rows,
        sum(case when exclusion_reason is null then 0 else 1 end) as excluded_rows
    from subscription_rows
),

landed as (
    select
        'recurly.subscription_history' as landing_table,
        count(*) as landing_rows
    from {{ source('recurly', 'subscription_history') }}
    union all
    select
        'recurly.account_history' as landing_table,
        count(*) as landing_rows
    from {{ source('recurly', 'account_history') }}
    union all
    select
        'recurly.plan_history' as landing_table,
        count(*) as landing_rows
    from {{ source('recurly', 'plan_history') }}
)

select
    landed.landing_table,
    landed.landing_rows,
    coalesce(subscription_counts.mapped_rows, landed.landing_rows) as mapped_rows,
    coalesce(subscription_counts.excluded_rows, 0) as excluded_rows
from landed
left join subscription_counts on landed.landing_table = subscription_counts.landing_table
