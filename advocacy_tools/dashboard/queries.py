"""SQL the dashboard runs on the published copy of the marts (DuckDB, read-only).

Every query reads marts only. Queries that start with FILTERED_ACCOUNTS take the sidebar filters as the
list parameters $segments, $plans, $regions and $csms; NULL means "no filter". Queries about one account
take $account_id. The as-of date is the latest scored day in fct_account_health_daily.
"""

from __future__ import annotations

# Accounts that pass the sidebar filters. Prepended as the first CTE of the queries that use it.
FILTERED_ACCOUNTS = """
filtered_accounts as (
    select account_id, account_name, segment, plan, region, industry, csm_id, arr, lifetime_value
    from main_marts.dim_accounts
    where
        ($segments is null or list_contains($segments, segment))
        and ($plans is null or list_contains($plans, plan))
        and ($regions is null or list_contains($regions, region))
        and ($csms is null or list_contains($csms, csm_id))
),

as_of as (
    select max(score_date) as as_of_date from main_marts.fct_account_health_daily
),

latest_health as (
    select health.*
    from main_marts.fct_account_health_daily as health
    inner join filtered_accounts on health.account_id = filtered_accounts.account_id
    where health.score_date = (select as_of_date from as_of)
)
"""

FILTER_OPTIONS = """
select
    list(distinct segment order by segment) as segments,
    list(distinct plan order by plan) as plans,
    list(distinct region order by region) as regions,
    list(distinct csm_id order by csm_id) filter (where csm_id is not null) as csms
from main_marts.dim_accounts
"""

BUILD_INFO = """
select built_at, as_of_date, dbt_invocation_id, published_at, health_persistence_days, health_minimum_completeness
from publication.build_info
"""

# ---- Health -------------------------------------------------------------------------------------------

HEALTH_HEADLINE = f"""
with {FILTERED_ACCOUNTS}

select
    count(*) as accounts,
    count(*) filter (where band = 'healthy') as healthy_accounts,
    count(*) filter (where band = 'at_risk') as at_risk_accounts,
    avg(health_score) as average_health_score,
    avg(signal_completeness) as average_signal_completeness
from latest_health
"""

HEALTH_BY_SEGMENT_AND_BAND = f"""
with {FILTERED_ACCOUNTS}

select
    segment,
    band,
    count(*) as accounts,
    avg(health_score) as average_health_score
from latest_health
group by segment, band
order by segment, band
"""

TIME_IN_BAND = f"""
with {FILTERED_ACCOUNTS}

select account_id, band, days_in_band
from latest_health
"""

# Healthy accounts that have not yet been healthy for the persistence window but will be within
# $horizon_days days if they stay healthy.
NEARING_PERSISTENCE_GATE = f"""
with {FILTERED_ACCOUNTS}

select
    latest_health.account_id,
    filtered_accounts.segment,
    filtered_accounts.plan,
    filtered_accounts.region,
    filtered_accounts.csm_id,
    latest_health.health_score,
    latest_health.days_in_band,
    $persistence_days - latest_health.days_in_band as days_to_gate,
    latest_health.score_date + cast($persistence_days - latest_health.days_in_band as integer) as gate_date,
    latest_health.score_change_30_days
from latest_health
inner join filtered_accounts on latest_health.account_id = filtered_accounts.account_id
where
    latest_health.band = 'healthy'
    and latest_health.days_in_band < $persistence_days
    and latest_health.days_in_band >= $persistence_days - $horizon_days
order by days_to_gate, latest_health.account_id
"""

# Band counts on the last scored day of each month.
MONTHLY_BAND_DISTRIBUTION = f"""
with {FILTERED_ACCOUNTS},

month_ends as (
    select max(score_date) as score_date
    from main_marts.fct_account_health_daily
    group by date_trunc('month', score_date)
)

select
    health.score_date,
    health.band,
    count(*) as accounts
from main_marts.fct_account_health_daily as health
inner join filtered_accounts on health.account_id = filtered_accounts.account_id
inner join month_ends on health.score_date = month_ends.score_date
group by health.score_date, health.band
order by health.score_date, health.band
"""

# ---- One account --------------------------------------------------------------------------------------

ACCOUNT_CHOICES = f"""
with {FILTERED_ACCOUNTS}

select
    filtered_accounts.account_id,
    filtered_accounts.account_name,
    latest_health.band,
    latest_health.health_score
from filtered_accounts
left join latest_health on filtered_accounts.account_id = latest_health.account_id
order by filtered_accounts.account_id
"""

