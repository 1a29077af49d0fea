-- One row per calendar day: the time spine MetricFlow joins day-grained metrics to.

with

calendar as (
    select * from {{ ref('int_calendar__days') }}
)

select calendar_date as date_day
from calendar
