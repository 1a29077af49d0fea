-- One row per account and scored day: every health measure's absolute 0-100 score, its percentile among
-- peers, and the blended score used for health. Peers are accounts of the same segment and plan on the same
-- day that have the measure; a group smaller than health_minimum_peer_group_size falls back to the segment,
-- then to all accounts. Ties share their mid-rank; a group of one, or of equal values, gets the 50th
-- percentile. Missing measures stay null and are not ranked.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set minimum_group = var('health_minimum_peer_group_size') %}
{%- set peer_share = var('health_peer_normalization_share') / 100.0 %}
{%- set measures = [] %}
{%- for component, component_measures in health_measures().items() %}
    {%- for measure in component_measures %}{% do measures.append(measure) %}{% endfor %}
{%- endfor %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
    where is_scored
),

adoption as (
    select * from {{ ref('int_health__adoption_measures') }}
),

outcomes as (
    select * from {{ ref('int_health__outcome_measures') }}
),

sentiment as (
    select * from {{ ref('int_health__sentiment_measures') }}
),

commercial as (
    select * from {{ ref('int_health__commercial_measures') }}
),

joined as (
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
),

peer_group_sizes as (
    -- For each measure, how many accounts have it in the segment x plan group and in the segment.
    select
        *,
        {%- for measure in measures %}
        count({{ measure }}_score) over (partition by score_date, segment, plan) as {{ measure }}_plan_peers,
        count({{ measure }}_score) over (partition by score_date, segment) as {{ measure }}_segment_peers
        {{- ',' if not loop.last }}
        {%- endfor %}
    from joined
),

peer_groups as (
    select
        *,
        {%- for measure in measures %}
        case
            when {{ measure }}_plan_peers >= {{ minimum_group }} then {{ dbt.concat(['segment', "'/'", 'plan']) }}
            when {{ measure }}_segment_peers >= {{ minimum_group }} then segment
            else 'all'
        end as {{ measure }}_peer_group
        {{- ',' if not loop.last }}
        {%- endfor %}
    from peer_group_sizes
),

peer_ranks as (
    select
        *,
        {%- for measure in measures %}
        rank() over (
            partition by score_date, {{ measure }}_peer_group order by {{ measure }}_score nulls last
        ) as {{ measure }}_rank,
        count(*) over (partition by score_date, {{ measure }}_peer_group, {{ measure }}_score) as {{ measure }}_ties,
        count({{ measure }}_score) over (partition by score_date, {{ measure }}_peer_group) as {{ measure }}_peers
        {{- ',' if not loop.last }}
        {%- endfor %}
    from peer_groups
),

percentiles as (
    select
        *,
        {%- for measure in measures %}
        case
            when {{ measure }}_score is null then null
            when {{ measure }}_peers = 1 then 0.5
            else ({{ measure }}_rank - 1 + ({{ measure }}_ties - 1) / 2.0) / ({{ measure }}_peers - 1)
        end as {{ measure }}_percentile
        {{- ',' if not loop.last }}
        {%- endfor %}
    from peer_ranks
)

select
    account_id,
    score_date,
    segment,
    plan,
    {%- for measure in measures %}
    {{ measure }}_score,
    {{ measure }}_peer_group,
    {{ measure }}_percentile,
    {{ 1 - peer_share }} * {{ measure }}_score + {{ peer_share }} * 100 * {{ measure }}_percentile
        as {{ measure }}_normalized_score
    {{- ',' if not loop.last }}
    {%- endfor %}
from percentiles
