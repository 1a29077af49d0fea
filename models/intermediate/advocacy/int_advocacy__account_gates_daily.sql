{{ config(**intermediate_by_day_config('gate_date')) }}

-- One row per active account and scored day: every advocacy gate as a boolean, the list of failed gates
-- with their reasons, and whether the account was eligible that day. The gates and their order come from
-- advocacy_gates(); the ask ledger reads this model on the day of each ask.
-- Incremental: each day joins the same day of the three gate models, so a run recomputes the days from
-- incremental_window_start() on and replaces them whole.
-- Columns repeated per gate come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set all_gates = advocacy_gate_names() %}
{%- set account_gates = advocacy_gate_names('account') %}
{%- set gate_models = {
    'persistence': 'score_gates', 'completeness': 'score_gates', 'value_floor': 'score_gates',
    'support': 'risk_gates', 'renewal': 'risk_gates', 'churn': 'risk_gates', 'contraction': 'risk_gates',
    'exclusion': 'risk_gates',
} %}

with

score_gates as (
    select * from {{ ref('int_advocacy__score_gates_daily') }}
    where {{ in_recomputed_days('gate_date') }}
),

risk_gates as (
    select * from {{ ref('int_advocacy__risk_gates_daily') }}
    where {{ in_recomputed_days('gate_date') }}
),

relationship_gates as (
    select * from {{ ref('int_advocacy__relationship_gates_daily') }}
    where {{ in_recomputed_days('gate_date') }}
),

joined as (
    select
        score_gates.account_id,
        score_gates.gate_date,
        {%- for gate in all_gates %}
        {%- set model = gate_models.get(gate, 'relationship_gates') %}
        {{ model }}.passes_{{ gate }}_gate,
        {{ model }}.{{ gate }}_failure,
        {%- endfor %}
        relationship_gates.askable_contacts
    from score_gates
    inner join risk_gates
        on
            score_gates.account_id = risk_gates.account_id
            and score_gates.gate_date = risk_gates.gate_date
    inner join relationship_gates
        on
            score_gates.account_id = relationship_gates.account_id
            and score_gates.gate_date = relationship_gates.gate_date
)

select
    account_id,
    gate_date,
    {%- for gate in all_gates %}
    passes_{{ gate }}_gate,
    {%- endfor %}
    askable_contacts,
    {{ failed_gates_text(all_gates) }} as failed_gates,
    {{ failed_gate_count(all_gates) }} as failed_gate_count,
    {{ failed_gates_text(account_gates) }} as failed_account_gates,
    {{ failed_gate_count(account_gates) }} = 0 as passes_account_gates,
    {{ failed_gate_count(all_gates) }} = 0 as is_eligible
from joined
