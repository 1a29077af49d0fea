-- One row per invitation (an ask) sent on or before the as-of date. It carries the response and completion
-- recorded up to the as-of date, the consent in force at the moment of the ask, whether the ask broke a cap
-- or reached a resting contact, and the gates the account failed that day. Account gates come from
-- int_advocacy__account_gates_daily on the day of the ask. Consent, caps and rest are evaluated for this
-- ask: the contact's consent for the program, the asks made before it in the cap window, and the contact's
-- last completed activity before it. An ask without consent or with any failed gate is a compliance
-- incident.

{%- set caps = var('advocacy_ask_caps') %}
{%- set rest_days = var('advocacy_rest_days_after_completion') %}

with

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

responses as (
    select * from {{ ref('stg_advocacy__responses') }}
),

completions as (
    select * from {{ ref('stg_advocacy__completions') }}
),

consent_periods as (
    select * from {{ ref('int_advocacy__consent_periods') }}
),

account_gates as (
    select * from {{ ref('int_advocacy__account_gates_daily') }}
),

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

asks as (
    select
        invitations.invitation_id,
        invitations.account_id,
        invitations.contact_id,
        invitations.program,
        invitations.invited_at,
        cast(invitations.invited_at as date) as invited_on,
        invitations.invited_by,
        scoring_period.as_of_date
    from invitations
    cross join scoring_period
    where cast(invitations.invited_at as date) <= scoring_period.as_of_date
),

latest_responses as (
    select
        responses.invitation_id,
        responses.response,
        responses.responded_at,
        row_number() over (
            partition by responses.invitation_id
            order by responses.responded_at desc, responses.response_id desc
        ) as response_rank
    from responses
    cross join scoring_period
    where cast(responses.responded_at as date) <= scoring_period.as_of_date
),

first_completions as (
    select
        completions.completion_id,
        completions.invitation_id,
        completions.completed_at,
        row_number() over (
            partition by completions.invitation_id
            order by completions.completed_at, completions.completion_id
        ) as completion_rank
    from completions
    cross join scoring_period
    where cast(completions.completed_at as date) <= scoring_period.as_of_date
),

consent_at_ask as (
    select
        asks.invitation_id,
        consent_periods.consent_id,
        consent_periods.consent_scope,
        consent_periods.consent_status
    from asks
    inner join consent_periods
        on
            asks.contact_id = consent_periods.contact_id
            and asks.program = consent_periods.program
            and asks.invited_at >= consent_periods.in_force_from
            and (consent_periods.in_force_until is null or asks.invited_at < consent_periods.in_force_until)
),

earlier_asks as (
    -- Asks before this one (earlier timestamp, or the same one and a lower invitation_id) in the cap window.
    select
        asks.invitation_id,
        sum(case when earlier.contact_id = asks.contact_id then 1 else 0 end) as earlier_contact_asks,
        count(earlier.invitation_id) as earlier_account_asks
    from asks
    left join asks as earlier
        on
            asks.account_id = earlier.account_id
            and cast({{ dbt.dateadd('day', -caps['window_days'], 'asks.invited_on') }} as date)
            < earlier.invited_on
            and (
                asks.invited_at > earlier.invited_at
                or (asks.invited_at = earlier.invited_at and asks.invitation_id > earlier.invitation_id)
            )
    group by asks.invitation_id
),

earlier_completions as (
    select
        asks.invitation_id,
        max(cast(completions.completed_at as date)) as last_completed_on
    from asks
    inner join invitations as completed_invitations on asks.contact_id = completed_invitations.contact_id
    inner join completions on completed_invitations.invitation_id = completions.invitation_id
    where completions.completed_at < asks.invited_at
    group by asks.invitation_id
),

