-- One row per month: the six capability-maturity KPIs. Month-end counts are taken on the month's snapshot
-- date (its last scored day); ask counts use the month of the ask. Rates are null when their denominator is
-- empty. Definitions, with their formulas: docs/kpis.md.

with

months as (
    select * from {{ ref('int_kpis__months') }}
),

account_snapshots as (
    select * from {{ ref('int_kpis__account_snapshots_monthly') }}
),

closed_loop as (
    select * from {{ ref('fct_advocacy_closed_loop') }}
),

attribution as (
    select * from {{ ref('fct_advocacy_attribution_monthly') }}
),

base as (
    select
        month_start,
        count(*) as active_accounts,
        sum(case when is_eligible then 1 else 0 end) as eligible_accounts,
        count(signal_completeness) as accounts_with_completeness,
        avg(signal_completeness) as signal_completeness_pct
    from account_snapshots
    group by month_start
),

asks as (
    select
        invited_month as month_start,
        count(*) as invitations_sent,
        sum(case when is_accepted then 1 else 0 end) as invitations_accepted,
        sum(case when is_compliance_incident then 1 else 0 end) as compliance_incidents,
        sum(case when not had_consent_at_ask then 1 else 0 end) as asks_without_consent,
        sum(case when failed_account_gate_at_ask then 1 else 0 end) as asks_failing_account_gate
    from closed_loop
    group by invited_month
),

-- An invited account counts once per month. It is judged when the outcome window of each of its asks that
-- month has closed, and is a false positive when any of those asks is.
invited_accounts as (
    select
        invited_month as month_start,
        account_id,
        min(case when is_outcome_window_closed then 1 else 0 end) = 1 as is_judged,
        max(case when is_false_positive then 1 else 0 end) = 1 as is_false_positive
    from closed_loop
    group by invited_month, account_id
),

false_positives as (
    select
        month_start,
        count(*) as invited_accounts,
        sum(case when is_judged then 1 else 0 end) as judged_invited_accounts,
        sum(case when is_judged and is_false_positive then 1 else 0 end) as false_positive_accounts
    from invited_accounts
    group by month_start
),

overall_attribution as (
    select
        month_start,
        influenced_won_arr,
        active_advocates,
        influenced_arr_per_advocate
    from attribution
    where program = 'all' and segment = 'all'
)

select
    months.month_start,
    months.snapshot_date,
    months.is_complete_month,
    coalesce(base.active_accounts, 0) as active_accounts,
    base.signal_completeness_pct,
    coalesce(false_positives.invited_accounts, 0) as invited_accounts,
    coalesce(false_positives.judged_invited_accounts, 0) as judged_invited_accounts,
    coalesce(false_positives.false_positive_accounts, 0) as false_positive_accounts,
    100 * {{ safe_divide('false_positives.false_positive_accounts', 'false_positives.judged_invited_accounts') }}
        as false_positive_advocacy_pct,
    coalesce(base.eligible_accounts, 0) as eligible_accounts,
    100 * {{ safe_divide('base.eligible_accounts', 'base.active_accounts') }} as qualified_advocates_per_100_accounts,
    coalesce(asks.invitations_sent, 0) as invitations_sent,
    coalesce(asks.invitations_accepted, 0) as invitations_accepted,
    {{ safe_divide('asks.invitations_accepted', 'asks.invitations_sent') }} as acceptance_rate,
    overall_attribution.influenced_won_arr,
    overall_attribution.active_advocates,
    overall_attribution.influenced_arr_per_advocate,
    coalesce(asks.compliance_incidents, 0) as compliance_incidents,
    coalesce(asks.asks_without_consent, 0) as asks_without_consent,
    coalesce(asks.asks_failing_account_gate, 0) as asks_failing_account_gate
from months
left join base on months.month_start = base.month_start
left join asks on months.month_start = asks.month_start
left join false_positives on months.month_start = false_positives.month_start
left join overall_attribution on months.month_start = overall_attribution.month_start
