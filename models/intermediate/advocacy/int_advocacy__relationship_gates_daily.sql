{{ config(**intermediate_by_day_config('gate_date')) }}

-- One row per active account and scored day: the advocacy gates about the people who would be asked.
-- Champion: a verified champion with persona health of at least advocacy_minimum_champion_health. Sponsor:
-- an executive sponsor of manager level or above with persona health of at least
-- advocacy_minimum_sponsor_health. Consent, contact cap and rest: at least one key contact passes each
-- (see int_advocacy__contact_gates_daily). Askable contact: one and the same contact passes all three; it
-- fails only when each of them passes for someone but nobody passes all three, so every failure is listed
-- once. Account cap: fewer invitations to the account than advocacy_ask_caps.per_account in the window.
-- Incremental: each day reads only the same day of the health mart and the contact gates, so a run
-- recomputes the days from incremental_window_start() on and replaces them whole.

{%- set caps = var('advocacy_ask_caps') %}
{%- set minimum_champion_health = var('advocacy_minimum_champion_health') %}
{%- set minimum_sponsor_health = var('advocacy_minimum_sponsor_health') %}

with

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
    where {{ in_recomputed_days('score_date', 'gate_date') }}
),

contact_gates as (
    select * from {{ ref('int_advocacy__contact_gates_daily') }}
    where {{ in_recomputed_days('gate_date') }}
),

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

account_days as (
    select
        account_id,
        score_date as gate_date
    from account_health
),

contact_rollup as (
    select
        account_id,
        gate_date,
        count(*) as key_contacts,
        sum(
            case when persona = 'champion' and is_verified_champion then 1 else 0 end
        ) as verified_champions,
        max(
            case when persona = 'champion' and is_verified_champion then persona_health_score end
        ) as best_verified_champion_health,
        sum(
            case
                when persona = 'executive_sponsor' and seniority in ('manager', 'director', 'executive') then 1 else 0
            end
        ) as sponsors,
        max(
            case
                when persona = 'executive_sponsor' and seniority in ('manager', 'director', 'executive')
                    then persona_health_score
            end
        ) as best_sponsor_health,
        sum(case when has_consent then 1 else 0 end) as consented_contacts,
        sum(case when is_within_contact_cap then 1 else 0 end) as contacts_within_cap,
        sum(case when is_resting then 0 else 1 end) as rested_contacts,
        sum(case when is_askable then 1 else 0 end) as askable_contacts,
        min(rest_ends_on) as first_rest_end
    from contact_gates
    group by account_id, gate_date
),

account_asks as (
    select
        account_days.account_id,
        account_days.gate_date,
        count(invitations.invitation_id) as account_asks_in_window
    from account_days
    left join invitations
        on
            account_days.account_id = invitations.account_id
            and cast(invitations.invited_at as date) <= account_days.gate_date
            and cast(invitations.invited_at as date)
            > cast({{ dbt.dateadd('day', -caps['window_days'], 'account_days.gate_date') }} as date)
    group by account_days.account_id, account_days.gate_date
),

combined as (
    select
        account_days.account_id,
        account_days.gate_date,
        coalesce(contact_rollup.key_contacts, 0) as key_contacts,
        coalesce(contact_rollup.verified_champions, 0) as verified_champions,
        contact_rollup.best_verified_champion_health,
        coalesce(contact_rollup.sponsors, 0) as sponsors,
        contact_rollup.best_sponsor_health,
        coalesce(contact_rollup.consented_contacts, 0) as consented_contacts,
        coalesce(contact_rollup.contacts_within_cap, 0) as contacts_within_cap,
        coalesce(contact_rollup.rested_contacts, 0) as rested_contacts,
        coalesce(contact_rollup.askable_contacts, 0) as askable_contacts,
        contact_rollup.first_rest_end,
        account_asks.account_asks_in_window
    from account_days
    left join contact_rollup
        on
            account_days.account_id = contact_rollup.account_id
            and account_days.gate_date = contact_rollup.gate_date
    inner join account_asks
        on
            account_days.account_id = account_asks.account_id
            and account_days.gate_date = account_asks.gate_date
),

gates as (
    select
        *,
        coalesce(best_verified_champion_health >= {{ minimum_champion_health }}, false) as passes_champion_gate,
        coalesce(best_sponsor_health >= {{ minimum_sponsor_health }}, false) as passes_sponsor_gate,
        consented_contacts > 0 as passes_consent_gate,
        account_asks_in_window < {{ caps['per_account'] }} as passes_account_cap_gate,
        contacts_within_cap > 0 as passes_contact_cap_gate,
        rested_contacts > 0 as passes_rest_gate,
        askable_contacts > 0 or consented_contacts = 0 or contacts_within_cap = 0 or rested_contacts = 0
            as passes_askable_contact_gate
    from combined
)

select
    account_id,
    gate_date,
    key_contacts,
    verified_champions,
    best_verified_champion_health,
    sponsors,
    best_sponsor_health,
    consented_contacts,
    askable_contacts,
    account_asks_in_window,
    passes_champion_gate,
    case
        when passes_champion_gate then null
        when key_contacts = 0 then 'no verified champion: no key contact on record'
        when verified_champions = 0 then 'no verified champion'
        when best_verified_champion_health is null then 'no persona health data for the verified champion'
        else {{ dbt.concat([
            "'best verified champion persona health '", number_as_text('best_verified_champion_health'),
            "' below " ~ minimum_champion_health ~ "'"
        ]) }}
    end as champion_failure,
    passes_sponsor_gate,
    case
        when passes_sponsor_gate then null
        when key_contacts = 0 then 'no executive sponsor: no key contact on record'
        when sponsors = 0 then 'no executive sponsor of manager level or above'
        when best_sponsor_health is null then 'no persona health data for the executive sponsor'
        else {{ dbt.concat([
            "'best executive sponsor persona health '", number_as_text('best_sponsor_health'),
            "' below " ~ minimum_sponsor_health ~ "'"
        ]) }}
    end as sponsor_failure,
    passes_consent_gate,
    case
        when passes_consent_gate then null
        when key_contacts = 0 then 'no key contact on record'
        else 'no key contact has consent in force'
    end as consent_failure,
    passes_account_cap_gate,
    case
        when not passes_account_cap_gate
            then {{ dbt.concat([
                "'account asked '", number_as_text('account_asks_in_window'),
                "' times in " ~ caps['window_days'] ~ " days (cap " ~ caps['per_account'] ~ ")'"
            ]) }}
    end as account_cap_failure,
    passes_contact_cap_gate,
    case
        when passes_contact_cap_gate then null
        when key_contacts = 0 then 'no key contact on record'
        else 'every key contact was asked {{ caps["per_contact"] }} times in {{ caps["window_days"] }} days'
    end as contact_cap_failure,
    passes_rest_gate,
    case
        when passes_rest_gate then null
        when key_contacts = 0 then 'no key contact on record'
        else {{ dbt.concat([
            "'every key contact is resting after a completed activity (the first can be asked again on '",
            "cast(first_rest_end as " ~ dbt.type_string() ~ ")", "')'"
        ]) }}
    end as rest_failure,
    passes_askable_contact_gate,
    case
        when not passes_askable_contact_gate
            then 'no single key contact has consent, is under the contact cap and is not resting'
    end as askable_contact_failure
from gates
