{{ config(**intermediate_by_day_config('gate_date')) }}

-- One row per key contact (champion, budget owner, executive sponsor) and scored day, from the day the
-- contact record was created: the personal advocacy gates on that day. Consent: at least one program has
-- a granted decision in force (program-level consent is in int_advocacy__consent_periods). Contact cap:
-- fewer invitations of the contact than advocacy_ask_caps.per_contact in the window_days days ending on
-- the day. Rest: no activity completed by the contact in the advocacy_rest_days_after_completion days
-- before. Only events dated on or before the day count.
-- Incremental: each day reads only the same day of the contact's health, so a run recomputes the days from
-- incremental_window_start() on and replaces them whole.

{%- set caps = var('advocacy_ask_caps') %}
{%- set rest_days = var('advocacy_rest_days_after_completion') %}

with

contact_health as (
    select * from {{ ref('int_persona__contact_health') }}
    where {{ in_recomputed_days('score_date', 'gate_date') }}
),

contacts as (
    select * from {{ ref('dim_contacts') }}
),

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

completions as (
    select * from {{ ref('stg_advocacy__completions') }}
),

consent_periods as (
    select * from {{ ref('int_advocacy__consent_periods') }}
),

contact_days as (
    -- NOTE: persona, seniority and the verified-champion flag are the CRM's current values because the CRM
    -- keeps no history of them, so a past day is evaluated with today's values.
    select
        contact_health.contact_id,
        contact_health.account_id,
        contact_health.score_date as gate_date,
        contact_health.persona,
        contact_health.seniority,
        contact_health.is_verified_champion,
        contact_health.persona_health_score
    from contact_health
    inner join contacts on contact_health.contact_id = contacts.contact_id
    where contacts.created_date <= contact_health.score_date
),

invitation_dates as (
    select
        contact_id,
        cast(invited_at as date) as invited_date
    from invitations
),

completion_dates as (
    select
        invitations.contact_id,
        cast(completions.completed_at as date) as completed_date
    from completions
    inner join invitations on completions.invitation_id = invitations.invitation_id
),

-- Invitations, completions and consent each reach a minority of contact-days (3 %, 2.5 % and 22 % in the
-- bundled sample), so each gate is counted only on the days its events reach. The other days get the gate's
-- empty value (no invitation, no completion, no consent) when the three are joined back to contact_days.

asks_in_window as (
    select
        contact_days.contact_id,
        contact_days.gate_date,
        count(*) as asks_in_window
    from contact_days
    inner join invitation_dates
        on
            contact_days.contact_id = invitation_dates.contact_id
            and contact_days.gate_date >= invitation_dates.invited_date
            and cast({{ dbt.dateadd('day', -caps['window_days'], 'contact_days.gate_date') }} as date)
            < invitation_dates.invited_date
    group by contact_days.contact_id, contact_days.gate_date
),

last_completions as (
    select
        contact_days.contact_id,
        contact_days.gate_date,
        max(completion_dates.completed_date) as last_completed_date
    from contact_days
    inner join completion_dates
        on
            contact_days.contact_id = completion_dates.contact_id
            and contact_days.gate_date >= completion_dates.completed_date
    group by contact_days.contact_id, contact_days.gate_date
),

consent_in_force as (
    select
        contact_days.contact_id,
        contact_days.gate_date,
        count(distinct consent_periods.program) as consented_program_count
    from contact_days
    inner join consent_periods
        on
            contact_days.contact_id = consent_periods.contact_id
            and consent_periods.consent_status = 'granted'
            and cast(consent_periods.in_force_from as date) <= contact_days.gate_date
            and (
                consent_periods.in_force_until is null
                or cast(consent_periods.in_force_until as date) > contact_days.gate_date
            )
    group by contact_days.contact_id, contact_days.gate_date
),

gate_counts as (
    select
        contact_days.contact_id,
        contact_days.account_id,
        contact_days.gate_date,
        contact_days.persona,
        contact_days.seniority,
        contact_days.is_verified_champion,
        contact_days.persona_health_score,
        coalesce(consent_in_force.consented_program_count, 0) as consented_program_count,
        coalesce(asks_in_window.asks_in_window, 0) as asks_in_window,
        last_completions.last_completed_date
    from contact_days
    left join asks_in_window
        on
            contact_days.contact_id = asks_in_window.contact_id
            and contact_days.gate_date = asks_in_window.gate_date
    left join last_completions
        on
            contact_days.contact_id = last_completions.contact_id
            and contact_days.gate_date = last_completions.gate_date
    left join consent_in_force
        on
            contact_days.contact_id = consent_in_force.contact_id
            and contact_days.gate_date = consent_in_force.gate_date
),

gates as (
    select
        contact_id,
        account_id,
        gate_date,
        persona,
        seniority,
        is_verified_champion,
        persona_health_score,
        consented_program_count,
        asks_in_window,
        last_completed_date,
        cast({{ dbt.dateadd('day', rest_days, 'last_completed_date') }} as date) as rest_ends_on,
        consented_program_count > 0 as has_consent,
        asks_in_window < {{ caps['per_contact'] }} as is_within_contact_cap
    from gate_counts
)

select
    contact_id,
    account_id,
    gate_date,
    persona,
    seniority,
    is_verified_champion,
    persona_health_score,
    consented_program_count,
    asks_in_window,
    last_completed_date,
    rest_ends_on,
    has_consent,
    is_within_contact_cap,
    coalesce(rest_ends_on > gate_date, false) as is_resting,
    has_consent and is_within_contact_cap and not coalesce(rest_ends_on > gate_date, false) as is_askable
from gates
