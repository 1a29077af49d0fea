{{ config(**intermediate_by_day_config('score_date')) }}

-- One row per account and scored day: the four component scores, the weighted health score, signal
-- completeness, and each measure's effective weight and contribution. A missing measure's weight is shared
-- among the measures of its component that have data. A component with no data at all shares its weight
-- among the other components. Completeness is the share of configured weight backed by data, in percent.
-- The contributions of all measures add up to the health score.
-- Incremental: each row is computed from the same account and day of the ranking, so a run recomputes only
-- the days from incremental_window_start() on and replaces them whole.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set component_weights = var('health_component_weights') %}
{%- set measure_weights = var('health_measure_weights') %}

with

measure_scores as (
    select * from {{ ref('int_health__measure_scores') }}
    where {{ in_recomputed_days('score_date') }}
),

component_weight_present as (
    -- Configured weight (percent of the component) of the measures that have data today.
    select
        *,
        {%- for component, weights in measure_weights.items() %}
        (
            {%- for measure, weight in weights.items() %}
            case when {{ measure }}_normalized_score is not null then {{ weight }} else 0 end
            {{- ' +' if not loop.last }}
            {%- endfor %}
        ) as {{ component }}_weight_present,
        (
            {%- for measure, weight in weights.items() %}
            coalesce({{ weight }} * {{ measure }}_normalized_score, 0)
            {{- ' +' if not loop.last }}
            {%- endfor %}
        ) as {{ component }}_weighted_sum
        {{- ',' if not loop.last }}
        {%- endfor %}
    from measure_scores
),

components as (
    select
        *,
        {%- for component in measure_weights %}
        {{ safe_divide(component ~ '_weighted_sum', component ~ '_weight_present') }} as {{ component }}_score,
        {%- endfor %}
        (
            {%- for component in measure_weights %}
            case when {{ component }}_weight_present > 0 then {{ component_weights[component] }} else 0 end
            {{- ' +' if not loop.last }}
            {%- endfor %}
        ) as component_weight_present,
        -- Doubles, not numerics: PostgreSQL would otherwise keep these integer ratios as numeric.
        cast(
            {%- for component, weights in measure_weights.items() %}
            {{ component_weights[component] }} * {{ component }}_weight_present
            {{- ' +' if not loop.last }}
            {%- endfor %}
            as {{ type_double() }}
        ) / 100 as signal_completeness
    from component_weight_present
),

effective_weights as (
    -- Each measure's share of the health score today, in percent; zero when it has no data.
    select
        *,
        {%- for component, weights in measure_weights.items() %}
        {%- set outer_loop = loop %}
        {%- for measure, weight in weights.items() %}
        case
            when {{ measure }}_normalized_score is not null
                then cast({{ component_weights[component] }} * 100 * {{ weight }} as {{ type_double() }})
                    / (component_weight_present * {{ component }}_weight_present)
            else 0.0
        end as {{ measure }}_effective_weight
        {{- ',' if not (loop.last and outer_loop.last) }}
        {%- endfor %}
        {%- endfor %}
    from components
)

select
    account_id,
    score_date,
    segment,
    plan,
    {%- for component in measure_weights %}
    {{ component }}_score,
    {%- endfor %}
    (
        {%- for component, weight in component_weights.items() %}
        {{ weight }} * coalesce({{ component }}_score, 0)
        {{- ' +' if not loop.last }}
        {%- endfor %}
    ) / nullif(component_weight_present, 0) as health_score,
    signal_completeness,
    {%- for component, weights in measure_weights.items() %}
    {%- set outer_loop = loop %}
    {%- for measure in weights %}
    {{ measure }}_score,
    {{ measure }}_normalized_score,
    {{ measure }}_effective_weight,
    {{ measure }}_effective_weight * coalesce({{ measure }}_normalized_score, 0) / 100.0 as {{ measure }}_contribution
    {{- ',' if not (loop.last and outer_loop.last) }}
    {%- endfor %}
    {%- endfor %}
from effective_weights
