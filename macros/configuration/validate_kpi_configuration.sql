{% macro validate_kpi_configuration() %}
    {#-
        Check the KPI configuration (attribution comparisons, the active-advocate window, the false-positive
        window, the bias-check tolerance) and stop the command with one message listing every problem, each
        naming the var and its value. Runs as an on-run-start hook beside the scoring and advocacy checks.
        Returns no SQL.
    -#}
    {%- set problems = [] -%}
    {%- set whole_numbers = [
        ['kpi_active_advocate_window_days', var('kpi_active_advocate_window_days'), 1, 1095],
    ] -%}

    {%- set attribution = var('kpi_attribution') -%}
    {%- if attribution is not mapping -%}
        {%- do problems.append('kpi_attribution is ' ~ attribution
            ~ ', expected {comparable_opportunity_types: [...], minimum_comparable_opportunities: N}') -%}
    {%- else -%}
        {%- set types = attribution.get('comparable_opportunity_types') -%}
        {%- set known_types = ['new_business', 'expansion', 'renewal'] -%}
        {%- if types is string or types is mapping or types is not iterable or types | length == 0 -%}
            {%- do problems.append('kpi_attribution.comparable_opportunity_types is ' ~ types
                ~ ', expected a non-empty list of opportunity types from ' ~ known_types | join(', ')) -%}
        {%- else -%}
            {%- for opportunity_type in types -%}
                {%- if opportunity_type not in known_types -%}
                    {%- do problems.append('kpi_attribution.comparable_opportunity_types contains ' ~ opportunity_type
                        ~ ', expected one of ' ~ known_types | join(', ')) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do whole_numbers.append([
            'kpi_attribution.minimum_comparable_opportunities', attribution.get('minimum_comparable_opportunities'), 1, 1000
        ]) -%}
    {%- endif -%}

    {%- set false_positive = var('kpi_false_positive') -%}
    {%- if false_positive is not mapping -%}
        {%- do problems.append('kpi_false_positive is ' ~ false_positive ~ ', expected {window_days: N, detractor_nps_below: N}') -%}
    {%- else -%}
        {%- do whole_numbers.append(['kpi_false_positive.window_days', false_positive.get('window_days'), 1, 365]) -%}
        {%- do whole_numbers.append(['kpi_false_positive.detractor_nps_below', false_positive.get('detractor_nps_below'), 1, 10]) -%}
    {%- endif -%}

    {%- set bias = var('kpi_bias_check') -%}
    {%- if bias is not mapping -%}
        {%- do problems.append('kpi_bias_check is ' ~ bias ~ ', expected {tolerance_points: N, minimum_eligible_accounts: N}') -%}
    {%- else -%}
        {%- set tolerance = bias.get('tolerance_points') -%}
        {%- if tolerance is not number or tolerance is boolean or tolerance <= 0 or tolerance >= 100 -%}
            {%- do problems.append('kpi_bias_check.tolerance_points is ' ~ tolerance
                ~ ', expected percentage points above 0 and below 100') -%}
        {%- endif -%}
        {%- do whole_numbers.append(['kpi_bias_check.minimum_eligible_accounts', bias.get('minimum_eligible_accounts'), 1, 100000]) -%}
    {%- endif -%}

    {%- for name, value, minimum, maximum in whole_numbers -%}
        {%- if value is not integer or value is boolean or value < minimum or value > maximum -%}
            {%- do problems.append(name ~ ' is ' ~ value ~ ', expected a whole number from ' ~ minimum ~ ' to ' ~ maximum) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            'Invalid KPI configuration (vars in dbt_project.yml or --vars):\n  - ' ~ problems | join('\n  - ')
        ) }}
    {%- endif -%}

    {{ return('') }}
{% endmacro %}
