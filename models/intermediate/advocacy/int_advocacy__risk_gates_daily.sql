{{ config(**intermediate_by_day_config('gate_date')) }}

-- One row per active account and scored day: the advocacy gates that block an account at risk. Support: no
-- P1 ticket or escalation open that day, and none resolved within advocacy_support_cooling_off_days before
-- it. Renewal: the latest renewal forecast is not at_risk, unless a renewal was booked after it. Churn: no
-- churn event. Contraction: no contraction within advocacy_contraction_lookback_days. Exclusion: not on the
-- governed exclusion list that day. Only events dated on or before the day count; each gate has a boolean
-- and, when it fails, a readable reason.
-- Incremental: each day reads only the same day of the health mart and the events dated up to it, so a run
-- recomputes the days from incremental_window_start() on and replaces them whole.

{%- set cooling_off_days = var('advocacy_support_cooling_off_days') %}
{%- set contraction_days = var('advocacy_contraction_lookback_days') %}

with

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
    where {{ in_recomputed_days('score_date', 'gate_date') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

exclusions as (
    select * from {{ ref('advocacy_exclusions') }}
),

account_days as (
    select
        account_id,
        score_date as gate_date
    from account_health
),

blocking_tickets as (
    -- A P1 blocks from its creation, another ticket from its escalation. The status column is today's
    -- status, so whether a ticket was open on a past day is read from resolved_at instead.
    select
        ticket_id,
        account_id,
        case
            when priority = 'p1' and is_escalated then 'escalated P1 ticket '
            when priority = 'p1' then 'P1 ticket '
            else {{ dbt.concat(["'escalated '", "upper(priority)", "' ticket '"]) }}
        end as ticket_label,
        cast(case when priority = 'p1' then created_at else coalesce(escalated_at, created_at) end as date)
            as blocked_from,
        cast(resolved_at as date) as resolved_date
    from tickets
    where priority = 'p1' or is_escalated
),

blocking_ticket_days as (
    select
        account_days.account_id,
        account_days.gate_date,
        blocking_tickets.ticket_id,
        blocking_tickets.ticket_label,
        blocking_tickets.blocked_from,
        blocking_tickets.resolved_date,
        coalesce(blocking_tickets.resolved_date > account_days.gate_date, true) as is_open,
        row_number() over (
            partition by account_days.account_id, account_days.gate_date
            order by
                coalesce(blocking_tickets.resolved_date > account_days.gate_date, true) desc,
                blocking_tickets.blocked_from desc,
                blocking_tickets.ticket_id desc
        ) as block_rank,
        count(*) over (partition by account_days.account_id, account_days.gate_date) as blocking_ticket_count
    from account_days
    inner join blocking_tickets
        on
            account_days.account_id = blocking_tickets.account_id
            and account_days.gate_date >= blocking_tickets.blocked_from
            and (
                blocking_tickets.resolved_date is null
                or account_days.gate_date
                < cast({{ dbt.dateadd('day', cooling_off_days, 'blocking_tickets.resolved_date') }} as date)
            )
),

support_blocks as (
    select
        account_id,
        gate_date,
        case
            when is_open
                then {{ dbt.concat([
                    "'open '", "ticket_label", "ticket_id", "' since '", "cast(blocked_from as " ~ dbt.type_string() ~ ")"
                ]) }}
            else {{ dbt.concat([
                "ticket_label", "ticket_id", "' resolved on '", "cast(resolved_date as " ~ dbt.type_string() ~ ")",
                "', inside the " ~ cooling_off_days ~ "-day cooling-off'"
            ]) }}
        end as block_description,
        blocking_ticket_count
    from blocking_ticket_days
    where block_rank = 1
),

renewal_events as (
    -- A booked renewal ends the risk of the forecast before it, and the next forecast starts a new outlook.
    select
        event_id,
        account_id,
        event_type,
        renewal_status,
        cast(occurred_at as date) as event_date,
        lead(cast(occurred_at as date)) over (
            partition by account_id
            order by occurred_at, event_id
        ) as next_event_date
    from subscription_events
    where event_type in ('renewal_forecast', 'renewal')
),

renewal_risks as (
    select
        account_days.account_id,
        account_days.gate_date,
        renewal_events.event_date as forecast_date
    from account_days
    inner join renewal_events
        on
            account_days.account_id = renewal_events.account_id
            and account_days.gate_date >= renewal_events.event_date
            and (renewal_events.next_event_date is null or account_days.gate_date < renewal_events.next_event_date)
    where renewal_events.event_type = 'renewal_forecast' and renewal_events.renewal_status = 'at_risk'
),

churn_dates as (
    select
        account_id,
        min(cast(occurred_at as date)) as churn_date
    from subscription_events
    where event_type = 'churn'
    group by account_id
),

contraction_days as (
    select
        account_days.account_id,
        account_days.gate_date,
        cast(subscription_events.occurred_at as date) as contraction_date,
        subscription_events.arr_change,
        row_number() over (
            partition by account_days.account_id, account_days.gate_date
            order by subscription_events.occurred_at desc, subscription_events.event_id desc
        ) as contraction_rank,
        count(*) over (partition by account_days.account_id, account_days.gate_date) as contraction_count
    from account_days
    inner join subscription_events
        on
            account_days.account_id = subscription_events.account_id
            and subscription_events.event_type = 'contraction'
            and cast(subscription_events.occurred_at as date) <= account_days.gate_date
            and cast(subscription_events.occurred_at as date)
            > cast({{ dbt.dateadd('day', -contraction_days, 'account_days.gate_date') }} as date)
),

exclusion_days as (
    -- An open-ended exclusion (no excluded_until) outranks a dated one. Among dated ones the longest shows.
    select
        account_days.account_id,
        account_days.gate_date,
        exclusions.reason,
        exclusions.excluded_until,
        row_number() over (
            partition by account_days.account_id, account_days.gate_date
            order by
                case when exclusions.excluded_until is null then 0 else 1 end asc,
                exclusions.excluded_until desc,
                exclusions.reason asc
        ) as exclusion_rank
    from account_days
    inner join exclusions
        on
            account_days.account_id = exclusions.account_id
            and account_days.gate_date >= exclusions.excluded_from
            and (exclusions.excluded_until is null or account_days.gate_date <= exclusions.excluded_until)
),

gates as (
    select
        account_days.account_id,
        account_days.gate_date,
        support_blocks.block_description,
        support_blocks.blocking_ticket_count,
        renewal_risks.forecast_date as at_risk_forecast_date,
        churn_dates.churn_date,
        contraction_days.contraction_date,
        contraction_days.arr_change as contraction_arr_change,
        contraction_days.contraction_count,
        exclusion_days.reason as exclusion_reason,
        exclusion_days.excluded_until,
        support_blocks.account_id is null as passes_support_gate,
        renewal_risks.account_id is null as passes_renewal_gate,
        churn_dates.churn_date is null or churn_dates.churn_date > account_days.gate_date as passes_churn_gate,
        contraction_days.account_id is null as passes_contraction_gate,
        exclusion_days.account_id is null as passes_exclusion_gate
    from account_days
    left join support_blocks
        on
            account_days.account_id = support_blocks.account_id
            and account_days.gate_date = support_blocks.gate_date
    left join renewal_risks
        on
            account_days.account_id = renewal_risks.account_id
            and account_days.gate_date = renewal_risks.gate_date
    left join churn_dates on account_days.account_id = churn_dates.account_id
    left join contraction_days
        on
            account_days.account_id = contraction_days.account_id
            and account_days.gate_date = contraction_days.gate_date
            and contraction_days.contraction_rank = 1
    left join exclusion_days
        on
            account_days.account_id = exclusion_days.account_id
            and account_days.gate_date = exclusion_days.gate_date
            and exclusion_days.exclusion_rank = 1
)

select
    account_id,
    gate_date,
    passes_support_gate,
    case
        when passes_support_gate then null
        when blocking_ticket_count > 1
            then {{ dbt.concat([
                "block_description", "' (and '", number_as_text('blocking_ticket_count - 1'),
                "' more blocking ticket'", "case when blocking_ticket_count > 2 then 's' else '' end", "')'"
            ]) }}
        else block_description
    end as support_failure,
    passes_renewal_gate,
    case
        when not passes_renewal_gate
            then {{ dbt.concat([
                "'latest renewal forecast ('", "cast(at_risk_forecast_date as " ~ dbt.type_string() ~ ")",
                "') is at risk'"
            ]) }}
    end as renewal_failure,
    passes_churn_gate,
    case
        when not passes_churn_gate
            then {{ dbt.concat(["'churned on '", "cast(churn_date as " ~ dbt.type_string() ~ ")"]) }}
    end as churn_failure,
    passes_contraction_gate,
    case
        when not passes_contraction_gate
            then {{ dbt.concat([
                "'contraction on '", "cast(contraction_date as " ~ dbt.type_string() ~ ")",
                "' (ARR change '", "coalesce(" ~ number_as_text('contraction_arr_change') ~ ", 'unknown')", "')'",
                "case when contraction_count > 1 then "
                ~ dbt.concat(["' and '", number_as_text('contraction_count - 1'), "' more'"])
                ~ " else '' end",
                "', inside the " ~ contraction_days ~ "-day look-back'"
            ]) }}
    end as contraction_failure,
    passes_exclusion_gate,
    case
        when passes_exclusion_gate then null
        when excluded_until is null then {{ dbt.concat(["'excluded indefinitely: '", "exclusion_reason"]) }}
        else {{ dbt.concat([
            "'excluded until '", "cast(excluded_until as " ~ dbt.type_string() ~ ")", "': '", "exclusion_reason"
        ]) }}
    end as exclusion_failure
from gates
