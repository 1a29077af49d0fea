-- One row per month and advocacy program: the supply of eligible advocates against the demand for them.
-- Supply is the accounts eligible on the month's snapshot date that the program fits on that day. A program
-- fits when the segment is at least its minimum, the industry and region are allowed, and a legal approval
-- is in force when the program needs one for a regulated industry. Demand is the reference requests sales
-- raised in the month for the program (stg_crm__opportunity_references).
-- NOTE: only requests recorded in the CRM count as demand, so a program sales never requests there (the beta
-- council in the sample data) shows no demand.

{%- set regulated_industries = var('advocacy_regulated_industries') %}
{%- set regulated_list = "'" ~ regulated_industries | join("', '") ~ "'" %}

with

months as (
    select * from {{ ref('int_kpis__months') }}
),

programs as (
    select * from {{ ref('advocacy_programs') }}
),

legal_approvals as (
    select * from {{ ref('advocacy_legal_approvals') }}
),

account_snapshots as (
    select * from {{ ref('int_kpis__account_snapshots_monthly') }}
),

reference_requests as (
    select * from {{ ref('stg_crm__opportunity_references') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

approvals_in_force as (
    select distinct
        months.month_start,
        legal_approvals.account_id,
        legal_approvals.program
    from months
    inner join legal_approvals
        on
            months.snapshot_date >= legal_approvals.approved_on
            and (legal_approvals.expires_on is null or months.snapshot_date <= legal_approvals.expires_on)
),

eligible_accounts as (
    select
        month_start,
        snapshot_date,
        account_id,
        segment,
        industry,
        region,
        {% if regulated_industries | length > 0 -%}
        coalesce(industry in ({{ regulated_list }}), false)
        {%- else -%}
        false
        {%- endif %} as is_regulated_industry
    from account_snapshots
    where is_eligible
),

eligible_fit as (
    select
        eligible_accounts.month_start,
        programs.program,
        eligible_accounts.account_id,
        coalesce(
            {{ segment_rank('eligible_accounts.segment') }} >= {{ segment_rank('programs.minimum_segment') }}
            and {{ list_contains('programs.allowed_industries', 'eligible_accounts.industry') }}
            and {{ list_contains('programs.allowed_regions', 'eligible_accounts.region') }},
            false
        ) as fits_profile,
        programs.needs_legal_approval_if_regulated and eligible_accounts.is_regulated_industry as needs_legal_approval,
        approvals_in_force.account_id is not null as has_legal_approval
    from eligible_accounts
    cross join programs
    left join approvals_in_force
        on
            eligible_accounts.month_start = approvals_in_force.month_start
            and eligible_accounts.account_id = approvals_in_force.account_id
            and programs.program = approvals_in_force.program
),

supply as (
    select
        month_start,
        program,
        sum(
            case when fits_profile and (has_legal_approval or not needs_legal_approval) then 1 else 0 end
        ) as eligible_fitting_accounts
    from eligible_fit
    group by month_start, program
),

demand as (
    select
        cast({{ dbt.date_trunc('month', 'reference_requests.requested_at') }} as date) as month_start,
        reference_requests.program,
        count(*) as reference_requests,
        sum(case when reference_requests.used_at is not null then 1 else 0 end) as filled_reference_requests
    from reference_requests
    cross join scoring_period
    where cast(reference_requests.requested_at as date) <= scoring_period.as_of_date
    group by
        cast({{ dbt.date_trunc('month', 'reference_requests.requested_at') }} as date),
        reference_requests.program
)

select
    months.month_start,
    months.snapshot_date,
    programs.program,
    coalesce(supply.eligible_fitting_accounts, 0) as supply_eligible_advocates,
    coalesce(demand.reference_requests, 0) as demand_reference_requests,
    coalesce(demand.filled_reference_requests, 0) as filled_reference_requests,
    {{ safe_divide('coalesce(supply.eligible_fitting_accounts, 0)', 'demand.reference_requests') }}
        as supply_per_request,
    {{ safe_divide('demand.filled_reference_requests', 'demand.reference_requests') }} as fill_rate,
    coalesce(supply.eligible_fitting_accounts, 0) < coalesce(demand.reference_requests, 0) as is_supply_short
from months
cross join programs
left join supply
    on
        months.month_start = supply.month_start
        and programs.program = supply.program
left join demand
    on
        months.month_start = demand.month_start
        and programs.program = demand.program
