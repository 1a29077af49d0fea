-- One row per calendar month from the first scored day to the as-of date. The snapshot date is the month's
-- last scored day (the as-of date in the current month): month-end counts such as eligible accounts, bands
-- and active advocates are taken on it.
-- NOTE: events dated before the first scored month (asks, closings, reference use) fall in no month, so the
-- monthly KPIs leave them out.

with

calendar as (
    select * from {{ ref('int_calendar__days') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

scored_days as (
    select
        calendar.calendar_date,
        cast({{ dbt.date_trunc('month', 'calendar.calendar_date') }} as date) as month_start
    from calendar
    cross join scoring_period
    where calendar.calendar_date between scoring_period.first_score_date and scoring_period.as_of_date
)

select
    month_start,
    cast({{ dbt.last_day('month_start', 'month') }} as date) as month_end,
    cast({{ dbt.date_trunc('quarter', 'month_start') }} as date) as quarter_start,
    min(calendar_date) as first_scored_date,
    max(calendar_date) as snapshot_date,
    max(calendar_date) = cast({{ dbt.last_day('month_start', 'month') }} as date) as is_complete_month
from scored_days
group by month_start
