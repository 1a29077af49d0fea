-- One row per account and day: the outcome measures, each as a raw value and a 0-100 score.
-- Milestones: share due in the window that were reached on time, and share of success goals verified.
-- Support experience belongs here, as the service outcome the vendor delivers: SLA attainment and
-- first-response and resolution times against their SLA targets. (Ticket CSAT, an opinion, is in sentiment.)
-- Every event is dated when its result became known, so no day sees a later outcome.

{%- set milestone_window = window_days('milestones') %}
{%- set support_window = window_days('support') %}
{%- set first_response_scale = measure_scale('first_response_time') %}
{%- set resolution_scale = measure_scale('resolution_time') %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
),

milestones as (
    select * from {{ ref('stg_success__milestones') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

milestone_events as (
    -- A milestone is judged on its target date: reached by then or not.
    select
        account_id,
        target_date as event_date,
        1 as milestones_due,
        case when achieved_date <= target_date then 1 else 0 end as milestones_on_time,
        0 as goals_settled,
        0 as goals_verified
    from milestones
    where target_date is not null

    union all

    -- A success goal settles when it is reached or when its target date passes, whichever is first.
    -- NOTE: the raw contract has no date for the verification itself, so a goal reached on time counts
    -- as verified from the day it was reached if the flag is set today.
    select
        account_id,
        case
            when achieved_date is not null and achieved_date <= target_date then achieved_date
            else target_date
        end as event_date,
        0 as milestones_due,
        0 as milestones_on_time,
        1 as goals_settled,
        case when achieved_date <= target_date and is_outcome_verified then 1 else 0 end as goals_verified
    from milestones
    where milestone_type = 'success_goal' and target_date is not null
),

ticket_deadlines as (
    select
        ticket_id,
        account_id,
        created_at,
        first_responded_at,
        resolved_at,
        {{ dbt.dateadd('minute', 'first_response_sla_minutes', 'created_at') }} as first_response_due_at,
        {{ dbt.dateadd('hour', 'resolution_sla_hours', 'created_at') }} as resolution_due_at,
        {{ dbt.dateadd('minute', 'first_response_sla_minutes * ' ~ first_response_scale[0], 'created_at') }}
            as first_response_worst_at,
        {{ dbt.dateadd('hour', 'resolution_sla_hours * ' ~ resolution_scale[0], 'created_at') }}
            as resolution_worst_at
    from tickets
    where first_response_sla_minutes > 0 and resolution_sla_hours > 0
),

ticket_settlements as (
    -- A response or resolution time is known when it happens, or once the worst acceptable time has
    -- passed without it (and then it scores 0).
    select
        *,
        case
            when first_responded_at <= first_response_worst_at then first_responded_at
            else first_response_worst_at
        end as first_response_settled_at,
        case
            when resolved_at <= resolution_worst_at then resolved_at
            else resolution_worst_at
        end as resolution_settled_at
    from ticket_deadlines
),

ticket_events as (
    select
        account_id,
        cast(first_response_settled_at as date) as event_date,
        1 as first_responses,
        {{ scale_to_score(
            safe_divide(
                dbt.datediff('created_at', 'first_response_settled_at', 'minute'),
                dbt.datediff('created_at', 'first_response_due_at', 'minute')
            ),
            first_response_scale[0], first_response_scale[1]
        ) }} as first_response_score,
        0 as resolutions,
        cast(null as {{ type_double() }}) as resolution_score,
        0 as sla_settled,
        0 as sla_met
    from ticket_settlements

    union all

    select
        account_id,
        cast(resolution_settled_at as date) as event_date,
        0 as first_responses,
        cast(null as {{ type_double() }}) as first_response_score,
        1 as resolutions,
        {{ scale_to_score(
            safe_divide(
                dbt.datediff('created_at', 'resolution_settled_at', 'minute'),
                dbt.datediff('created_at', 'resolution_due_at', 'minute')
            ),
            resolution_scale[0], resolution_scale[1]
        ) }} as resolution_score,
        0 as sla_settled,
        0 as sla_met
    from ticket_settlements

    union all

    -- SLA attainment: met when both the first response and the resolution came in time (known at
    -- resolution); breached at the first deadline that passed without the response or resolution.
    select
        account_id,
        cast(
            case
                when first_responded_at <= first_response_due_at and resolved_at <= resolution_due_at
                    then resolved_at
                when first_responded_at is null or first_responded_at > first_response_due_at
                    then least(first_response_due_at, resolution_due_at)
                else resolution_due_at
            end as date
        ) as event_date,
        0 as first_responses,
        cast(null as {{ type_double() }}) as first_response_score,
        0 as resolutions,
        cast(null as {{ type_double() }}) as resolution_score,
        1 as sla_settled,
        case
            when first_responded_at <= first_response_due_at and resolved_at <= resolution_due_at then 1 else 0
        end as sla_met
    from ticket_deadlines
),

milestone_daily as (
    select
        account_id,
        event_date,
        sum(milestones_due) as milestones_due,
        sum(milestones_on_time) as milestones_on_time,
        sum(goals_settled) as goals_settled,
        sum(goals_verified) as goals_verified
    from milestone_events
    group by account_id, event_date
),

ticket_daily as (
    select
        account_id,
        event_date,
        sum(first_responses) as first_responses,
        sum(first_response_score) as first_response_score_sum,
        sum(resolutions) as resolutions,
        sum(resolution_score) as resolution_score_sum,
        sum(sla_settled) as sla_settled,
        sum(sla_met) as sla_met
    from ticket_events
    group by account_id, event_date
),

daily as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.is_scored,
        coalesce(milestone_daily.milestones_due, 0) as milestones_due,
        coalesce(milestone_daily.milestones_on_time, 0) as milestones_on_time,
        coalesce(milestone_daily.goals_settled, 0) as goals_settled,
        coalesce(milestone_daily.goals_verified, 0) as goals_verified,
        coalesce(ticket_daily.first_responses, 0) as first_responses,
        coalesce(ticket_daily.first_response_score_sum, 0) as first_response_score_sum,
        coalesce(ticket_daily.resolutions, 0) as resolutions,
        coalesce(ticket_daily.resolution_score_sum, 0) as resolution_score_sum,
        coalesce(ticket_daily.sla_settled, 0) as sla_settled,
        coalesce(ticket_daily.sla_met, 0) as sla_met
    from account_days
    left join milestone_daily
        on
            account_days.account_id = milestone_daily.account_id
            and account_days.score_date = milestone_daily.event_date
    left join ticket_daily
        on
            account_days.account_id = ticket_daily.account_id
            and account_days.score_date = ticket_daily.event_date
),

rolled as (
    select
        account_id,
        score_date,
        is_scored,
        {{ rolling_sum('milestones_due', milestone_window) }} as milestones_due,
        {{ rolling_sum('milestones_on_time', milestone_window) }} as milestones_on_time,
        {{ rolling_sum('goals_settled', milestone_window) }} as goals_settled,
        {{ rolling_sum('goals_verified', milestone_window) }} as goals_verified,
        {{ rolling_sum('first_responses', support_window) }} as first_responses,
        {{ rolling_sum('first_response_score_sum', support_window) }} as first_response_score_sum,
        {{ rolling_sum('resolutions', support_window) }} as resolutions,
        {{ rolling_sum('resolution_score_sum', support_window) }} as resolution_score_sum,
        {{ rolling_sum('sla_settled', support_window) }} as sla_settled,
        {{ rolling_sum('sla_met', support_window) }} as sla_met
    from daily
),

measured as (
    select
        account_id,
        score_date,
        {{ safe_divide('milestones_on_time', 'milestones_due') }} as milestones_on_time_value,
        {{ safe_divide('goals_verified', 'goals_settled') }} as verified_outcomes_value,
        {{ safe_divide('sla_met', 'sla_settled') }} as sla_attainment_value,
        {{ safe_divide('first_response_score_sum', 'first_responses') }} as first_response_time_value,
        {{ safe_divide('resolution_score_sum', 'resolutions') }} as resolution_time_value
    from rolled
    where is_scored
)

select
    account_id,
    score_date,
    milestones_on_time_value,
    {{ scale_to_score('milestones_on_time_value', 0, 1) }} as milestones_on_time_score,
    verified_outcomes_value,
    {{ scale_to_score('verified_outcomes_value', 0, 1) }} as verified_outcomes_score,
    sla_attainment_value,
    {{ scale_to_score('sla_attainment_value', 0, 1) }} as sla_attainment_score,
    -- The time measures average per-ticket scores, so their value is already on the 0-100 scale.
    first_response_time_value,
    first_response_time_value as first_response_time_score,
    resolution_time_value,
    resolution_time_value as resolution_time_score
from measured
