-- One row per account and day from the account's creation (or the start of the longest look-back window
-- before the first scored day, whichever is later) to the as-of date or the day the account churned.
-- The measure models roll their windows over this gap-free spine; is_scored marks the days that get a score.

{%- set windows = var('health_window_days') -%}
{%- set longest_window = [windows.values() | max, 2 * windows['usage']] | max %}

with

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

calendar as (
    select * from {{ ref('int_calendar__days') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

churn_dates as (
    -- NOTE: an account that churned and later signed again stays churned from its first churn on, because
    -- the billing contract has no reactivation event to end the churn.
    select
        subscription_events.account_id,
        min(cast(subscription_events.occurred_at as date)) as churn_date
    from subscription_events
    cross join scoring_period
    where
        subscription_events.event_type = 'churn'
        and cast(subscription_events.occurred_at as date) <= scoring_period.as_of_date
    group by subscription_events.account_id
),

account_ranges as (
    select
        accounts.account_id,
        accounts.segment,
        accounts.plan,
        accounts.licensed_seats,
        accounts.contract_start_date,
        cast(accounts.created_at as date) as created_date,
        churn_dates.churn_date,
        scoring_period.first_score_date,
        greatest(
            cast(accounts.created_at as date),
            cast({{ dbt.dateadd('day', -longest_window, 'scoring_period.first_score_date') }} as date)
        ) as spine_start_date,
        least(scoring_period.as_of_date, coalesce(churn_dates.churn_date, scoring_period.as_of_date)) as spine_end_date
    from accounts
    cross join scoring_period
    left join churn_dates on accounts.account_id = churn_dates.account_id
)

select
    account_ranges.account_id,
    calendar.calendar_date as score_date,
    calendar.day_number,
    account_ranges.segment,
    account_ranges.plan,
    account_ranges.licensed_seats,
    account_ranges.contract_start_date,
    account_ranges.created_date,
    account_ranges.churn_date,
    calendar.calendar_date >= account_ranges.first_score_date as is_scored
from account_ranges
inner join calendar
    on
        account_ranges.spine_start_date <= calendar.calendar_date
        and account_ranges.spine_end_date >= calendar.calendar_date
