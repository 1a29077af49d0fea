-- One row per month, dimension (segment, region, plan, arr_quartile) and value: the value's share among the
-- accounts eligible to advocate on the month's snapshot date against its share of all active accounts. A
-- row is flagged when the two shares differ by more than kpi_bias_check.tolerance_points percentage points.
-- Below kpi_bias_check.minimum_eligible_accounts eligible accounts the shares are too few to judge and
-- is_flagged is null. arr_quartile (1 = lowest ARR, from the month's whole base) compares the value
-- distribution of advocates with the base.

{%- set bias = var('kpi_bias_check') %}
{%- set dimensions = ['segment', 'region', 'plan'] %}

with

account_snapshots as (
    select * from {{ ref('int_kpis__account_snapshots_monthly') }}
),

account_values as (
    {%- for dimension in dimensions %}
    select
        month_start,
        snapshot_date,
        account_id,
        is_eligible,
        '{{ dimension }}' as dimension,
        coalesce({{ dimension }}, 'unknown') as dimension_value
    from account_snapshots

    union all
    {%- endfor %}

    select
        month_start,
        snapshot_date,
        account_id,
        is_eligible,
        'arr_quartile' as dimension,
        coalesce(cast(arr_quartile as {{ dbt.type_string() }}), 'unknown') as dimension_value
    from account_snapshots
),

value_counts as (
    select
        month_start,
        snapshot_date,
        dimension,
        dimension_value,
        count(*) as base_accounts,
        sum(case when is_eligible then 1 else 0 end) as eligible_accounts
    from account_values
    group by month_start, snapshot_date, dimension, dimension_value
),

month_totals as (
    select
        month_start,
        count(*) as total_base_accounts,
        sum(case when is_eligible then 1 else 0 end) as total_eligible_accounts
    from account_snapshots
    group by month_start
),

shares as (
    select
        value_counts.month_start,
        value_counts.snapshot_date,
        value_counts.dimension,
        value_counts.dimension_value,
        value_counts.base_accounts,
        value_counts.eligible_accounts,
        month_totals.total_base_accounts,
        month_totals.total_eligible_accounts,
        100 * {{ safe_divide('value_counts.base_accounts', 'month_totals.total_base_accounts') }} as base_share_pct,
        100 * {{ safe_divide('value_counts.eligible_accounts', 'month_totals.total_eligible_accounts') }}
            as eligible_share_pct
    from value_counts
    inner join month_totals on value_counts.month_start = month_totals.month_start
)

select
    month_start,
    snapshot_date,
    dimension,
    dimension_value,
    base_accounts,
    eligible_accounts,
    total_base_accounts,
    total_eligible_accounts,
    base_share_pct,
    eligible_share_pct,
    eligible_share_pct - base_share_pct as share_gap_points,
    case
        when total_eligible_accounts >= {{ bias['minimum_eligible_accounts'] }}
            then abs(eligible_share_pct - base_share_pct) > {{ bias['tolerance_points'] }}
    end as is_flagged
from shares
