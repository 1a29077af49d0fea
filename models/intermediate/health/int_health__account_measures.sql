{{ config(**intermediate_by_day_config('score_date')) }}

-- One row per account and scored day with segment, plan and the absolute 0-100 score of every health measure,
-- gathered from the four measure models. int_health__measure_scores ranks these scores among peers.
-- A table of its own, so the ranking reads one input: as a CTE there, the four joins were planned again for
-- every measure and peer level, because Spark inlines a deterministic CTE at each reference.
-- Incremental: each day is gathered from that day's rows, so a run recomputes only the days from
-- incremental_window_start() on and replaces them whole.

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
    where is_scored and {{ in_recomputed_days('score_date') }}
),

adoption as (
    select * from {{ ref('int_health__adoption_measures') }}
    where {{ in_recomputed_days('score_date') }}
),

outcomes as (
    select * from {{ ref('int_health__outcome_measures') }}
    where {{ in_recomputed_days('score_date') }}
),

sentiment as (
    select * from {{ ref('int_health__sentiment_measures') }}
    where {{ in_recomputed_days('score_date') }}
),

commercial as (
    select * from {{ ref('int_health__commercial_measures') }}
    where {{ in_recomputed_days('score_date') }}
)

select
    account_days.account_id,
    account_days.score_date,
    account_days.segment,
    account_days.plan,
    adoption.license_utilization_score,
    adoption.key_feature_breadth_score,
    adoption.usage_trend_score,
    adoption.time_to_value_score,
    outcomes.milestones_on_time_score,
    outcomes.verified_outcomes_score,
    outcomes.sla_attainment_score,
    outcomes.first_response_time_score,
    outcomes.resolution_time_score,
    sentiment.nps_score,
    sentiment.csat_score,
    sentiment.psat_score,
    sentiment.csm_sentiment_score,
    commercial.renewal_outlook_score,
    commercial.arr_momentum_score,
    commercial.overage_score,
    commercial.payment_standing_score
from account_days
inner join adoption
    on account_days.account_id = adoption.account_id and account_days.score_date = adoption.score_date
inner join outcomes
    on account_days.account_id = outcomes.account_id and account_days.score_date = outcomes.score_date
inner join sentiment
    on account_days.account_id = sentiment.account_id and account_days.score_date = sentiment.score_date
inner join commercial
    on account_days.account_id = commercial.account_id and account_days.score_date = commercial.score_date
