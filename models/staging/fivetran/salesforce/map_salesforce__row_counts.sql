-- One row per landed Salesforce table: rows landed, rows carried into a raw contract table and rows
-- excluded with a reason. A test fails the build unless landing_rows = mapped_rows + excluded_rows.

with

account_rows as (
    select
        'salesforce.account' as landing_table,
        exclusion_reason
    from {{ ref('map_salesforce__account_rows') }}
),

opportunity_rows as (
    select
        landing_table,
        exclusion_reason
    from {{ ref('map_salesforce__opportunity_rows') }}
),

all_rows as (
    select * from account_rows
    union all
    select * from opportunity_rows
),

landed as (
    select
        'salesforce.account' as landing_table,
        count(*) as landing_rows
    from {{ source('salesforce', 'account') }}
    union all
    select
        'salesforce.opportunity' as landing_table,
        count(*) as landing_rows
    from {{ source('salesforce', 'opportunity') }}
    union all
    select
        'salesforce.opportunity_history' as landing_table,
        count(*) as landing_rows
    from {{ source('salesforce', 'opportunity_history') }}
),

outcomes as (
    select
        landing_table,
        sum(case when exclusion_reason is null then 1 else 0 end) as mapped_rows,
        sum(case when exclusion_reason is null then 0 else 1 end) as excluded_rows
    from all_rows
    group by landing_table
)

select
    landed.landing_table,
    landed.landing_rows,
    coalesce(outcomes.mapped_rows, 0) as mapped_rows,
    coalesce(outcomes.excluded_rows, 0) as excluded_rows
from landed
left join outcomes on landed.landing_table = outcomes.landing_table
