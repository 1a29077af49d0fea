-- One row per calendar day over a fixed range wide enough for any data this project scores.

with

days as (
    {{ dbt.date_spine(
        datepart='day',
        start_date="cast('2010-01-01' as date)",
        end_date="cast('2041-01-01' as date)"
    ) }}
)

select
    cast(date_day as date) as calendar_date,
    {{ days_between("cast('1970-01-01' as date)", 'cast(date_day as date)') }} as day_number
from days
