-- One row per active account that gets a save or success play on the as-of date instead of an advocacy
-- ask (triggers in int_advocacy__play_triggers), with the owner, a due date and the measures behind it.
-- For a declining score these are the three measures whose contribution fell most over 30 days. For an
-- account stuck in a band they are the three that hold the score down most (effective weight x points
-- short of 100).

{%- set due_days = var('advocacy_task_due_days') %}

with

play_triggers as (
    select * from {{ ref('int_advocacy__play_triggers') }}
),

explanations as (
    select * from {{ ref('fct_account_health_explanations') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

measure_impacts as (
    select
        play_triggers.account_id,
        explanations.measure,
        case
            when play_triggers.play_trigger = 'declining' then explanations.contribution_change
            else -explanations.effective_weight * (100 - explanations.normalized_score) / 100.0
        end as impact,
        case
            when play_triggers.play_trigger = 'declining'
                then {{ dbt.concat([
                    "explanations.measure", "' '", number_as_text('explanations.contribution_change', 1), "' pts'"
                ]) }}
            else {{ dbt.concat([
                "explanations.measure", "' at '", number_as_text('explanations.normalized_score'), "'/100'"
            ]) }}
        end as impact_description
    from play_triggers
    inner join explanations on play_triggers.account_id = explanations.account_id
),

ranked_impacts as (
    -- Only measures that pull the score down count: a fall in contribution, or a score below 100.
    select
        account_id,
        impact_description,
        row_number() over (partition by account_id order by impact, measure) as impact_rank
    from measure_impacts
    where impact < 0
),

driving_measures as (
    select
        account_id,
        {{ join_non_null(', ', [
            "max(case when impact_rank = 1 then impact_description end)",
            "max(case when impact_rank = 2 then impact_description end)",
            "max(case when impact_rank = 3 then impact_description end)",
        ]) }} as driving_measures
    from ranked_impacts
    group by account_id
)

select
    play_triggers.account_id,
    play_triggers.as_of_date,
    play_triggers.play_type,
    play_triggers.play_trigger,
    play_triggers.trigger_detail,
    play_triggers.band,
    play_triggers.days_in_band,
    play_triggers.health_score,
    play_triggers.score_change_30_days,
    driving_measures.driving_measures,
    accounts.csm_id as owner_id,
    case play_triggers.play_type
        when 'save_play' then cast({{ dbt.dateadd('day', due_days['save_play'], 'play_triggers.as_of_date') }} as date)
        else cast({{ dbt.dateadd('day', due_days['success_play'], 'play_triggers.as_of_date') }} as date)
    end as due_on
from play_triggers
inner join accounts on play_triggers.account_id = accounts.account_id
left join driving_measures on play_triggers.account_id = driving_measures.account_id