ACCOUNT_PROFILE = """
select
    accounts.account_id,
    accounts.account_name,
    accounts.segment,
    accounts.plan,
    accounts.industry,
    accounts.region,
    accounts.csm_id,
    accounts.arr,
    accounts.renewal_date,
    health.score_date,
    health.health_score,
    health.band,
    health.band_started_on,
    health.days_in_band,
    health.signal_completeness,
    health.score_change_30_days,
    health.score_change_90_days,
    health.persona_health_score,
    health.intent_bonus
from main_marts.dim_accounts as accounts
left join main_marts.fct_account_health_daily as health
    on
        accounts.account_id = health.account_id
        and health.score_date = (select max(score_date) from main_marts.fct_account_health_daily)
where accounts.account_id = $account_id
"""

ACCOUNT_SCORE_TIMELINE = """
select
    score_date,
    health_score,
    adoption_score,
    outcomes_score,
    sentiment_score,
    commercial_score,
    band,
    signal_completeness
from main_marts.fct_account_health_daily
where account_id = $account_id
order by score_date
"""

# One row per run of consecutive days in one band (band_started_on marks the start of each run).
ACCOUNT_BAND_RUNS = """
select
    band,
    band_started_on,
    max(score_date) as last_day,
    max(days_in_band) as days_in_band
from main_marts.fct_account_health_daily
where account_id = $account_id
group by band, band_started_on
order by band_started_on desc
"""

ACCOUNT_MEASURE_CONTRIBUTIONS = """
select
    component,
    measure,
    score,
    normalized_score,
    effective_weight,
    contribution,
    contribution_30_days_ago,
    contribution_change,
    change_rank,
    is_top_driver
from main_marts.fct_account_health_explanations
where account_id = $account_id
order by change_rank
"""

ACCOUNT_PERSONA_TIMELINE = """
select
    score_date,
    persona_health_score,
    champion_score,
    verified_champion_score,
    budget_owner_score,
    executive_sponsor_score
from main_marts.fct_account_health_daily
where account_id = $account_id
order by score_date
"""

ACCOUNT_CONTACTS = """
select
    contact_id,
    persona,
    seniority,
    is_verified_champion,
    persona_health_score,
    product_activity_score,
    engagement_score,
    sentiment_score,
    meetings,
    meetings_attended
from main_marts.fct_contact_persona_health_daily
where
    account_id = $account_id
    and score_date = (select max(score_date) from main_marts.fct_contact_persona_health_daily)
order by persona, persona_health_score desc nulls last, contact_id
"""

ACCOUNT_ELIGIBILITY = """
select *
from main_marts.fct_advocacy_eligibility
where account_id = $account_id
"""

ACCOUNT_ASKS = """
select invited_on, program, contact_id, response, completed_at, band_at_ask, health_score_at_ask,
    failed_gates_at_ask, is_compliance_incident
from main_marts.fct_advocacy_ask_ledger
where account_id = $account_id
order by invited_on desc
"""

# ---- Advocate queue -----------------------------------------------------------------------------------

ADVOCATE_QUEUE = f"""
with {FILTERED_ACCOUNTS}

select
    routing.queue_rank,
    routing.account_id,
    routing.program,
    routing.segment,
    routing.region,
    routing.contact_id,
    routing.contact_persona,
    routing.is_verified_champion,
    routing.priority_score,
    routing.owner_id,
    routing.due_on,
    routing.briefing
from main_marts.fct_advocacy_routing as routing
inner join filtered_accounts on routing.account_id = filtered_accounts.account_id
order by routing.queue_rank
"""

CRM_TASKS_BY_TYPE = f"""
with {FILTERED_ACCOUNTS}

select tasks.task_type, tasks.status, count(*) as tasks
from main_marts.fct_crm_task_queue as tasks
inner join filtered_accounts on tasks.account_id = filtered_accounts.account_id
group by tasks.task_type, tasks.status
order by tasks.task_type, tasks.status
"""

PLAYS = f"""
with {FILTERED_ACCOUNTS}

select
    plays.account_id,
    plays.play_type,
    plays.play_trigger,
    plays.trigger_detail,
    plays.health_score,
    plays.score_change_30_days,
    plays.driving_measures,
    plays.owner_id,
    plays.due_on
from main_marts.fct_advocacy_plays as plays
inner join filtered_accounts on plays.account_id = filtered_accounts.account_id
order by plays.due_on, plays.account_id
"""

