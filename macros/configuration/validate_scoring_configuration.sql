{% macro validate_scoring_configuration() %}
    {#-
        Check the governed scoring configuration (the health_* and advocacy_* vars) and stop the command
        with one message listing every problem, each naming the var and its value. Runs as an on-run-start
        hook, so every dbt build, run, test and seed checks it first. Returns no SQL.
    -#}
    {%- set problems = [] -%}

    {%- set component_weights = var('health_component_weights') -%}
    {%- set ranges = var('health_component_weight_ranges') -%}
    {%- set measure_weights = var('health_measure_weights') -%}

    {#- Component weights: known names, numbers, inside their allowed range, summing to 100. -#}
    {%- for component in ranges -%}
        {%- if component not in component_weights -%}
            {%- do problems.append('health_component_weights has no weight for ' ~ component) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set ns = namespace(total=0) -%}
    {%- for component, weight in component_weights.items() -%}
        {%- if component not in ranges -%}
            {%- do problems.append('health_component_weights.' ~ component ~ ' is not a known component (expected one of '
                ~ ranges.keys() | join(', ') ~ ')') -%}
        {%- elif weight is not number -%}
            {%- do problems.append('health_component_weights.' ~ component ~ ' is ' ~ weight ~ ', not a number') -%}
        {%- else -%}
            {%- set ns.total = ns.total + weight -%}
            {%- if weight < ranges[component][0] or weight > ranges[component][1] -%}
                {%- do problems.append('health_component_weights.' ~ component ~ ' is ' ~ weight ~ ' %, outside its allowed range '
                    ~ ranges[component][0] ~ '-' ~ ranges[component][1] ~ ' %') -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if (ns.total - 100) | abs > 0.001 -%}
        {%- do problems.append('health_component_weights sum to ' ~ ns.total ~ ' %, not 100 %') -%}
    {%- endif -%}

    {#- Measure weights: one known set per component, non-negative, summing to 100 within the component. -#}
    {%- for component in ranges -%}
        {%- set weights = measure_weights.get(component) -%}
        {%- if weights is not mapping or weights | length == 0 -%}
            {%- do problems.append('health_measure_weights.' ~ component ~ ' is missing or empty') -%}
        {%- else -%}
            {%- set ns.total = 0 -%}
            {%- for measure, weight in weights.items() -%}
                {%- if measure not in customer_advocacy.health_measures().get(component, []) -%}
                    {%- do problems.append('health_measure_weights.' ~ component ~ '.' ~ measure ~ ' is not a known '
                        ~ component ~ ' measure (expected one of ' ~ customer_advocacy.health_measures()[component] | join(', ') ~ ')') -%}
                {%- elif weight is not number or weight < 0 -%}
                    {%- do problems.append('health_measure_weights.' ~ component ~ '.' ~ measure ~ ' is ' ~ weight
                        ~ ', not a number of 0 or more') -%}
                {%- else -%}
                    {%- set ns.total = ns.total + weight -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if (ns.total - 100) | abs > 0.001 -%}
                {%- do problems.append('health_measure_weights.' ~ component ~ ' sum to ' ~ ns.total ~ ' %, not 100 %') -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Scalars: numbers inside their meaningful range. -#}
    {%- set scalar_ranges = {
        'health_band_healthy_from': [0, 100],
        'health_band_at_risk_below': [0, 100],
        'health_band_hysteresis_points': [0, 20],
        'health_minimum_completeness': [0, 100],
        'health_minimum_peer_group_size': [1, 1000000],
        'health_peer_normalization_share': [0, 100],
        'health_persistence_days': [1, 3650],
        'advocacy_intent_bonus_cap': [0, 50],
        'health_incremental_lookback_days': [0, 365],
        'persona_full_activity_share': [0.01, 1],
    } -%}
    {%- for name, bounds in scalar_ranges.items() -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value < bounds[0] or value > bounds[1] -%}
            {%- do problems.append(name ~ ' is ' ~ value ~ ', expected a number from ' ~ bounds[0] ~ ' to ' ~ bounds[1]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set healthy_from = var('health_band_healthy_from') -%}
    {%- set at_risk_below = var('health_band_at_risk_below') -%}
    {%- set hysteresis = var('health_band_hysteresis_points') -%}
    {%- if healthy_from is number and at_risk_below is number and hysteresis is number
        and at_risk_below + hysteresis >= healthy_from - hysteresis -%}
        {%- do problems.append('health_band_at_risk_below (' ~ at_risk_below ~ ') plus the hysteresis (' ~ hysteresis
            ~ ') must stay below health_band_healthy_from (' ~ healthy_from ~ ') minus the hysteresis') -%}
    {%- endif -%}

    {#- Windows: whole numbers of days. Scales: two different numbers. -#}
    {%- for name, days in var('health_window_days').items() -%}
        {%- if days is not integer or days < 1 -%}
            {%- do problems.append('health_window_days.' ~ name ~ ' is ' ~ days ~ ', expected a whole number of days, 1 or more') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name, days in var('persona_window_days').items() -%}
        {%- if days is not integer or days < 1 -%}
            {%- do problems.append('persona_window_days.' ~ name ~ ' is ' ~ days ~ ', expected a whole number of days, 1 or more') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set intent_window = var('advocacy_intent_window_days') -%}
    {%- if intent_window is not integer or intent_window < 1 -%}
        {%- do problems.append('advocacy_intent_window_days is ' ~ intent_window ~ ', expected a whole number of days, 1 or more') -%}
    {%- endif -%}
    {%- for name, bounds in var('health_measure_scales').items() -%}
        {%- if bounds | length != 2 or bounds[0] is not number or bounds[1] is not number or bounds[0] == bounds[1] -%}
            {%- do problems.append('health_measure_scales.' ~ name ~ ' is ' ~ bounds ~ ', expected [worst, best]: two different numbers') -%}
        {%- endif -%}
    {%- endfor -%}

    {%- for activity_type, points in var('advocacy_intent_points').items() -%}
        {%- if points is not number or points < 0 -%}
            {%- do problems.append('advocacy_intent_points.' ~ activity_type ~ ' is ' ~ points ~ ', not a number of 0 or more') -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Persona weights: each persona's signal weights and the roll-up weights sum to 100. -#}
    {%- for persona, weights in var('persona_signal_weights').items() -%}
        {%- set ns.total = 0 -%}
        {%- for signal, weight in weights.items() -%}
            {%- if signal not in ['product_activity', 'engagement', 'sentiment'] -%}
                {%- do problems.append('persona_signal_weights.' ~ persona ~ '.' ~ signal
                    ~ ' is not a known signal (expected product_activity, engagement, sentiment)') -%}
            {%- elif weight is not number or weight < 0 -%}
                {%- do problems.append('persona_signal_weights.' ~ persona ~ '.' ~ signal ~ ' is ' ~ weight ~ ', not a number of 0 or more') -%}
            {%- else -%}
                {%- set ns.total = ns.total + weight -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if (ns.total - 100) | abs > 0.001 -%}
            {%- do problems.append('persona_signal_weights.' ~ persona ~ ' sum to ' ~ ns.total ~ ' %, not 100 %') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set ns.total = 0 -%}
    {%- for persona, weight in var('persona_rollup_weights').items() -%}
        {%- if persona not in var('persona_signal_weights') -%}
            {%- do problems.append('persona_rollup_weights.' ~ persona ~ ' has no entry in persona_signal_weights') -%}
        {%- elif weight is number -%}
            {%- set ns.total = ns.total + weight -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if (ns.total - 100) | abs > 0.001 -%}
        {%- do problems.append('persona_rollup_weights sum to ' ~ ns.total ~ ' %, not 100 %') -%}
    {%- endif -%}

    {#- as_of_date: null or an ISO date. -#}
    {%- set as_of_date = var('as_of_date') -%}
    {%- if as_of_date is not none -%}
        {%- set parsed = modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of_date | string) -%}
        {%- if not parsed -%}
            {%- do problems.append('as_of_date is ' ~ as_of_date ~ ', expected null or a date as YYYY-MM-DD') -%}
        {%- endif -%}
    {%- endif -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            'Invalid scoring configuration (vars in dbt_project.yml or --vars):\n  - ' ~ problems | join('\n  - ')
        ) }}
    {%- endif -%}

    {{ return('') }}
{% endmacro %}


{% macro health_measures() %}
    {#- The measures each health component is built from, in the order the models list them. -#}
    {{ return({
        'adoption': ['license_utilization', 'key_feature_breadth', 'usage_trend', 'time_to_value'],
        'outcomes': ['milestones_on_time', 'verified_outcomes', 'sla_attainment', 'first_response_time', 'resolution_time'],
        'sentiment': ['nps', 'csat', 'psat', 'csm_sentiment'],
        'commercial': ['renewal_outlook', 'arr_momentum', 'overage', 'payment_standing'],
    }) }}
{% endmacro %}
