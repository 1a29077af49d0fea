-- One row per month, advocacy program and segment, with 'all' rows for every program and every segment.
-- Opportunity columns use the buying company's segment; ask, advocate and expansion columns use the segment
-- of the customer account asked or advocating. An opportunity influenced by two programs counts in both
-- programs and once in program 'all'. Definitions, with their formulas: docs/kpis.md.
--   influenced pipeline: opportunities first influenced in the month (int_kpis__opportunity_influences) and
--     their amount;
--   win-rate lift: win rate of referenced opportunities closed in the month minus that of comparable
--     unreferenced ones (same segment, closed in the same quarter, a type in
--     kpi_attribution.comparable_opportunity_types);
--   cycle-time reduction: median days to close of comparable won deals minus that of referenced won deals;
--   expansion velocity: expansion ARR booked in the month per active advocate account, against the same per
--     active non-advocate account of the segment;
--   acceptance rate: accepted / sent invitations dated in the month;
--   influenced ARR per advocate: influenced won amount / active advocates ('all' segment rows only, because an
--     advocate's segment is not the buyer's).

{%- set minimum_comparable = var('kpi_attribution')['minimum_comparable_opportunities'] %}

with

months as (
    select * from {{ ref('int_kpis__months') }}
),

programs as (
    select * from {{ ref('advocacy_programs') }}
),

opportunities as (
    select * from {{ ref('int_kpis__opportunities') }}
),

influences as (
    select * from {{ ref('int_kpis__opportunity_influences') }}
),

closed_loop as (
    select * from {{ ref('fct_advocacy_closed_loop') }}
),

advocates as (
    select * from {{ ref('int_kpis__advocates_monthly') }}
),

