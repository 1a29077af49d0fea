-- One row per active account on the as-of date and advocacy program: whether the program fits the account
-- and, when it does not, every reason. A program fits when the account's segment is at least the program's
-- minimum segment and its industry and region are allowed. An account in a regulated industry
-- (advocacy_regulated_industries) also needs an approval in force on the as-of date for a program that
-- asks for legal approval.

{%- set regulated_industries = var('advocacy_regulated_industries') %}
{%- set regulated_list = "'" ~ regulated_industries | join("', '") ~ "'" %}

with

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

programs as (
    select * from {{ ref('advocacy_programs') }}
),

legal_approvals as (
    select * from {{ ref('advocacy_legal_approvals') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

active_accounts as (
    select
        accounts.account_id,
        accounts.segment,
        accounts.industry,
        accounts.region,
        scoring_period.as_of_date,
        {% if regulated_industries | length > 0 -%}
        coalesce(accounts.industry in ({{ regulated_list }}), false)
        {%- else -%}
        false
        {%- endif %} as is_regulated_industry
    from account_health
    inner join scoring_period on account_health.score_date = scoring_period.as_of_date
    inner join accounts on account_health.account_id = accounts.account_id
),

approvals_in_force as (
    select distinct
        legal_approvals.account_id,
        legal_approvals.program
    from legal_approvals
    cross join scoring_period
    where
        legal_approvals.approved_on <= scoring_period.as_of_date
        and (legal_approvals.expires_on is null or legal_approvals.expires_on >= scoring_period.as_of_date)
),

account_programs as (
    select
        active_accounts.account_id,
        active_accounts.as_of_date,
        programs.program,
        active_accounts.segment,
        active_accounts.industry,
        active_accounts.region,
        active_accounts.is_regulated_industry,
        programs.minimum_segment,
        programs.allowed_regions,
        coalesce(
            {{ segment_rank('active_accounts.segment') }} >= {{ segment_rank('programs.minimum_segment') }}, false
        ) as fits_segment,
        coalesce({{ list_contains('programs.allowed_industries', 'active_accounts.industry') }}, false)
            as fits_industry,
        coalesce({{ list_contains('programs.allowed_regions', 'active_accounts.region') }}, false) as fits_region,
        programs.needs_legal_approval_if_regulated and active_accounts.is_regulated_industry as needs_legal_approval,
        approvals_in_force.account_id is not null as has_legal_approval
    from active_accounts
    cross join programs
    left join approvals_in_force
        on
            active_accounts.account_id = approvals_in_force.account_id
            and programs.program = approvals_in_force.program
),

fit as (
    select
        *,
        fits_segment and fits_industry and fits_region and (has_legal_approval or not needs_legal_approval)
            as is_fit
    from account_programs
)

select
    account_id,
    as_of_date,
    program,
    segment,
    industry,
    region,
    is_regulated_industry,
    fits_segment,
    fits_industry,
    fits_region,
    needs_legal_approval,
    has_legal_approval,
    is_fit,
    {{ join_non_null('; ', [
        "case when not fits_segment then "
            ~ dbt.concat(["'segment '", "coalesce(segment, 'unknown')", "' is below the minimum '", "minimum_segment"])
            ~ " end",
        "case when not fits_industry then "
            ~ dbt.concat(["'industry '", "coalesce(industry, 'unknown')", "' is not allowed'"])
            ~ " end",
        "case when not fits_region then "
            ~ dbt.concat(["'region '", "coalesce(region, 'unknown')", "' is not in '", "allowed_regions"])
            ~ " end",
        "case when needs_legal_approval and not has_legal_approval then "
            ~ dbt.concat(["'regulated industry '", "industry", "' has no legal approval in force'"])
            ~ " end",
    ]) }} as misfit_reasons
from fit
