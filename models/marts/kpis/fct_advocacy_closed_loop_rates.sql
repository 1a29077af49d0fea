-- One row per closed-loop dimension and value: the asks of fct_advocacy_closed_loop grouped by the account's
-- band, score decile and top component on the day of the ask, by the band each component score would fall
-- in under the health band cut-offs, by program, and by whether the account passed every gate that day,
-- with acceptance, false-positive and good-outcome rates. The rows of dimension was_eligible_on_ask_day give
-- the precision of the eligibility rule. Rates are null when no ask is in their denominator.

{%- set components = var('health_component_weights').keys() | list | sort %}

with

closed_loop as (
    select * from {{ ref('fct_advocacy_closed_loop') }}
),

dimension_values as (
    select
        'all' as dimension,
        'all' as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop

    union all

    select
        'band' as dimension,
        coalesce(band_at_ask, 'not_scored') as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop

    union all

    select
        'score_decile' as dimension,
        coalesce(cast(score_decile as {{ dbt.type_string() }}), 'not_scored') as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop

    union all

    select
        'top_component' as dimension,
        coalesce(top_component_at_ask, 'not_scored') as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop

    {%- for component in components %}

    union all

    select
        '{{ component }}_score_band' as dimension,
        case
            when {{ component }}_score_at_ask is null then 'no_data'
            when {{ component }}_score_at_ask >= {{ var('health_band_healthy_from') }} then 'healthy'
            when {{ component }}_score_at_ask < {{ var('health_band_at_risk_below') }} then 'at_risk'
            else 'neutral'
        end as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop
    {%- endfor %}

    union all

    select
        'program' as dimension,
        program as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop

    union all

    select
        'was_eligible_on_ask_day' as dimension,
        case when was_eligible_on_ask_day then 'true' else 'false' end as dimension_value,
        is_accepted,
        is_false_positive,
        is_good_outcome,
        as_of_date
    from closed_loop
),

counted as (
    select
        dimension,
        dimension_value,
        max(as_of_date) as as_of_date,
        count(*) as asks,
        sum(case when is_accepted then 1 else 0 end) as accepted_asks,
        count(is_false_positive) as judged_asks,
        sum(case when is_false_positive then 1 else 0 end) as false_positive_asks,
        sum(case when is_good_outcome then 1 else 0 end) as good_outcome_asks
    from dimension_values
    group by dimension, dimension_value
)

select
    dimension,
    dimension_value,
    asks,
    accepted_asks,
    {{ safe_divide('accepted_asks', 'asks') }} as acceptance_rate,
    judged_asks,
    false_positive_asks,
    {{ safe_divide('false_positive_asks', 'judged_asks') }} as false_positive_rate,
    good_outcome_asks,
    {{ safe_divide('good_outcome_asks', 'judged_asks') }} as good_outcome_rate,
    as_of_date
from counted