account_snapshots as (
    select * from {{ ref('int_kpis__account_snapshots_monthly') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

program_values as (
    select program from programs
    union all
    select 'all' as program  -- noqa: RF04
),

segment_values as (
    {%- for segment in advocacy_segments() %}
    select '{{ segment }}' as segment
    union all
    {%- endfor %}
    select 'all' as segment
),

spine as (
    select
        months.month_start,
        months.quarter_start,
        months.snapshot_date,
        program_values.program,
        segment_values.segment
    from months
    cross join program_values
    cross join segment_values
),

-- Influenced opportunities, once per influencing program and once under 'all', then once per segment and
-- once under 'all'.
influenced_by_program as (
    select
        influences.program,
        cast({{ dbt.date_trunc('month', 'influences.first_used_on') }} as date) as influenced_month,
        opportunities.opportunity_id,
        opportunities.segment,
        opportunities.amount,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.close_month,
        opportunities.days_to_close,
        opportunities.is_comparable_type
    from influences
    inner join opportunities on influences.opportunity_id = opportunities.opportunity_id

    union all

    select
        'all' as program,  -- noqa: RF04
        opportunities.influenced_month,
        opportunities.opportunity_id,
        opportunities.segment,
        opportunities.amount,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.close_month,
        opportunities.days_to_close,
        opportunities.is_comparable_type
    from opportunities
    where opportunities.is_influenced
),

influenced as (
    select
        program,
        segment,
        influenced_month,
        opportunity_id,
        amount,
        is_closed,
        is_won,
        close_month,
        days_to_close,
        is_comparable_type
    from influenced_by_program

    union all

    select
        program,
        'all' as segment,
        influenced_month,
        opportunity_id,
        amount,
        is_closed,
        is_won,
        close_month,
        days_to_close,
        is_comparable_type
    from influenced_by_program
),

influenced_pipeline as (
    select
        influenced_month as month_start,
        program,
        segment,
        count(*) as influenced_opportunities,
        sum(amount) as influenced_pipeline_amount
    from influenced
    group by influenced_month, program, segment
),

referenced_closings as (
    select
        close_month as month_start,
        program,
        segment,
        sum(case when is_comparable_type then 1 else 0 end) as referenced_closed_opportunities,
        sum(case when is_comparable_type and is_won then 1 else 0 end) as referenced_won_opportunities,
        {{ median('case when is_comparable_type and is_won then days_to_close end') }}
            as referenced_median_days_to_close,
        sum(case when is_won then amount else 0 end) as influenced_won_arr
    from influenced
    where is_closed
    group by close_month, program, segment
),

-- Comparable opportunities: closed, of a comparable type, with no used reference.
comparable as (
    select
        close_quarter,
        segment,
        is_won,
        days_to_close
    from opportunities
    where is_closed and is_comparable_type and not is_influenced

    union all

    select
        close_quarter,
        'all' as segment,
        is_won,
        days_to_close
    from opportunities
    where is_closed and is_comparable_type and not is_influenced
),

comparable_closings as (
    select
        close_quarter as quarter_start,
        segment,
        count(*) as comparable_closed_opportunities,
        sum(case when is_won then 1 else 0 end) as comparable_won_opportunities,
        {{ median('case when is_won then days_to_close end') }} as comparable_median_days_to_close
    from comparable
    group by close_quarter, segment
),

asks as (
    select
        invited_month,
        program,
        segment,
        is_accepted
    from closed_loop

    union all

    select
        invited_month,
        'all' as program,  -- noqa: RF04
        segment,
        is_accepted
    from closed_loop
),

asks_by_segment as (
    select
        invited_month,
        program,
        segment,
        is_accepted
    from asks

    union all

    select
        invited_month,
        program,
        'all' as segment,
        is_accepted
    from asks
),

invitations as (
    select
        invited_month as month_start,
        program,
        segment,
        count(*) as invitations_sent,
        sum(case when is_accepted then 1 else 0 end) as invitations_accepted
    from asks_by_segment
    group by invited_month, program, segment
),

expansion_by_account_month as (
    select
        subscription_events.account_id,
        cast({{ dbt.date_trunc('month', 'subscription_events.occurred_at') }} as date) as month_start,
        sum(subscription_events.arr_change) as expansion_arr
    from subscription_events
    cross join scoring_period
    where
        subscription_events.event_type = 'expansion'
        and cast(subscription_events.occurred_at as date) <= scoring_period.as_of_date
    group by
        subscription_events.account_id,
        cast({{ dbt.date_trunc('month', 'subscription_events.occurred_at') }} as date)
),

-- Active accounts on the snapshot date with their month's expansion ARR and, per program, whether they are
-- active advocates. A non-advocate is an active account that is no active advocate of any program.
base_accounts as (
    select
        account_snapshots.month_start,
        account_snapshots.account_id,
        account_snapshots.segment,
        coalesce(expansion_by_account_month.expansion_arr, 0) as expansion_arr,
        any_advocate.account_id is not null as is_advocate
    from account_snapshots
    left join expansion_by_account_month
        on
            account_snapshots.account_id = expansion_by_account_month.account_id
            and account_snapshots.month_start = expansion_by_account_month.month_start
    left join advocates as any_advocate
        on
            account_snapshots.account_id = any_advocate.account_id
            and account_snapshots.month_start = any_advocate.month_start
            and any_advocate.program = 'all'
),

base_by_segment as (
    select
        month_start,
        account_id,
        segment,
        expansion_arr,
        is_advocate
    from base_accounts

    union all

    select
        month_start,
        account_id,
        'all' as segment,
        expansion_arr,
        is_advocate
    from base_accounts
),

non_advocate_expansion as (
    select
        month_start,
        segment,
        count(*) as non_advocate_accounts,
        sum(expansion_arr) as non_advocate_expansion_arr
    from base_by_segment
    where not is_advocate
    group by month_start, segment
),

advocate_accounts as (
    select
        advocates.month_start,
        advocates.program,
        accounts.segment,
        advocates.account_id,
        base_accounts.account_id is not null as is_active_account,
        coalesce(base_accounts.expansion_arr, 0) as expansion_arr
    from advocates
    left join accounts on advocates.account_id = accounts.account_id
    left join base_accounts
        on
            advocates.account_id = base_accounts.account_id
            and advocates.month_start = base_accounts.month_start
),

advocates_by_segment as (
    select
        month_start,
        program,
        segment,
        is_active_account,
        expansion_arr
    from advocate_accounts

    union all

    select
        month_start,
        program,
        'all' as segment,
        is_active_account,
        expansion_arr
    from advocate_accounts
),

advocate_counts as (
    select
        month_start,
        program,
        segment,
        count(*) as active_advocates,
        sum(case when is_active_account then 1 else 0 end) as active_advocate_accounts,
        sum(case when is_active_account then expansion_arr else 0 end) as advocate_expansion_arr
    from advocates_by_segment
    group by month_start, program, segment
),

-- Amounts are cast to one decimal type, so every engine returns the same scale (0.00, not 0).
assembled as (
    select
        spine.month_start,
        spine.program,
        spine.segment,
        coalesce(influenced_pipeline.influenced_opportunities, 0) as influenced_opportunities,
        cast(coalesce(influenced_pipeline.influenced_pipeline_amount, 0) as decimal(38, 2))
            as influenced_pipeline_amount,
        coalesce(referenced_closings.referenced_closed_opportunities, 0) as referenced_closed_opportunities,
        coalesce(referenced_closings.referenced_won_opportunities, 0) as referenced_won_opportunities,
        referenced_closings.referenced_median_days_to_close,
        cast(coalesce(referenced_closings.influenced_won_arr, 0) as decimal(38, 2)) as influenced_won_arr,
        spine.quarter_start as comparison_quarter_start,
        coalesce(comparable_closings.comparable_closed_opportunities, 0) as comparable_closed_opportunities,
        coalesce(comparable_closings.comparable_won_opportunities, 0) as comparable_won_opportunities,
        comparable_closings.comparable_median_days_to_close,
        coalesce(invitations.invitations_sent, 0) as invitations_sent,
        coalesce(invitations.invitations_accepted, 0) as invitations_accepted,
        coalesce(advocate_counts.active_advocates, 0) as active_advocates,
        coalesce(advocate_counts.active_advocate_accounts, 0) as active_advocate_accounts,
        cast(coalesce(advocate_counts.advocate_expansion_arr, 0) as decimal(38, 2)) as advocate_expansion_arr,
        non_advocate_expansion.non_advocate_accounts as comparable_non_advocate_accounts,
        cast(non_advocate_expansion.non_advocate_expansion_arr as decimal(38, 2))
            as comparable_non_advocate_expansion_arr,
        spine.snapshot_date
    from spine
    left join influenced_pipeline
        on
            spine.month_start = influenced_pipeline.month_start
            and spine.program = influenced_pipeline.program
            and spine.segment = influenced_pipeline.segment
    left join referenced_closings
        on
            spine.month_start = referenced_closings.month_start
            and spine.program = referenced_closings.program
            and spine.segment = referenced_closings.segment
    left join comparable_closings
        on
            spine.quarter_start = comparable_closings.quarter_start
            and spine.segment = comparable_closings.segment
    left join invitations
        on
            spine.month_start = invitations.month_start
            and spine.program = invitations.program
            and spine.segment = invitations.segment
    left join advocate_counts
        on
            spine.month_start = advocate_counts.month_start
            and spine.program = advocate_counts.program
            and spine.segment = advocate_counts.segment
    left join non_advocate_expansion
        on
            spine.month_start = non_advocate_expansion.month_start
            and spine.segment = non_advocate_expansion.segment
),

rates as (
    select
        *,
        {{ safe_divide('referenced_won_opportunities', 'referenced_closed_opportunities') }} as referenced_win_rate,
        case
            when comparable_closed_opportunities >= {{ minimum_comparable }}
                then {{ safe_divide('comparable_won_opportunities', 'comparable_closed_opportunities') }}
        end as comparable_win_rate,
        case
            when comparable_won_opportunities >= {{ minimum_comparable }}
                then cast(comparable_median_days_to_close as {{ type_double() }})
        end as comparable_median_days_to_close_used,
        {{ safe_divide('advocate_expansion_arr', 'active_advocate_accounts') }} as advocate_expansion_velocity,
        {{ safe_divide('comparable_non_advocate_expansion_arr', 'comparable_non_advocate_accounts') }}
            as non_advocate_expansion_velocity
    from assembled
)

select
    month_start,
    program,
    segment,
    influenced_opportunities,
    influenced_pipeline_amount,
    referenced_closed_opportunities,
    referenced_won_opportunities,
    referenced_win_rate,
    comparison_quarter_start,
    comparable_closed_opportunities,
    comparable_won_opportunities,
    comparable_win_rate,
    referenced_win_rate - comparable_win_rate as win_rate_lift,
    cast(referenced_median_days_to_close as {{ type_double() }}) as referenced_median_days_to_close,
    comparable_median_days_to_close_used as comparable_median_days_to_close,
    comparable_median_days_to_close_used - cast(referenced_median_days_to_close as {{ type_double() }})
        as cycle_time_reduction_days,
    active_advocate_accounts,
    advocate_expansion_arr,
    advocate_expansion_velocity,
    comparable_non_advocate_accounts as non_advocate_accounts,
    comparable_non_advocate_expansion_arr as non_advocate_expansion_arr,
    non_advocate_expansion_velocity,
    advocate_expansion_velocity - non_advocate_expansion_velocity as expansion_velocity_lift,
    invitations_sent,
    invitations_accepted,
    {{ safe_divide('invitations_accepted', 'invitations_sent') }} as acceptance_rate,
    influenced_won_arr,
    active_advocates,
    case
        when segment = 'all' then {{ safe_divide('influenced_won_arr', 'active_advocates') }}
    end as influenced_arr_per_advocate,
    snapshot_date
from rates