checked as (
    select
        asks.*,
        latest_responses.response,
        latest_responses.responded_at,
        first_completions.completion_id,
        first_completions.completed_at,
        consent_at_ask.consent_id as consent_id_at_ask,
        consent_at_ask.consent_scope as consent_scope_at_ask,
        coalesce(consent_at_ask.consent_status, 'none') as consent_status_at_ask,
        earlier_asks.earlier_contact_asks,
        earlier_asks.earlier_account_asks,
        earlier_completions.last_completed_on,
        account_health.health_score as health_score_at_ask,
        account_health.band as band_at_ask,
        account_gates.account_id is not null as was_scored_on_ask_day,
        account_gates.failed_account_gates,
        coalesce(consent_at_ask.consent_status = 'granted', false) as passes_consent_gate,
        earlier_asks.earlier_account_asks < {{ caps['per_account'] }} as passes_account_cap_gate,
        earlier_asks.earlier_contact_asks < {{ caps['per_contact'] }} as passes_contact_cap_gate,
        coalesce(
            asks.invited_on
            >= cast({{ dbt.dateadd('day', rest_days, 'earlier_completions.last_completed_on') }} as date),
            true
        ) as passes_rest_gate,
        coalesce(account_gates.passes_account_gates, false) as passes_account_gates
    from asks
    left join latest_responses
        on
            asks.invitation_id = latest_responses.invitation_id
            and latest_responses.response_rank = 1
    left join first_completions
        on
            asks.invitation_id = first_completions.invitation_id
            and first_completions.completion_rank = 1
    left join consent_at_ask on asks.invitation_id = consent_at_ask.invitation_id
    inner join earlier_asks on asks.invitation_id = earlier_asks.invitation_id
    left join earlier_completions on asks.invitation_id = earlier_completions.invitation_id
    left join account_gates
        on
            asks.account_id = account_gates.account_id
            and asks.invited_on = account_gates.gate_date
    left join account_health
        on
            asks.account_id = account_health.account_id
            and asks.invited_on = account_health.score_date
),

gated as (
    select
        *,
        case
            when not was_scored_on_ask_day then 'account: not scored on the day of the ask'
            else failed_account_gates
        end as account_gate_failures,
        case
            when not passes_consent_gate
                then {{ dbt.concat([
                    "'consent: '",
                    "case when consent_status_at_ask = 'withdrawn' then 'withdrawn' else 'none on record' end",
                    "' for '", "program", "' at the time of the ask'"
                ]) }}
        end as consent_failure,
        case
            when not passes_account_cap_gate
                then {{ dbt.concat([
                    "'account_cap: '", number_as_text('earlier_account_asks'),
                    "' earlier asks of the account in " ~ caps['window_days'] ~ " days (cap " ~ caps['per_account'] ~ ")'"
                ]) }}
        end as account_cap_failure,
        case
            when not passes_contact_cap_gate
                then {{ dbt.concat([
                    "'contact_cap: '", number_as_text('earlier_contact_asks'),
                    "' earlier asks of the contact in " ~ caps['window_days'] ~ " days (cap " ~ caps['per_contact'] ~ ")'"
                ]) }}
        end as contact_cap_failure,
        case
            when not passes_rest_gate
                then {{ dbt.concat([
                    "'rest: contact completed an activity on '", "cast(last_completed_on as " ~ dbt.type_string() ~ ")",
                    "', inside the " ~ rest_days ~ "-day rest period'"
                ]) }}
        end as rest_failure
    from checked
)

select
    invitation_id,
    account_id,
    contact_id,
    program,
    invited_at,
    invited_on,
    invited_by,
    response,
    responded_at,
    completion_id,
    completed_at,
    consent_id_at_ask,
    consent_scope_at_ask,
    consent_status_at_ask,
    passes_consent_gate as had_consent_at_ask,
    earlier_contact_asks,
    earlier_account_asks,
    not passes_contact_cap_gate as broke_contact_cap,
    not passes_account_cap_gate as broke_account_cap,
    not passes_rest_gate as was_contact_resting,
    health_score_at_ask,
    band_at_ask,
    was_scored_on_ask_day,
    {{ join_non_null('; ', [
        'account_gate_failures', 'consent_failure', 'account_cap_failure', 'contact_cap_failure', 'rest_failure'
    ]) }} as failed_gates_at_ask,
    not passes_account_gates as failed_account_gate_at_ask,
    not passes_consent_gate
    or not passes_account_gates
    or not passes_account_cap_gate
    or not passes_contact_cap_gate
    or not passes_rest_gate as is_compliance_incident,
    as_of_date
from gated
