-- One row per routed advocacy ask on the as-of date: an eligible account, a program that fits it and the
-- contact to ask, ranked, with the owner (the account's CSM), a due date and a briefing built from the data.
-- Accounts with a save or success play get the play instead, and a program the account was asked for within
-- the cap window is not offered again. The contact is a key contact with consent in
-- force for the program who is under the contact cap and not resting, preferring a verified champion, then
-- the highest persona health, then the lowest contact_id. Programs are offered in order of sensitivity
-- (highest first, then by name) and an ask is routed only while the contact and the account stay within
-- their caps, counting the invitations in the window and the asks routed before it in this run. The queue is
-- ranked by priority score (health score plus intent bonus), ties broken by account_id and program order.
-- Columns repeated per intent activity come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set caps = var('advocacy_ask_caps') %}
{%- set intent_types = var('advocacy_intent_points').keys() | list | sort %}
{%- set intent_window = var('advocacy_intent_window_days') %}
{%- set outcome_window = var('health_window_days')['milestones'] %}

with

eligibility as (
    select * from {{ ref('fct_advocacy_eligibility') }}
),

relationship_gates as (
    select * from {{ ref('int_advocacy__relationship_gates_daily') }}
),

program_fit as (
    select * from {{ ref('int_advocacy__program_fit') }}
),

play_triggers as (
    select * from {{ ref('int_advocacy__play_triggers') }}
),

contact_gates as (
    select * from {{ ref('int_advocacy__contact_gates_daily') }}
),

consent_periods as (
    select * from {{ ref('int_advocacy__consent_periods') }}
),

programs as (
    select * from {{ ref('advocacy_programs') }}
),

explanations as (
    select * from {{ ref('fct_account_health_explanations') }}
),

milestones as (
    select * from {{ ref('stg_success__milestones') }}
),

intent_activities as (
    select * from {{ ref('stg_community__intent_activities') }}
),

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

eligible_accounts as (
    select
        eligibility.*,
        relationship_gates.account_asks_in_window,
        eligibility.health_score + coalesce(eligibility.intent_bonus, 0) as priority_score
    from eligibility
    inner join relationship_gates
        on
            eligibility.account_id = relationship_gates.account_id
            and eligibility.as_of_date = relationship_gates.gate_date
    left join play_triggers on eligibility.account_id = play_triggers.account_id
    where eligibility.is_eligible and play_triggers.account_id is null
),

recent_program_asks as (
    -- A program the account was already asked for within the cap window waits for that ask's outcome.
    select distinct
        invitations.account_id,
        invitations.program
    from invitations
    inner join eligible_accounts on invitations.account_id = eligible_accounts.account_id
    where
        cast(invitations.invited_at as date) <= eligible_accounts.as_of_date
        and cast(invitations.invited_at as date)
        > cast({{ dbt.dateadd('day', -caps['window_days'], 'eligible_accounts.as_of_date') }} as date)
),

fitting_programs as (
    select
        eligible_accounts.account_id,
        eligible_accounts.as_of_date,
        program_fit.program,
        programs.sensitivity,
        programs.due_days
    from eligible_accounts
    inner join program_fit on eligible_accounts.account_id = program_fit.account_id
    inner join programs on program_fit.program = programs.program
    left join recent_program_asks
        on
            program_fit.account_id = recent_program_asks.account_id
            and program_fit.program = recent_program_asks.program
    where program_fit.is_fit and recent_program_asks.account_id is null
),

available_contacts as (
    select contact_gates.*
    from contact_gates
    inner join eligible_accounts
        on
            contact_gates.account_id = eligible_accounts.account_id
            and contact_gates.gate_date = eligible_accounts.as_of_date
    where contact_gates.is_within_contact_cap and not contact_gates.is_resting
),

program_consents as (
    select
        consent_periods.contact_id,
        consent_periods.program
    from consent_periods
    inner join eligible_accounts on consent_periods.account_id = eligible_accounts.account_id
    where
        consent_periods.consent_status = 'granted'
        and cast(consent_periods.in_force_from as date) <= eligible_accounts.as_of_date
        and (
            consent_periods.in_force_until is null
            or cast(consent_periods.in_force_until as date) > eligible_accounts.as_of_date
        )
),

candidates as (
    select
        fitting_programs.account_id,
        fitting_programs.as_of_date,
        fitting_programs.program,
        fitting_programs.sensitivity,
        fitting_programs.due_days,
        available_contacts.contact_id,
        available_contacts.persona,
        available_contacts.seniority,
        available_contacts.is_verified_champion,
        available_contacts.persona_health_score,
        available_contacts.asks_in_window as contact_asks_in_window,
        row_number() over (
            partition by fitting_programs.account_id, fitting_programs.program
            order by
                case when available_contacts.is_verified_champion then 0 else 1 end asc,
                available_contacts.persona_health_score desc nulls last,
                available_contacts.contact_id asc
        ) as contact_preference
    from fitting_programs
    inner join available_contacts on fitting_programs.account_id = available_contacts.account_id
    inner join program_consents
        on
            available_contacts.contact_id = program_consents.contact_id
            and fitting_programs.program = program_consents.program
),

contact_slots as (
    -- NOTE: the best contact is chosen per program before the caps apply, so a program whose best contact
    -- has no ask left is dropped rather than offered to the next-best contact.
    select
        *,
        row_number() over (
            partition by contact_id
            order by sensitivity desc, program asc
        ) as contact_ask_number
    from candidates
    where contact_preference = 1
),

account_slots as (
    select
        contact_slots.*,
        row_number() over (
            partition by contact_slots.account_id
            order by contact_slots.sensitivity desc, contact_slots.program asc
        ) as account_ask_number
    from contact_slots
    where contact_slots.contact_ask_number <= {{ caps['per_contact'] }} - contact_slots.contact_asks_in_window
),

