-- One row per account and day: the commercial measures, each as a raw value and a 0-100 score.
-- Renewal outlook is the latest renewal forecast in its window; ARR momentum is the net ARR change from
-- expansions, contractions and churn in its window as a share of current ARR; overage is whether usage
-- above the contract was billed; payment standing averages the outcomes of recent invoices. Before an
-- account's first billing event these measures are null: billing is not connected for it.

{%- set renewal_window = window_days('renewal') %}
{%- set momentum_window = window_days('arr_momentum') %}
{%- set overage_window = window_days('overage') %}
{%- set payment_window = window_days('payments') %}
{%- set momentum_scale = measure_scale('arr_momentum') %}
{%- set overage_scores = var('health_status_scores')['overage'] %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

billing_starts as (
    select
        account_id,
        min(cast(occurred_at as date)) as first_billing_date
    from subscription_events
    group by account_id
),

latest_forecast_per_day as (
    -- When several forecasts land on one day, the last one that day counts.
    select
        account_id,
        cast(occurred_at as date) as event_date,
        renewal_status,
        row_number() over (
            partition by account_id, cast(occurred_at as date)
            order by occurred_at desc, event_id desc
        ) as forecast_rank
    from subscription_events
    where event_type = 'renewal_forecast'
),

billing_daily as (
    select
        account_id,
        cast(occurred_at as date) as event_date,
        sum(
            case when event_type in ('expansion', 'contraction', 'churn') then coalesce(arr_change, 0) else 0 end
        ) as arr_change,
        sum(case when event_type = 'overage' then 1 else 0 end) as overage_events,
        sum(case when event_type = 'payment' then 1 else 0 end) as payments,
        sum(case when event_type = 'payment' then {{ status_score('payment_status', 'payment_status') }} else 0 end)
            as payment_score_sum
    from subscription_events
    group by account_id, cast(occurred_at as date)
),

daily as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.day_number,
        account_days.is_scored,
        accounts.arr,
        account_days.score_date >= billing_starts.first_billing_date as has_billing,
        coalesce(billing_daily.arr_change, 0) as arr_change,
        coalesce(billing_daily.overage_events, 0) as overage_events,
        coalesce(billing_daily.payments, 0) as payments,
        coalesce(billing_daily.payment_score_sum, 0) as payment_score_sum,
        -- Day number and forecast score in one sortable number, so a rolling max finds the latest forecast;
        -- null on days without a forecast.
        account_days.day_number * 1000
        + {{ status_score('latest_forecast_per_day.renewal_status', 'renewal_status') }} as forecast_key
    from account_days
    inner join accounts on account_days.account_id = accounts.account_id
    left join billing_starts on account_days.account_id = billing_starts.account_id
    left join billing_daily
        on
            account_days.account_id = billing_daily.account_id
            and account_days.score_date = billing_daily.event_date
    left join latest_forecast_per_day
        on
            account_days.account_id = latest_forecast_per_day.account_id
            and account_days.score_date = latest_forecast_per_day.event_date
            and latest_forecast_per_day.forecast_rank = 1
),

rolled as (
    select
        account_id,
        score_date,
        is_scored,
        has_billing,
        arr,
        max(forecast_key) over (
            partition by account_id order by score_date
            rows between {{ renewal_window - 1 }} preceding and current row
        ) as latest_forecast_key,
        {{ rolling_sum('arr_change', momentum_window) }} as arr_change_in_window,
        {{ rolling_sum('overage_events', overage_window) }} as overage_events_in_window,
        {{ rolling_sum('payments', payment_window) }} as payments_in_window,
        {{ rolling_sum('payment_score_sum', payment_window) }} as payment_score_sum_in_window
    from daily
),

measured as (
    select
        account_id,
        score_date,
        latest_forecast_key - 1000 * floor(latest_forecast_key / 1000.0) as renewal_outlook_score,
        case when has_billing then {{ safe_divide('arr_change_in_window', 'arr') }} end as arr_momentum_value,
        case when has_billing then overage_events_in_window end as overage_value,
        {{ safe_divide('payment_score_sum_in_window', 'payments_in_window') }} as payment_standing_score
    from rolled
    where is_scored
)

select
    account_id,
    score_date,
    renewal_outlook_score,
    arr_momentum_value,
    {{ scale_to_score('arr_momentum_value', momentum_scale[0], momentum_scale[1]) }} as arr_momentum_score,
    overage_value,
    case
        when overage_value > 0 then {{ overage_scores['billed'] }}
        when overage_value = 0 then {{ overage_scores['none'] }}
    end as overage_score,
    payment_standing_score
from measured
