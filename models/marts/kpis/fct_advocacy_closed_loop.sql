-- One row per ask (invitation) in the ask ledger, joined back to the account's health on the day of the ask.
-- That is the score, band, score decile, the four component scores and the points each put into the score,
-- the component that carried it, and whether the account passed every gate that day. Beside it the outcome:
-- the latest response, completion, and the false-positive events within kpi_false_positive.window_days
-- days after the ask (a decline, an NPS answer below detractor_nps_below, a P1 or escalated ticket, a churn).
-- NOTE: component points use today's health_component_weights, the weights the stored scores were built with.

{%- set false_positive = var('kpi_false_positive') %}
{%- set component_weights = var('health_component_weights') %}
{%- set components = component_weights.keys() | list | sort %}

with

ask_ledger as (
    select * from {{ ref('fct_advocacy_ask_ledger') }}
),

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

account_gates as (
    select * from {{ ref('int_advocacy__account_gates_daily') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

asks as (
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
        had_consent_at_ask,
        failed_account_gate_at_ask,
        failed_gates_at_ask,
        is_compliance_incident,
        as_of_date,
        cast({{ dbt.dateadd('day', false_positive['window_days'], 'invited_on') }} as date) as outcome_window_end
    from ask_ledger
),

-- Each false-positive event counts when it happens after the ask and on or before the window's last day,
-- and never after the as-of date.
detractor_answers as (
    select distinct asks.invitation_id
    from asks
    inner join survey_responses
        on
            asks.account_id = survey_responses.account_id
            and survey_responses.survey_type = 'nps'
            and survey_responses.score < {{ false_positive['detractor_nps_below'] }}
            and asks.invited_at < survey_responses.responded_at
            and cast(survey_responses.responded_at as date) <= asks.outcome_window_end
            and cast(survey_responses.responded_at as date) <= asks.as_of_date
),

escalations as (
    select distinct asks.invitation_id
    from asks
    inner join tickets
        on
            asks.account_id = tickets.account_id
            and (
                (
                    tickets.priority = 'p1'
                    and asks.invited_at < tickets.created_at
                    and cast(tickets.created_at as date) <= asks.outcome_window_end
                    and cast(tickets.created_at as date) <= asks.as_of_date
                )
                or (
                    asks.invited_at < tickets.escalated_at
                    and cast(tickets.escalated_at as date) <= asks.outcome_window_end
                    and cast(tickets.escalated_at as date) <= asks.as_of_date
                )
            )
),

churns as (
    select distinct asks.invitation_id
    from asks
    inner join subscription_events
        on
            asks.account_id = subscription_events.account_id
            and subscription_events.event_type = 'churn'
            and asks.invited_at < subscription_events.occurred_at
            and cast(subscription_events.occurred_at as date) <= asks.outcome_window_end
            and cast(subscription_events.occurred_at as date) <= asks.as_of_date
),

joined as (
    select
        asks.*,
        accounts.segment,
        accounts.csm_id as owner_id,
        account_health.health_score as health_score_at_ask,
        account_health.band as band_at_ask,
        account_health.signal_completeness as signal_completeness_at_ask,
        {%- for component in components %}
        account_health.{{ component }}_score as {{ component }}_score_at_ask,
        {%- endfor %}
        -- Weight of the components that had data: the health score divides by it.
        (
            {%- for component in components %}
            case
                when account_health.{{ component }}_score is not null then {{ component_weights[component] }} else 0
            end
            {%- if not loop.last %} + {% endif %}
            {%- endfor %}
        ) as component_weight_present,
        coalesce(account_gates.is_eligible, false) as was_eligible_on_ask_day,
        coalesce(
            asks.response = 'declined'
            and cast(asks.responded_at as date) <= asks.outcome_window_end,
            false
        ) as declined_in_window,
        detractor_answers.invitation_id is not null as turned_detractor_in_window,
        escalations.invitation_id is not null as escalated_in_window,
        churns.invitation_id is not null as churned_in_window,
        asks.outcome_window_end <= asks.as_of_date as is_outcome_window_closed
    from asks
    left join accounts on asks.account_id = accounts.account_id
    left join account_health
        on
            asks.account_id = account_health.account_id
            and asks.invited_on = account_health.score_date
    left join account_gates
        on
            asks.account_id = account_gates.account_id
            and asks.invited_on = account_gates.gate_date
    left join detractor_answers on asks.invitation_id = detractor_answers.invitation_id
    left join escalations on asks.invitation_id = escalations.invitation_id
    left join churns on asks.invitation_id = churns.invitation_id
),

contributions as (
    select
        *,
        {%- for component in components %}
        cast({{ component_weights[component] }} as {{ type_double() }}) * {{ component }}_score_at_ask
        / nullif(component_weight_present, 0) as {{ component }}_points_at_ask,
        {%- endfor %}
        declined_in_window or turned_detractor_in_window or escalated_in_window or churned_in_window
            as has_false_positive_event
    from joined
),

carried as (
    select
        *,
        greatest(
            {%- for component in components %}
            coalesce({{ component }}_points_at_ask, -1){% if not loop.last %},{% endif %}
            {%- endfor %}
        ) as top_component_points
    from contributions
)

select
    invitation_id,
    account_id,
    contact_id,
    program,
    segment,
    owner_id,
    invited_by,
    invited_at,
    invited_on,
    cast({{ dbt.date_trunc('month', 'invited_on') }} as date) as invited_month,
    health_score_at_ask,
    band_at_ask,
    -- Score decile: 1 for scores from 0 to below 10, ..., 10 for 90 to 100.
    case
        when health_score_at_ask is not null
            then least(cast(floor(cast(health_score_at_ask as decimal(18, 6)) / 10) as integer) + 1, 10)
    end as score_decile,
    signal_completeness_at_ask,
    {%- for component in components %}
    {{ component }}_score_at_ask,
    {{ component }}_points_at_ask,
    {%- endfor %}
    case
        when health_score_at_ask is null or top_component_points < 0 then null
        {%- for component in components %}
        when {{ component }}_points_at_ask = top_component_points then '{{ component }}'
        {%- endfor %}
    end as top_component_at_ask,
    was_eligible_on_ask_day,
    had_consent_at_ask,
    failed_account_gate_at_ask,
    failed_gates_at_ask,
    is_compliance_incident,
    response,
    responded_at,
    coalesce(response = 'accepted', false) as is_accepted,
    completion_id,
    completed_at,
    completion_id is not null as is_completed,
    outcome_window_end,
    is_outcome_window_closed,
    declined_in_window,
    turned_detractor_in_window,
    escalated_in_window,
    churned_in_window,
    -- Null while the window is still open: an ask is judged only once its whole window has passed.
    case when is_outcome_window_closed then has_false_positive_event end as is_false_positive,
    -- A good ask: accepted and no false-positive event in its window; null while the window is open.
    case
        when is_outcome_window_closed then coalesce(response = 'accepted', false) and not has_false_positive_event
    end as is_good_outcome,
    as_of_date
from carried
