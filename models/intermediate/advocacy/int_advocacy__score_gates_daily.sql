{{ config(**intermediate_by_day_config('gate_date')) }}

-- One row per active account and scored day: the advocacy gates that come from the health score and the
-- account's value. Persistence: healthy for at least health_persistence_days consecutive days.
-- Completeness: signal completeness at or above health_minimum_completeness. Value floor: ARR or lifetime
-- value at or above the account segment's floor in advocacy_value_floors. Each gate has a boolean and, when
-- it fails, a readable reason; a completeness failure names the score components that have no data at all.
-- Incremental: each day reads only the same day of the health mart, so a run recomputes the days from
-- incremental_window_start() on and replaces them whole.

{%- set persistence_days = var('health_persistence_days') %}
{%- set minimum_completeness = var('health_minimum_completeness') %}
{%- set floors = var('advocacy_value_floors') %}

with

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
    where {{ in_recomputed_days('score_date', 'gate_date') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

account_days as (
    -- NOTE: ARR and lifetime value are the CRM's current values because the CRM keeps no history of them,
    -- so the value floor of a past as-of date is checked against today's values.
    select
        account_health.account_id,
        account_health.score_date as gate_date,
        account_health.band,
        account_health.days_in_band,
        account_health.signal_completeness,
        {{ join_non_null(', ', [
            "case when account_health.adoption_score is null then 'adoption' end",
            "case when account_health.outcomes_score is null then 'outcomes' end",
            "case when account_health.sentiment_score is null then 'sentiment' end",
            "case when account_health.commercial_score is null then 'commercial' end",
        ]) }} as components_without_data,
        accounts.segment,
        accounts.arr,
        accounts.lifetime_value,
        case accounts.segment
            {%- for segment, floor in floors.items() %}
            when '{{ segment }}' then {{ floor['arr'] }}
            {%- endfor %}
        end as arr_floor,
        case accounts.segment
            {%- for segment, floor in floors.items() %}
            when '{{ segment }}' then {{ floor['lifetime_value'] }}
            {%- endfor %}
        end as lifetime_value_floor
    from account_health
    inner join accounts on account_health.account_id = accounts.account_id
),

gates as (
    select
        *,
        band = 'healthy' and days_in_band >= {{ persistence_days }} as passes_persistence_gate,
        coalesce(signal_completeness >= {{ minimum_completeness }}, false) as passes_completeness_gate,
        coalesce(arr >= arr_floor, false) or coalesce(lifetime_value >= lifetime_value_floor, false)
            as passes_value_floor_gate
    from account_days
)

select
    account_id,
    gate_date,
    band,
    days_in_band,
    signal_completeness,
    segment,
    arr,
    lifetime_value,
    arr_floor,
    lifetime_value_floor,
    passes_persistence_gate,
    case
        when passes_persistence_gate then null
        when band = 'healthy'
            then {{ dbt.concat([
                "'healthy for '", number_as_text('days_in_band'), "' of " ~ persistence_days ~ " days'"
            ]) }}
        else {{ dbt.concat([
            "replace(band, '_', ' ')", "' for '", number_as_text('days_in_band'),
            "' days, not healthy for " ~ persistence_days ~ " days'"
        ]) }}
    end as persistence_failure,
    passes_completeness_gate,
    case
        when passes_completeness_gate then null
        when signal_completeness is null then 'signal completeness unknown'
        when components_without_data is null
            then {{ dbt.concat([
                "'signal completeness '", number_as_text('signal_completeness', 1),
                "' % below the minimum " ~ minimum_completeness ~ " %'"
            ]) }}
        else {{ dbt.concat([
            "'signal completeness '", number_as_text('signal_completeness', 1),
            "' % below the minimum " ~ minimum_completeness ~ " % (no data: '", "components_without_data", "')'"
        ]) }}
    end as completeness_failure,
    passes_value_floor_gate,
    case
        when passes_value_floor_gate then null
        when arr_floor is null
            then {{ dbt.concat(["'no value floor configured for segment '", "coalesce(segment, 'unknown')"]) }}
        else {{ dbt.concat([
            "'ARR '", "coalesce(" ~ number_as_text('arr') ~ ", 'unknown')",
            "' below '", number_as_text('arr_floor'),
            "' and lifetime value '", "coalesce(" ~ number_as_text('lifetime_value') ~ ", 'unknown')",
            "' below '", number_as_text('lifetime_value_floor'),
            "' (floors of segment '", "segment", "')'"
        ]) }}
    end as value_floor_failure
from gates
