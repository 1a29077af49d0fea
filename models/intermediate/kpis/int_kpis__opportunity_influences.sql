-- One row per opportunity and advocacy program that influenced it. An opportunity is influenced by a program
-- when a reference request of that program on it was filled by a customer account and used (delivered to
-- the prospect) on or before the opportunity's close date and on or before the as-of date. A request that
-- was never used, or used only after the deal closed, influenced nothing.

with

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

reference_requests as (
    select * from {{ ref('stg_crm__opportunity_references') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

used_references as (
    select
        reference_requests.opportunity_id,
        reference_requests.program,
        reference_requests.reference_id,
        reference_requests.reference_account_id,
        cast(reference_requests.used_at as date) as used_on
    from reference_requests
    inner join opportunities on reference_requests.opportunity_id = opportunities.opportunity_id
    cross join scoring_period
    where
        reference_requests.used_at is not null
        and reference_requests.reference_account_id is not null
        and cast(reference_requests.used_at as date) <= scoring_period.as_of_date
        and (
            not opportunities.is_closed
            or opportunities.close_date is null
            or cast(reference_requests.used_at as date) <= opportunities.close_date
        )
)

select
    opportunity_id,
    program,
    min(used_on) as first_used_on,
    count(reference_id) as used_references,
    count(distinct reference_account_id) as reference_accounts
from used_references
group by opportunity_id, program
