-- One row per account and day: the sentiment measures, each as a raw value and a 0-100 score.
-- NPS over the survey window (promoters 9-10 minus detractors 0-6, in percent of answers); CSAT from
-- CSAT surveys and ticket ratings; PSAT from product surveys; the CSM's sentiment entries. A measure with
-- no answer in its window is null: a missing survey is never scored as a detractor.

{%- set survey_window = window_days('surveys') %}
{%- set csm_window = window_days('csm_sentiment') %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

csm_sentiment as (
    select * from {{ ref('stg_crm__csm_sentiment') }}
),

sentiment_events as (
    select
        account_id,
        cast(responded_at as date) as event_date,
        case when survey_type = 'nps' then 1 else 0 end as nps_answers,
        case when survey_type = 'nps' and score >= 9 then 1 else 0 end as nps_promoters,
        case when survey_type = 'nps' and score <= 6 then 1 else 0 end as nps_detractors,
        case when survey_type = 'csat' then 1 else 0 end as csat_answers,
        case when survey_type = 'csat' then score else 0 end as csat_sum,
        case when survey_type = 'psat' then 1 else 0 end as psat_answers,
        case when survey_type = 'psat' then score else 0 end as psat_sum,
        0 as csm_entries,
        0 as csm_sum
    from survey_responses

    union all

    -- A ticket rating is given after the ticket is solved; date it then, or at creation if never solved.
    select
        account_id,
        cast(coalesce(resolved_at, created_at) as date) as event_date,
        0 as nps_answers,
        0 as nps_promoters,
        0 as nps_detractors,
        1 as csat_answers,
        csat_score as csat_sum,
        0 as psat_answers,
        0 as psat_sum,
        0 as csm_entries,
        0 as csm_sum
    from tickets
    where csat_score is not null

    union all

    select
        account_id,
        cast(recorded_at as date) as event_date,
        0 as nps_answers,
        0 as nps_promoters,
        0 as nps_detractors,
        0 as csat_answers,
        0 as csat_sum,
        0 as psat_answers,
        0 as psat_sum,
        1 as csm_entries,
        sentiment_score as csm_sum
    from csm_sentiment
),

sentiment_daily as (
    select
        account_id,
        event_date,
        sum(nps_answers) as nps_answers,
        sum(nps_promoters) as nps_promoters,
        sum(nps_detractors) as nps_detractors,
        sum(csat_answers) as csat_answers,
        sum(csat_sum) as csat_sum,
        sum(psat_answers) as psat_answers,
        sum(psat_sum) as psat_sum,
        sum(csm_entries) as csm_entries,
        sum(csm_sum) as csm_sum
    from sentiment_events
    group by account_id, event_date
),

daily as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.is_scored,
        coalesce(sentiment_daily.nps_answers, 0) as nps_answers,
        coalesce(sentiment_daily.nps_promoters, 0) as nps_promoters,
        coalesce(sentiment_daily.nps_detractors, 0) as nps_detractors,
        coalesce(sentiment_daily.csat_answers, 0) as csat_answers,
        coalesce(sentiment_daily.csat_sum, 0) as csat_sum,
        coalesce(sentiment_daily.psat_answers, 0) as psat_answers,
        coalesce(sentiment_daily.psat_sum, 0) as psat_sum,
        coalesce(sentiment_daily.csm_entries, 0) as csm_entries,
        coalesce(sentiment_daily.csm_sum, 0) as csm_sum
    from account_days
    left join sentiment_daily
        on
            account_days.account_id = sentiment_daily.account_id
            and account_days.score_date = sentiment_daily.event_date
),

rolled as (
    select
        account_id,
        score_date,
        is_scored,
        {{ rolling_sum('nps_answers', survey_window) }} as nps_answers,
        {{ rolling_sum('nps_promoters', survey_window) }} as nps_promoters,
        {{ rolling_sum('nps_detractors', survey_window) }} as nps_detractors,
        {{ rolling_sum('csat_answers', survey_window) }} as csat_answers,
        {{ rolling_sum('csat_sum', survey_window) }} as csat_sum,
        {{ rolling_sum('psat_answers', survey_window) }} as psat_answers,
        {{ rolling_sum('psat_sum', survey_window) }} as psat_sum,
        {{ rolling_sum('csm_entries', csm_window) }} as csm_entries,
        {{ rolling_sum('csm_sum', csm_window) }} as csm_sum
    from daily
),

measured as (
    select
        account_id,
        score_date,
        nps_answers,
        100 * {{ safe_divide('nps_promoters - nps_detractors', 'nps_answers') }} as nps_value,
        {{ safe_divide('csat_sum', 'csat_answers') }} as csat_value,
        {{ safe_divide('psat_sum', 'psat_answers') }} as psat_value,
        {{ safe_divide('csm_sum', 'csm_entries') }} as csm_sentiment_value
    from rolled
    where is_scored
)

select
    account_id,
    score_date,
    nps_answers,
    nps_value,
    {{ scale_to_score('nps_value', -100, 100) }} as nps_score,
    csat_value,
    {{ scale_to_score('csat_value', 1, 5) }} as csat_score,
    psat_value,
    {{ scale_to_score('psat_value', 1, 5) }} as psat_score,
    csm_sentiment_value,
    {{ scale_to_score('csm_sentiment_value', 1, 5) }} as csm_sentiment_score
from measured