routed_asks as (
    select
        account_slots.*,
        eligible_accounts.owner_id,
        eligible_accounts.segment,
        eligible_accounts.industry,
        eligible_accounts.region,
        eligible_accounts.health_score,
        eligible_accounts.intent_bonus,
        eligible_accounts.priority_score,
        eligible_accounts.days_in_band
    from account_slots
    inner join eligible_accounts on account_slots.account_id = eligible_accounts.account_id
    where account_slots.account_ask_number <= {{ caps['per_account'] }} - eligible_accounts.account_asks_in_window
),

strongest_measures as (
    select
        account_id,
        {{ dbt.concat(["measure", "' '", number_as_text('contribution', 1), "' pts'"]) }} as measure_description,
        row_number() over (partition by account_id order by contribution desc, measure asc) as measure_rank
    from explanations
    where contribution is not null
),

measure_summaries as (
    select
        account_id,
        {{ join_non_null(', ', [
            "max(case when measure_rank = 1 then measure_description end)",
            "max(case when measure_rank = 2 then measure_description end)",
            "max(case when measure_rank = 3 then measure_description end)",
        ]) }} as strongest_measures
    from strongest_measures
    group by account_id
),

verified_outcomes as (
    select
        milestones.account_id,
        milestones.milestone_name,
        row_number() over (
            partition by milestones.account_id
            order by milestones.achieved_date desc, milestones.milestone_id desc
        ) as outcome_rank
    from milestones
    inner join eligible_accounts on milestones.account_id = eligible_accounts.account_id
    where
        milestones.is_outcome_verified
        and milestones.achieved_date <= eligible_accounts.as_of_date
        and milestones.achieved_date
        > cast({{ dbt.dateadd('day', -outcome_window, 'eligible_accounts.as_of_date') }} as date)
),

outcome_summaries as (
    select
        account_id,
        {{ join_non_null('; ', [
            "max(case when outcome_rank = 1 then milestone_name end)",
            "max(case when outcome_rank = 2 then milestone_name end)",
        ]) }} as latest_outcomes
    from verified_outcomes
    group by account_id
),

intent_counts as (
    select
        intent_activities.account_id,
        {%- for activity_type in intent_types %}
        sum(case when intent_activities.activity_type = '{{ activity_type }}' then 1 else 0 end)
        as {{ activity_type }}_activities{{ ',' if not loop.last }}
        {%- endfor %}
    from intent_activities
    inner join eligible_accounts on intent_activities.account_id = eligible_accounts.account_id
    where
        cast(intent_activities.occurred_at as date) <= eligible_accounts.as_of_date
        and cast(intent_activities.occurred_at as date)
        > cast({{ dbt.dateadd('day', -intent_window, 'eligible_accounts.as_of_date') }} as date)
    group by intent_activities.account_id
),

intent_summaries as (
    select
        account_id,
        {%- set pieces = [] %}
        {%- for activity_type in intent_types %}
        {%- do pieces.append(
            'case when ' ~ activity_type ~ '_activities > 0 then '
            ~ dbt.concat(["'" ~ activity_type | replace('_', ' ') ~ " ('", number_as_text(activity_type ~ '_activities'), "')'"])
            ~ ' end'
        ) %}
        {%- endfor %}
        {{ join_non_null(', ', pieces) }} as recent_intent
    from intent_counts
),

briefed as (
    select
        routed_asks.*,
        {{ join_non_null(' ', [
            dbt.concat([
                "'Healthy for '", number_as_text('routed_asks.days_in_band'), "' days, health score '",
                number_as_text('routed_asks.health_score', 1), "' plus intent bonus '",
                number_as_text('coalesce(routed_asks.intent_bonus, 0)', 1), "'.'"
            ]),
            "case when measure_summaries.strongest_measures is not null then "
                ~ dbt.concat(["'Strongest measures: '", "measure_summaries.strongest_measures", "'.'"]) ~ " end",
            "case when outcome_summaries.latest_outcomes is not null then "
                ~ dbt.concat(["'Verified outcomes: '", "outcome_summaries.latest_outcomes", "'.'"]) ~ " end",
            dbt.concat([
                "'Contact: '",
                "case when routed_asks.is_verified_champion then 'verified ' else '' end",
                "replace(routed_asks.persona, '_', ' ')",
                "' ('", "coalesce(replace(routed_asks.seniority, '_', ' '), 'seniority unknown')", "')'",
                "coalesce(" ~ dbt.concat(["', persona health '", number_as_text('routed_asks.persona_health_score')])
                ~ ", '')",
                "'.'"
            ]),
            "case when intent_summaries.recent_intent is not null then "
                ~ dbt.concat([
                    "'Intent in the last " ~ intent_window ~ " days: '", "intent_summaries.recent_intent", "'.'"
                ]) ~ " end",
        ]) }} as briefing
    from routed_asks
    left join measure_summaries on routed_asks.account_id = measure_summaries.account_id
    left join outcome_summaries on routed_asks.account_id = outcome_summaries.account_id
    left join intent_summaries on routed_asks.account_id = intent_summaries.account_id
)

select
    account_id,
    program,
    contact_id,
    as_of_date,
    owner_id,
    segment,
    industry,
    region,
    persona as contact_persona,
    seniority as contact_seniority,
    is_verified_champion,
    persona_health_score as contact_persona_health,
    health_score,
    intent_bonus,
    priority_score,
    row_number() over (order by priority_score desc, account_id asc, account_ask_number asc) as queue_rank,
    row_number() over (partition by program order by priority_score desc, account_id asc) as program_rank,
    account_ask_number,
    cast({{ dbt.dateadd('day', 'due_days', 'as_of_date') }} as date) as due_on,
    briefing
from briefed
