-- One row per account and scored day: advocacy-intent activities in the intent window, the intent score
-- (0-100) and the capped bonus. The bonus is published beside the health score and never changes it.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set intent_window = var('advocacy_intent_window_days') %}
{%- set points = var('advocacy_intent_points') %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
),

intent_activities as (
    select * from {{ ref('stg_community__intent_activities') }}
),

intent_daily as (
    select
        account_id,
        cast(occurred_at as date) as event_date,
        count(*) as activities,
        sum(
            case activity_type
                {%- for activity_type, activity_points in points.items() %}
                when '{{ activity_type }}' then {{ activity_points }}
                {%- endfor %}
                else 0
            end
        ) as intent_points
    from intent_activities
    group by account_id, cast(occurred_at as date)
),

rolled as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.is_scored,
        {{ rolling_sum('coalesce(intent_daily.activities, 0)', intent_window,
                       'account_days.account_id', 'account_days.score_date') }} as intent_activities,
        {{ rolling_sum('coalesce(intent_daily.intent_points, 0)', intent_window,
                       'account_days.account_id', 'account_days.score_date') }} as intent_points
    from account_days
    left join intent_daily
        on
            account_days.account_id = intent_daily.account_id
            and account_days.score_date = intent_daily.event_date
)

select
    account_id,
    score_date,
    intent_activities,
    least(100, intent_points) as intent_score,
    cast(least(100, intent_points) as {{ type_double() }}) / 100 * {{ var('advocacy_intent_bonus_cap') }}
        as intent_bonus
from rolled
where is_scored
