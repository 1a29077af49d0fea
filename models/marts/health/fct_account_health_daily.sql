{{ config(**incremental_by_day_config('score_date')) }}

-- One row per active account and scored day: health score, components, completeness, band with its run
-- (start date and days in it), score change over 30 and 90 days, persona health and the separate intent
-- bonus. Incremental: a run recomputes health_incremental_lookback_days before the newest day it holds and
-- every later day, reading the day before that window back from this table to continue bands, runs and
-- trends, so the result equals a full refresh as long as no row arrives later than the look-back. It replaces
-- whole days (unique_key score_date, as every account of a day is recomputed), so an account whose days now
-- end earlier, such as a churn that arrived late, loses its stored rows after that end.

{%- set healthy_from = var('health_band_healthy_from') %}
{%- set at_risk_below = var('health_band_at_risk_below') %}
{%- set hysteresis = var('health_band_hysteresis_points') %}
{%- set minimum_completeness = var('health_minimum_completeness') %}

with

account_scores as (
    select * from {{ ref('int_health__account_scores') }}
    {%- if is_incremental() %}
    where score_date >= {{ incremental_window_start('score_date') }}
    {%- endif %}
),

advocacy_intent as (
    select * from {{ ref('int_health__advocacy_intent') }}
),

persona_health as (
    select * from {{ ref('int_persona__account_health') }}
),

new_days as (
    select
        account_scores.account_id,
        account_scores.score_date,
        account_scores.segment,
        account_scores.plan,
        account_scores.health_score,
        account_scores.adoption_score,
        account_scores.outcomes_score,
        account_scores.sentiment_score,
        account_scores.commercial_score,
        account_scores.signal_completeness,
        advocacy_intent.intent_score,
        advocacy_intent.intent_bonus,
        persona_health.persona_health_score,
        persona_health.champion_score,
        persona_health.verified_champion_score,
        persona_health.budget_owner_score,
        persona_health.executive_sponsor_score,
        case
            when account_scores.health_score is null
                or account_scores.signal_completeness < {{ minimum_completeness }}
                then 'insufficient_data'
            when account_scores.health_score >= {{ healthy_from }} then 'healthy'
            when account_scores.health_score < {{ at_risk_below }} then 'at_risk'
            else 'neutral'
        end as plain_band,
        -- Inside a hysteresis zone around a cut-off the previous band holds; elsewhere the score decides.
        case
            when account_scores.health_score is null
                or account_scores.signal_completeness < {{ minimum_completeness }}
                then 'none'
            when account_scores.health_score >= {{ healthy_from - hysteresis }}
                and account_scores.health_score < {{ healthy_from + hysteresis }}
                then 'healthy_cut_off'
            when account_scores.health_score >= {{ at_risk_below - hysteresis }}
                and account_scores.health_score < {{ at_risk_below + hysteresis }}
                then 'at_risk_cut_off'
            else 'none'
        end as hysteresis_zone
    from account_scores
    inner join advocacy_intent
        on
            account_scores.account_id = advocacy_intent.account_id
            and account_scores.score_date = advocacy_intent.score_date
    left join persona_health
        on
            account_scores.account_id = persona_health.account_id
            and account_scores.score_date = persona_health.score_date
),

{% if is_incremental() %}
anchor_days as (
    -- The last day before the recomputed window, as stored: it carries bands and runs into the window.
    select
        account_id,
        score_date,
        band,
        band_started_on,
        last_decisive_band
    from {{ this }}
    where score_date = cast({{ dbt.dateadd('day', -1, incremental_window_start('score_date')) }} as date)
),

{% endif %}
day_sequence as (
    select
        account_id,
        score_date,
        plain_band,
        hysteresis_zone,
        cast(null as {{ dbt.type_string() }}) as anchor_band,
        cast(null as date) as anchor_band_started_on,
        cast(null as {{ dbt.type_string() }}) as anchor_last_decisive_band,
        false as is_anchor
    from new_days
    {%- if is_incremental() %}

    union all

    select
        account_id,
        score_date,
        band as plain_band,
        'none' as hysteresis_zone,
        band as anchor_band,
        band_started_on as anchor_band_started_on,
        last_decisive_band as anchor_last_decisive_band,
        true as is_anchor
    from anchor_days
    {%- endif %}
),

