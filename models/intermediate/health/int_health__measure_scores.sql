-- One row per account and scored day: every health measure's absolute 0-100 score, its percentile among
-- peers, and the blended score used for health. Peers are accounts of the same segment and plan on the same
-- day that have the measure; a group smaller than health_minimum_peer_group_size falls back to the segment,
-- then to all accounts. The account is then ranked among every account of that wider group. Ties share their
-- mid-rank; a group of one, or of equal values, gets the 50th percentile. Missing measures stay null and are
-- not ranked.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set minimum_group = var('health_minimum_peer_group_size') %}
{%- set peer_share = var('health_peer_normalization_share') / 100.0 %}
{%- set peer_levels = {'plan': 'score_date, segment, plan', 'segment': 'score_date, segment', 'all': 'score_date'} %}
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

peer_ranks as (
    -- Each measure is ranked at every level (segment x plan, segment, all), because an account that falls
    -- back to its segment or to all accounts is compared with every account there, including those ranked
    -- within their own plan. peers counts the accounts with the measure, rank is 1 + those scoring lower,
    -- and at_or_below counts those scoring lower or equal.
    -- Scores are compared in millionths of a point. The floating-point rolling sums behind them can differ
    -- in the last bit when the engine adds a window in another order, as DuckDB does when a partition grows.
    -- An exact comparison would then break ties between equal scores differently from run to run.
    select
        *,
        {%- for measure in measures %}
        {%- set outer_loop = loop %}
        {%- for level, partition in peer_levels.items() %}
        count({{ measure }}_score) over (partition by {{ partition }}) as {{ measure }}_{{ level }}_peers,
        rank() over (
            partition by {{ partition }} order by round({{ measure }}_score * 1000000) nulls last
        ) as {{ measure }}_{{ level }}_rank,
        count(*) over (
            partition by {{ partition }} order by round({{ measure }}_score * 1000000) nulls last
            range between unbounded preceding and current row
        ) as {{ measure }}_{{ level }}_at_or_below
        {{- ',' if not (loop.last and outer_loop.last) }}
        {%- endfor %}
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
    from peer_ranks
),

percentiles as (
    -- Mid-rank percentile at the chosen level: the mean of the lowest and highest 0-based position of the
    -- account's value among its peers, divided by (peers - 1). Computed as a double: PostgreSQL would
    -- make a numeric of the division.
    select
        *,
        {%- for measure in measures %}
        case
            when {{ measure }}_score is null then null
            {%- for level in peer_levels %}
            {%- set peers = measure ~ '_' ~ level ~ '_peers' %}
            {%- if loop.last %}
            else
            {%- else %}
            when {{ peers }} >= {{ minimum_group }} then
            {%- endif %}
                case
                    when {{ peers }} = 1 then 0.5
                    else cast({{ measure }}_{{ level }}_rank - 1 + {{ measure }}_{{ level }}_at_or_below - 1
                        as {{ type_double() }}) / 2 / ({{ peers }} - 1)
                end
            {%- endfor %}
        end as {{ measure }}_percentile
        {{- ',' if not loop.last }}
        {%- endfor %}
    from peer_groups
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
