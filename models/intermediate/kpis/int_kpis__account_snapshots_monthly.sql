-- One row per month and account active on the month's snapshot date (its last scored day): segment, region,
-- plan, ARR and its quartile in that month's base, band, signal completeness, and whether the account passed
-- every advocacy gate that day. The base of the maturity, governance and bias KPIs.
-- NOTE: segment, region, plan and ARR are the CRM's current values (the CRM keeps no history of them).

with

months as (
    select * from {{ ref('int_kpis__months') }}
),

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

account_gates as (
    select * from {{ ref('int_advocacy__account_gates_daily') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

snapshots as (
    select
        months.month_start,
        months.snapshot_date,
        account_health.account_id,
        accounts.segment,
        accounts.region,
        accounts.plan,
        accounts.industry,
        accounts.csm_id,
        cast(accounts.arr as decimal(18, 2)) as arr,
        account_health.band,
        account_health.health_score,
        account_health.signal_completeness,
        coalesce(account_gates.is_eligible, false) as is_eligible
    from months
    inner join account_health on months.snapshot_date = account_health.score_date
    inner join accounts on account_health.account_id = accounts.account_id
    left join account_gates
        on
            account_health.account_id = account_gates.account_id
            and account_health.score_date = account_gates.gate_date
)

select
    month_start,
    snapshot_date,
    account_id,
    segment,
    region,
    plan,
    industry,
    csm_id,
    arr,
    -- Quartile 1 has the lowest ARR. Equal ARR is split by account_id, so every engine ranks alike.
    case
        when arr is not null then ntile(4) over (partition by month_start, arr is null order by arr, account_id)
    end as arr_quartile,
    band,
    health_score,
    signal_completeness,
    is_eligible
from snapshots
