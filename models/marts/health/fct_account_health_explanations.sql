-- One row per active account and health measure on the as-of date: the measure's score, effective weight
-- and contribution to the health score today and 30 days before, the change in contribution, and its rank
-- among the account's measures by size of change. The top three changes are the drivers of the score's
-- movement; contributions of all measures of an account add up to its health score on each day.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set measures_by_component = health_measures() %}

with

account_scores as (
    select * from {{ ref('int_health__account_scores') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

today as (
    select account_scores.*
    from account_scores
    inner join scoring_period on account_scores.score_date = scoring_period.as_of_date
),

thirty_days_ago as (
    select account_scores.*
    from account_scores
    inner join scoring_period
        on account_scores.score_date = cast({{ dbt.dateadd('day', -30, 'scoring_period.as_of_date') }} as date)
),

measure_rows as (
    {%- for component, measures in measures_by_component.items() %}
    {%- set outer_loop = loop %}
    {%- for measure in measures %}
    select
        today.account_id,
        today.score_date as as_of_date,
        '{{ component }}' as component,
        '{{ measure }}' as measure,
        today.{{ measure }}_score as score,
        today.{{ measure }}_normalized_score as normalized_score,
        today.{{ measure }}_effective_weight as effective_weight,
        today.{{ measure }}_contribution as contribution,
        thirty_days_ago.{{ measure }}_normalized_score as normalized_score_30_days_ago,
        thirty_days_ago.{{ measure }}_effective_weight as effective_weight_30_days_ago,
        thirty_days_ago.{{ measure }}_contribution as contribution_30_days_ago
    from today
    left join thirty_days_ago on today.account_id = thirty_days_ago.account_id
    {%- if not (loop.last and outer_loop.last) %}

    union all
    {% endif %}
    {%- endfor %}
    {%- endfor %}
),

changes as (
    select
        *,
        contribution - contribution_30_days_ago as contribution_change
    from measure_rows
),

ranked_changes as (
    -- Rounded to a millionth of a point before ranking: engines sum floats in different orders, and the
    -- last bits must not reorder two equal changes.
    select
        *,
        row_number() over (
            partition by account_id
            order by round(abs(coalesce(contribution_change, 0)) * 1000000) desc, measure
        ) as change_rank
    from changes
)

select
    account_id,
    as_of_date,
    component,
    measure,
    score,
    normalized_score,
    effective_weight,
    contribution,
    normalized_score_30_days_ago,
    effective_weight_30_days_ago,
    contribution_30_days_ago,
    contribution_change,
    change_rank,
    change_rank <= 3 and coalesce(contribution_change, 0) <> 0 as is_top_driver
from ranked_changes
