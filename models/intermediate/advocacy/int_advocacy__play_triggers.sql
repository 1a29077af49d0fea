-- One row per active account that needs a save or success play on the as-of date instead of an advocacy
-- ask. Save play: the score fell by advocacy_play_triggers.decline_points_30_days or more over 30 days, or
-- the account has been at risk for at_risk_stuck_days or more. Success play: neutral for neutral_stuck_days
-- or more. A decline outranks a long stay in a band.

{%- set triggers = var('advocacy_play_triggers') %}

with

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

as_of_health as (
    select account_health.*
    from account_health
    inner join scoring_period on account_health.score_date = scoring_period.as_of_date
),

triggered as (
    select
        account_id,
        score_date as as_of_date,
        band,
        days_in_band,
        health_score,
        score_change_30_days,
        case
            when score_change_30_days <= {{ triggers['decline_points_30_days'] }} then 'declining'
            when band = 'at_risk' and days_in_band >= {{ triggers['at_risk_stuck_days'] }} then 'stuck_at_risk'
            when band = 'neutral' and days_in_band >= {{ triggers['neutral_stuck_days'] }} then 'stuck_neutral'
        end as play_trigger
    from as_of_health
)

select
    account_id,
    as_of_date,
    case when play_trigger = 'stuck_neutral' then 'success_play' else 'save_play' end as play_type,
    play_trigger,
    case play_trigger
        when 'declining'
            then {{ dbt.concat([
                "'score fell '", number_as_text('-score_change_30_days', 1), "' points in 30 days to '",
                number_as_text('health_score', 1)
            ]) }}
        else {{ dbt.concat([
            "replace(band, '_', ' ')", "' for '", number_as_text('days_in_band'), "' days, score '",
            number_as_text('health_score', 1)
        ]) }}
    end as trigger_detail,
    band,
    days_in_band,
    health_score,
    score_change_30_days
from triggered
where play_trigger is not null
