-- One row per completed advocacy activity (an ask with a completion). The CSM who owns the account and the
-- one who sent the ask get the credit. Each health component gets its share of the health score on the day
-- of the ask (its points / the score), which shows the components that carried the score.

{%- set components = var('health_component_weights').keys() | list | sort %}

with

closed_loop as (
    select * from {{ ref('fct_advocacy_closed_loop') }}
)

select
    completion_id,
    invitation_id,
    account_id,
    contact_id,
    program,
    segment,
    completed_at,
    cast({{ dbt.date_trunc('month', 'completed_at') }} as date) as completed_month,
    owner_id,
    invited_by,
    invited_on,
    health_score_at_ask,
    band_at_ask,
    top_component_at_ask,
    {%- for component in components %}
    {{ component }}_points_at_ask,
    {{ safe_divide(component ~ '_points_at_ask', 'health_score_at_ask') }} as {{ component }}_credit_share,
    {%- endfor %}
    as_of_date
from closed_loop
where is_completed
