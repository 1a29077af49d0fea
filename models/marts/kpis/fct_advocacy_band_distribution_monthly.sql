-- One row per month and health band: the active accounts in the band on the month's snapshot date and their
-- share of all active accounts, in percent. Every band has a row each month, with 0 accounts when empty.

with

months as (
    select * from {{ ref('int_kpis__months') }}
),

account_snapshots as (
    select * from {{ ref('int_kpis__account_snapshots_monthly') }}
),

bands as (
    select
        'healthy' as band,
        1 as band_order
    union all
    select
        'neutral' as band,
        2 as band_order
    union all
    select
        'at_risk' as band,
        3 as band_order
    union all
    select
        'insufficient_data' as band,
        4 as band_order
),

band_counts as (
    select
        month_start,
        band,
        count(*) as band_accounts
    from account_snapshots
    group by month_start, band
),

month_totals as (
    select
        month_start,
        count(*) as active_accounts
    from account_snapshots
    group by month_start
)

select
    months.month_start,
    months.snapshot_date,
    bands.band,
    bands.band_order,
    coalesce(band_counts.band_accounts, 0) as band_accounts,
    coalesce(month_totals.active_accounts, 0) as active_accounts,
    100 * {{ safe_divide('coalesce(band_counts.band_accounts, 0)', 'month_totals.active_accounts') }}
        as share_of_accounts_pct
from months
cross join bands
left join band_counts
    on
        months.month_start = band_counts.month_start
        and bands.band = band_counts.band
left join month_totals on months.month_start = month_totals.month_start