# ---- Program outcomes ---------------------------------------------------------------------------------

# Acceptance rate: accepted invitations / invitations sent, per program; NULL for a program with no asks.
ASKS_BY_PROGRAM = f"""
with {FILTERED_ACCOUNTS}

select
    ledger.program,
    count(*) as invitations,
    count(*) filter (where ledger.response = 'accepted') as accepted,
    count(*) filter (where ledger.response = 'declined') as declined,
    count(*) filter (where ledger.response = 'no_answer') as no_answer,
    count(*) filter (where ledger.response is null) as awaiting_response,
    count(ledger.completed_at) as completed,
    count(*) filter (where ledger.response = 'accepted') / nullif(count(*), 0) as acceptance_rate,
    count(*) filter (where ledger.is_compliance_incident) as compliance_incidents
from main_marts.fct_advocacy_ask_ledger as ledger
inner join filtered_accounts on ledger.account_id = filtered_accounts.account_id
group by ledger.program
order by ledger.program
"""

ASKS_BY_MONTH = f"""
with {FILTERED_ACCOUNTS}

select
    date_trunc('month', ledger.invited_on) as invited_month,
    coalesce(ledger.response, 'awaiting') as response,
    count(*) as invitations
from main_marts.fct_advocacy_ask_ledger as ledger
inner join filtered_accounts on ledger.account_id = filtered_accounts.account_id
group by invited_month, response
order by invited_month, response
"""

ACCEPTANCE_BY_BAND_AT_ASK = f"""
with {FILTERED_ACCOUNTS}

select
    coalesce(ledger.band_at_ask, 'not scored') as band_at_ask,
    count(*) as invitations,
    count(*) filter (where ledger.response = 'accepted') / nullif(count(*), 0) as acceptance_rate
from main_marts.fct_advocacy_ask_ledger as ledger
inner join filtered_accounts on ledger.account_id = filtered_accounts.account_id
group by band_at_ask
order by band_at_ask
"""

# ---- Governance and bias ------------------------------------------------------------------------------

ELIGIBILITY_HEADLINE = f"""
with {FILTERED_ACCOUNTS}

select
    count(*) as active_accounts,
    count(*) filter (where eligibility.is_eligible) as eligible_accounts,
    100.0 * count(*) filter (where eligibility.is_eligible) / nullif(count(*), 0) as eligible_per_100_accounts
from main_marts.fct_advocacy_eligibility as eligibility
inner join filtered_accounts on eligibility.account_id = filtered_accounts.account_id
"""

GATE_FAILURES = f"""
with {FILTERED_ACCOUNTS},

gates as (
    unpivot (
        select eligibility.account_id, eligibility.failed_gate_count, columns('^passes_.*_gate$')
        from main_marts.fct_advocacy_eligibility as eligibility
        inner join filtered_accounts on eligibility.account_id = filtered_accounts.account_id
    )
    on columns('^passes_.*_gate$')
    into name gate_column value passes_gate
)

select
    regexp_extract(gate_column, '^passes_(.*)_gate$', 1) as gate,
    count(*) filter (where not passes_gate) as accounts_failing,
    count(*) filter (where not passes_gate and failed_gate_count = 1) as accounts_failing_only_this_gate
from gates
group by gate_column
order by accounts_failing desc, gate
"""

# Share of each segment, region and plan among eligible accounts against the whole active base.
ELIGIBLE_SHARE_BY_GROUP = f"""
with {FILTERED_ACCOUNTS},

active as (
    select eligibility.is_eligible, filtered_accounts.segment, filtered_accounts.region, filtered_accounts.plan
    from main_marts.fct_advocacy_eligibility as eligibility
    inner join filtered_accounts on eligibility.account_id = filtered_accounts.account_id
),

groups as (
    select 'segment' as dimension, segment as group_value, is_eligible from active
    union all
    select 'region' as dimension, region as group_value, is_eligible from active
    union all
    select 'plan' as dimension, plan as group_value, is_eligible from active
)

select
    dimension,
    group_value,
    count(*) as active_accounts,
    count(*) filter (where is_eligible) as eligible_accounts,
    count(*) / sum(count(*)) over (partition by dimension) as base_share,
    count(*) filter (where is_eligible)
    / nullif(sum(count(*) filter (where is_eligible)) over (partition by dimension), 0) as eligible_share
from groups
group by dimension, group_value
order by dimension, group_value
"""

