-- One row per active account on the as-of date: every advocacy gate as a boolean, every failed gate with
-- its reason, the number failed, and whether the account is eligible to be asked. Gates and reasons are
-- int_advocacy__account_gates_daily on the as-of date; the account's attributes and health come beside them.
-- Columns repeated per gate come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

with

account_gates as (
    select * from {{ ref('int_advocacy__account_gates_daily') }}
),

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

as_of_gates as (
    select account_gates.*
    from account_gates
    inner join scoring_period on account_gates.gate_date = scoring_period.as_of_date
)

select
    as_of_gates.account_id,
    as_of_gates.gate_date as as_of_date,
    accounts.segment,
    accounts.plan,
    accounts.industry,
    accounts.region,
    accounts.csm_id as owner_id,
    account_health.health_score,
    account_health.band,
    account_health.days_in_band,
    account_health.signal_completeness,
    account_health.score_change_30_days,
    account_health.intent_bonus,
    {%- for gate in advocacy_gate_names() %}
    as_of_gates.passes_{{ gate }}_gate,
    {%- endfor %}
    as_of_gates.failed_gates,
    as_of_gates.failed_gate_count,
    as_of_gates.is_eligible
from as_of_gates
inner join account_health
    on
        as_of_gates.account_id = account_health.account_id
        and as_of_gates.gate_date = account_health.score_date
inner join accounts on as_of_gates.account_id = accounts.account_id
