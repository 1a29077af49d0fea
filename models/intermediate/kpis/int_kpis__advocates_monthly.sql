-- One row per month, account and program for every active advocate: an account that completed an advocacy
-- activity, or whose reference was used on an opportunity, within kpi_active_advocate_window_days days ending
-- on the month's snapshot date (the day included). Program 'all' lists each advocate once, whatever the
-- programs it advocated in.

{#- The window is negated as text below, so an invalid value reaches validate_kpi_configuration() instead of
    failing the parse with a Jinja type error. #}
{%- set window_days = var('kpi_active_advocate_window_days') %}

with

months as (
    select * from {{ ref('int_kpis__months') }}
),

ask_ledger as (
    select * from {{ ref('fct_advocacy_ask_ledger') }}
),

reference_requests as (
    select * from {{ ref('stg_crm__opportunity_references') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

advocacy_activities as (
    select
        account_id,
        program,
        cast(completed_at as date) as activity_date
    from ask_ledger
    where completed_at is not null

    union all

    select
        reference_requests.reference_account_id as account_id,
        reference_requests.program,
        cast(reference_requests.used_at as date) as activity_date
    from reference_requests
    cross join scoring_period
    where
        reference_requests.used_at is not null
        and reference_requests.reference_account_id is not null
        and cast(reference_requests.used_at as date) <= scoring_period.as_of_date
),

activities_by_program as (
    select
        account_id,
        program,
        activity_date
    from advocacy_activities

    union all

    select
        account_id,
        'all' as program,  -- noqa: RF04
        activity_date
    from advocacy_activities
)

select
    months.month_start,
    months.snapshot_date,
    activities_by_program.account_id,
    activities_by_program.program,
    count(*) as activities_in_window,
    max(activities_by_program.activity_date) as last_activity_date
from months
inner join activities_by_program
    on
        months.snapshot_date >= activities_by_program.activity_date
        and cast({{ dbt.dateadd('day', '-' ~ window_days, 'months.snapshot_date') }} as date)
        < activities_by_program.activity_date
group by
    months.month_start,
    months.snapshot_date,
    activities_by_program.account_id,
    activities_by_program.program