decisive_groups as (
    -- Each decisive day (outside the hysteresis zones) starts a group. The days after it in the zones
    -- belong to its group and take their band from it.
    select
        *,
        sum(case when is_anchor or hysteresis_zone = 'none' then 1 else 0 end) over (
            partition by account_id order by score_date
            rows between unbounded preceding and current row
        ) as decisive_group
    from day_sequence
),

decisive_bands as (
    select
        *,
        max(
            case
                when is_anchor then anchor_last_decisive_band
                when hysteresis_zone = 'none' then plain_band
            end
        ) over (partition by account_id, decisive_group) as last_decisive_band
    from decisive_groups
),

bands as (
    select
        *,
        case
            when is_anchor then anchor_band
            when hysteresis_zone = 'healthy_cut_off' and last_decisive_band = 'healthy' then 'healthy'
            when hysteresis_zone = 'healthy_cut_off' and last_decisive_band in ('neutral', 'at_risk') then 'neutral'
            when hysteresis_zone = 'at_risk_cut_off' and last_decisive_band = 'at_risk' then 'at_risk'
            when hysteresis_zone = 'at_risk_cut_off' and last_decisive_band in ('neutral', 'healthy') then 'neutral'
            else plain_band
        end as band
    from decisive_bands
),

band_islands as (
    -- Consecutive days in the same band form a run (gaps-and-islands on the gap-free account days).
    select
        *,
        row_number() over (partition by account_id order by score_date)
        - row_number() over (partition by account_id, band order by score_date) as band_island
    from bands
),

band_runs as (
    select
        account_id,
        score_date,
        band,
        last_decisive_band,
        is_anchor,
        min(case when is_anchor then anchor_band_started_on else score_date end) over (
            partition by account_id, band, band_island
        ) as band_started_on
    from band_islands
),

score_history as (
    -- Scores the trend compares with: the recomputed days, plus (incrementally) the 90 days before them.
    select
        account_id,
        score_date,
        health_score
    from new_days
    {%- if is_incremental() %}

    union all

    select
        account_id,
        score_date,
        health_score
    from {{ this }}
    where
        score_date < {{ incremental_window_start('score_date') }}
        and score_date >= cast({{ dbt.dateadd('day', -90, incremental_window_start('score_date')) }} as date)
    {%- endif %}
)

select
    new_days.account_id,
    new_days.score_date,
    new_days.segment,
    new_days.plan,
    new_days.health_score,
    new_days.adoption_score,
    new_days.outcomes_score,
    new_days.sentiment_score,
    new_days.commercial_score,
    new_days.signal_completeness,
    band_runs.band,
    band_runs.band_started_on,
    {{ days_between('band_runs.band_started_on', 'new_days.score_date') }} + 1 as days_in_band,
    band_runs.last_decisive_band,
    new_days.health_score - score_30_days_ago.health_score as score_change_30_days,
    new_days.health_score - score_90_days_ago.health_score as score_change_90_days,
    new_days.persona_health_score,
    new_days.champion_score,
    new_days.verified_champion_score,
    new_days.budget_owner_score,
    new_days.executive_sponsor_score,
    new_days.intent_score,
    new_days.intent_bonus
from new_days
inner join band_runs
    on
        new_days.account_id = band_runs.account_id
        and new_days.score_date = band_runs.score_date
        and not band_runs.is_anchor
left join score_history as score_30_days_ago
    on
        new_days.account_id = score_30_days_ago.account_id
        and score_30_days_ago.score_date = cast({{ dbt.dateadd('day', -30, 'new_days.score_date') }} as date)
left join score_history as score_90_days_ago
    on
        new_days.account_id = score_90_days_ago.account_id
        and score_90_days_ago.score_date = cast({{ dbt.dateadd('day', -90, 'new_days.score_date') }} as date)