ARR_OF_ELIGIBLE_AND_BASE = f"""
with {FILTERED_ACCOUNTS}

select
    filtered_accounts.account_id,
    cast(filtered_accounts.arr as double) as arr,
    case when eligibility.is_eligible then 'eligible' else 'not eligible' end as eligibility
from main_marts.fct_advocacy_eligibility as eligibility
inner join filtered_accounts on eligibility.account_id = filtered_accounts.account_id
"""

COMPLIANCE_INCIDENTS = f"""
with {FILTERED_ACCOUNTS}

select
    ledger.invited_on,
    ledger.invitation_id,
    ledger.account_id,
    ledger.program,
    ledger.had_consent_at_ask,
    ledger.failed_gates_at_ask,
    ledger.broke_contact_cap,
    ledger.broke_account_cap,
    ledger.was_contact_resting
from main_marts.fct_advocacy_ask_ledger as ledger
inner join filtered_accounts on ledger.account_id = filtered_accounts.account_id
where ledger.is_compliance_incident
order by ledger.invited_on desc, ledger.invitation_id
"""

# ---- KPIs (monthly marts in models/marts/kpis/) -------------------------------------------------------
# The monthly KPI marts are company-wide aggregates: the sidebar filters apply to the per-ask and
# per-completion marts (closed loop, credit) and, through the segment column, to attribution only.

MATURITY_KPIS_MONTHLY = """
select
    month_start,
    is_complete_month,
    active_accounts,
    signal_completeness_pct,
    false_positive_advocacy_pct,
    qualified_advocates_per_100_accounts,
    invitations_sent,
    invitations_accepted,
    acceptance_rate,
    influenced_won_arr,
    active_advocates,
    influenced_arr_per_advocate,
    compliance_incidents
from main_marts.fct_advocacy_maturity_kpis_monthly
order by month_start
"""

# Program 'all' rows, one per month and segment; segment 'all' unless the sidebar picks segments.
ATTRIBUTION_MONTHLY = """
select
    month_start,
    segment,
    influenced_opportunities,
    influenced_pipeline_amount,
    referenced_win_rate,
    comparable_win_rate,
    win_rate_lift,
    cycle_time_reduction_days,
    advocate_expansion_velocity,
    non_advocate_expansion_velocity,
    expansion_velocity_lift
from main_marts.fct_advocacy_attribution_monthly
where
    program = 'all'
    and (($segments is null and segment = 'all') or list_contains($segments, segment))
order by month_start, segment
"""

CLOSED_LOOP_RATES = """
select dimension, dimension_value, asks, accepted_asks, acceptance_rate, judged_asks, false_positive_rate,
    good_outcome_rate
from main_marts.fct_advocacy_closed_loop_rates
where dimension in ('band', 'score_decile', 'top_component', 'was_eligible_on_ask_day', 'all')
order by dimension, dimension_value
"""

CREDIT_BY_OWNER = f"""
with {FILTERED_ACCOUNTS}

select
    credit.owner_id,
    count(*) as completed_activities,
    sum(credit.adoption_credit_share) as adoption_credit,
    sum(credit.outcomes_credit_share) as outcomes_credit,
    sum(credit.sentiment_credit_share) as sentiment_credit,
    sum(credit.commercial_credit_share) as commercial_credit
from main_marts.fct_advocacy_credit as credit
inner join filtered_accounts on credit.account_id = filtered_accounts.account_id
group by credit.owner_id
order by completed_activities desc, credit.owner_id
"""

GOVERNANCE_MONTHLY = """
select month_start, program, supply_eligible_advocates, demand_reference_requests, filled_reference_requests,
    fill_rate, is_supply_short
from main_marts.fct_advocacy_governance_monthly
order by month_start, program
"""

# Bias checks of the latest month.
BIAS_CHECKS_LATEST = """
select dimension, dimension_value, base_accounts, eligible_accounts, base_share_pct, eligible_share_pct,
    share_gap_points, is_flagged
from main_marts.fct_advocacy_bias_checks_monthly
where month_start = (select max(month_start) from main_marts.fct_advocacy_bias_checks_monthly)
order by dimension, dimension_value
"""
