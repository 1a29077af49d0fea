{{ config(**intermediate_by_day_config('score_date')) }}

-- One row per account and scored day with at least one key contact: the best persona health among its
-- champions, verified champions, budget owners and executive sponsors (manager level or above), the
-- sponsors' meeting attendance, and the account's persona health: the best score of each persona weighted
-- by persona_rollup_weights, a persona without contacts sharing its weight among the others.
-- Incremental: each row rolls up the contacts of the same account and day, so a run recomputes only the
-- days from incremental_window_start() on and replaces them whole.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set rollup_weights = var('persona_rollup_weights') %}
{%- set weighted_terms = [] %}
{%- set weight_terms = [] %}
{%- for persona, weight in rollup_weights.items() %}
    {%- do weighted_terms.append('coalesce(' ~ weight ~ ' * ' ~ persona ~ '_score, 0)') %}
    {%- do weight_terms.append('case when ' ~ persona ~ '_score is not null then ' ~ weight ~ ' else 0 end') %}
{%- endfor %}
{%- set weighted_sum = weighted_terms | join(' + ') %}
{%- set weight_present = weight_terms | join(' + ') %}

with

contact_health as (
    select * from {{ ref('int_persona__contact_health') }}
    where {{ in_recomputed_days('score_date') }}
),

best_per_persona as (
    select
        account_id,
        score_date,
        max(case when persona = 'champion' then persona_health_score end) as champion_score,
        max(case when persona = 'champion' and is_verified_champion then persona_health_score end)
            as verified_champion_score,
        max(case when persona = 'budget_owner' then persona_health_score end) as budget_owner_score,
        max(
            case
                when persona = 'executive_sponsor' and seniority in ('manager', 'director', 'executive')
                    then persona_health_score
            end
        ) as executive_sponsor_score,
        sum(case when persona = 'executive_sponsor' then meetings else 0 end) as sponsor_meetings,
        sum(case when persona = 'executive_sponsor' then meetings_attended else 0 end) as sponsor_meetings_attended
    from contact_health
    group by account_id, score_date
)

select
    account_id,
    score_date,
    champion_score,
    verified_champion_score,
    budget_owner_score,
    executive_sponsor_score,
    sponsor_meetings,
    sponsor_meetings_attended,
    {{ safe_divide(weighted_sum, weight_present) }} as persona_health_score
from best_per_persona
