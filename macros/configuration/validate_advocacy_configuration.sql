{% macro validate_advocacy_configuration() %}
    {#-
        Check the governed advocacy configuration (the advocacy gate, cap, play and task vars) and stop the
        command with one message listing every problem, each naming the var and its value. Runs as an
        on-run-start hook beside validate_scoring_configuration(), which checks the health_* vars that the
        persistence and completeness gates reuse. Returns no SQL.
    -#}
    {%- set problems = [] -%}

    {#- Whole numbers of days or asks: [var path, value, minimum, maximum]. -#}
    {%- set caps = var('advocacy_ask_caps') -%}
    {%- set triggers = var('advocacy_play_triggers') -%}
    {%- set due_days = var('advocacy_task_due_days') -%}
    {%- set whole_numbers = [
        ['advocacy_support_cooling_off_days', var('advocacy_support_cooling_off_days'), 0, 365],
        ['advocacy_contraction_lookback_days', var('advocacy_contraction_lookback_days'), 0, 1095],
        ['advocacy_rest_days_after_completion', var('advocacy_rest_days_after_completion'), 0, 365],
        ['advocacy_recognition_window_days', var('advocacy_recognition_window_days'), 1, 365],
    ] -%}

    {%- if caps is not mapping -%}
        {%- do problems.append('advocacy_ask_caps is ' ~ caps ~ ', expected {per_contact: N, per_account: N, window_days: N}') -%}
    {%- else -%}
        {%- do whole_numbers.append(['advocacy_ask_caps.per_contact', caps.get('per_contact'), 1, 50]) -%}
        {%- do whole_numbers.append(['advocacy_ask_caps.per_account', caps.get('per_account'), 1, 50]) -%}
        {%- do whole_numbers.append(['advocacy_ask_caps.window_days', caps.get('window_days'), 1, 366]) -%}
    {%- endif -%}

    {%- if triggers is not mapping -%}
        {%- do problems.append('advocacy_play_triggers is ' ~ triggers
            ~ ', expected {decline_points_30_days: N, neutral_stuck_days: N, at_risk_stuck_days: N}') -%}
    {%- else -%}
        {%- do whole_numbers.append(['advocacy_play_triggers.neutral_stuck_days', triggers.get('neutral_stuck_days'), 1, 3650]) -%}
        {%- do whole_numbers.append(['advocacy_play_triggers.at_risk_stuck_days', triggers.get('at_risk_stuck_days'), 1, 3650]) -%}
        {%- set decline = triggers.get('decline_points_30_days') -%}
        {%- if decline is not number or decline >= 0 or decline < -100 -%}
            {%- do problems.append('advocacy_play_triggers.decline_points_30_days is ' ~ decline
                ~ ', expected a negative number of score points from -100 to just below 0') -%}
        {%- endif -%}
    {%- endif -%}

    {%- if due_days is not mapping -%}
        {%- do problems.append('advocacy_task_due_days is ' ~ due_days ~ ', expected {save_play: N, success_play: N, recognition: N}') -%}
    {%- else -%}
        {%- for task_type in ['save_play', 'success_play', 'recognition'] -%}
            {%- do whole_numbers.append(['advocacy_task_due_days.' ~ task_type, due_days.get(task_type), 1, 365]) -%}
        {%- endfor -%}
    {%- endif -%}

    {%- for name, value, minimum, maximum in whole_numbers -%}
        {%- if value is not integer or value < minimum or value > maximum -%}
            {%- do problems.append(name ~ ' is ' ~ value ~ ', expected a whole number from ' ~ minimum ~ ' to ' ~ maximum) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Persona health minimums: scores on the 0-100 scale. -#}
    {%- for name in ['advocacy_minimum_champion_health', 'advocacy_minimum_sponsor_health'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value < 0 or value > 100 -%}
            {%- do problems.append(name ~ ' is ' ~ value ~ ', expected a persona health score from 0 to 100') -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Value floors: one entry per segment, each with an ARR and a lifetime-value floor of 0 or more. -#}
    {%- set floors = var('advocacy_value_floors') -%}
    {%- if floors is not mapping -%}
        {%- do problems.append('advocacy_value_floors is ' ~ floors ~ ', expected one {arr: N, lifetime_value: N} per segment') -%}
    {%- else -%}
        {%- for segment in advocacy_segments() -%}
            {%- if segment not in floors -%}
                {%- do problems.append('advocacy_value_floors has no floor for segment ' ~ segment) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for segment, floor in floors.items() -%}
            {%- if segment not in advocacy_segments() -%}
                {%- do problems.append('advocacy_value_floors.' ~ segment ~ ' is not a known segment (expected one of '
                    ~ advocacy_segments() | join(', ') ~ ')') -%}
            {%- elif floor is not mapping -%}
                {%- do problems.append('advocacy_value_floors.' ~ segment ~ ' is ' ~ floor ~ ', expected {arr: N, lifetime_value: N}') -%}
            {%- else -%}
                {%- for measure in ['arr', 'lifetime_value'] -%}
                    {%- set amount = floor.get(measure) -%}
                    {%- if amount is not number or amount < 0 -%}
                        {%- do problems.append('advocacy_value_floors.' ~ segment ~ '.' ~ measure ~ ' is ' ~ amount
                            ~ ', expected an amount of 0 or more') -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

    {#- Regulated industries: a list of industry names as staging writes them (lower case, underscores). -#}
    {%- set industries = var('advocacy_regulated_industries') -%}
    {%- if industries is string or industries is mapping or industries is not iterable -%}
        {%- do problems.append('advocacy_regulated_industries is ' ~ industries ~ ', expected a list of industry names') -%}
    {%- else -%}
        {%- for industry in industries -%}
            {%- if industry is not string or not modules.re.match('^[a-z][a-z0-9_]*$', industry) -%}
                {%- do problems.append('advocacy_regulated_industries contains ' ~ industry
                    ~ ', expected an industry name in lower case with underscores, such as financial_services') -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            'Invalid advocacy configuration (vars in dbt_project.yml or --vars):\n  - ' ~ problems | join('\n  - ')
        ) }}
    {%- endif -%}

    {{ return('') }}
{% endmacro %}

