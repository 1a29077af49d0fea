-- One row per opportunity created on or before the as-of date, with whether and when a customer reference
-- influenced it (int_kpis__opportunity_influences) and its days to close. An opportunity takes part in the
-- win-rate and cycle-time comparisons when its type is in kpi_attribution.comparable_opportunity_types.
-- NOTE: stage, amount and the won flag are the CRM's current values. A past as-of date counts a deal as
-- closed only when its close date is on or before that date, but still uses today's amount.

{%- set comparable_types = var('kpi_attribution')['comparable_opportunity_types'] %}

with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

influences as (
    select * from {{ ref('int_kpis__opportunity_influences') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

influence_summary as (
    select
        opportunity_id,
        min(first_used_on) as first_influenced_on,
        count(program) as influencing_programs
    from influences
    group by opportunity_id
),

dated as (
    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.segment,
        opportunities.region,
        opportunities.amount,
        opportunities.created_date,
        opportunities.close_date,
        coalesce(opportunities.is_closed and opportunities.close_date <= scoring_period.as_of_date, false)
            as is_closed,
        opportunities.is_won,
        influence_summary.first_influenced_on,
        coalesce(influence_summary.influencing_programs, 0) as influencing_programs,
        opportunities.opportunity_type in ('{{ comparable_types | join("', '") }}') as is_comparable_type
    from opportunities
    cross join scoring_period
    left join influence_summary on opportunities.opportunity_id = influence_summary.opportunity_id
    where opportunities.created_date <= scoring_period.as_of_date
)

select
    opportunity_id,
    account_id,
    opportunity_type,
    segment,
    region,
    cast(amount as decimal(18, 2)) as amount,
    created_date,
    close_date,
    is_closed,
    is_closed and coalesce(is_won, false) as is_won,
    case when is_closed then {{ days_between('created_date', 'close_date') }} end as days_to_close,
    case when is_closed then cast({{ dbt.date_trunc('month', 'close_date') }} as date) end as close_month,
    case when is_closed then cast({{ dbt.date_trunc('quarter', 'close_date') }} as date) end as close_quarter,
    first_influenced_on is not null as is_influenced,
    first_influenced_on,
    cast({{ dbt.date_trunc('month', 'first_influenced_on') }} as date) as influenced_month,
    influencing_programs,
    is_comparable_type
from dated
