{% macro advocacy_gates() %}
    {#-
        The advocacy gates in the order they are reported. Each gate has a name (used in failed_gates), the
        boolean column `passes_<name>_gate` and the text column `<name>_failure` (null when it passes), and a
        scope: `account` gates hold for the account on a day whoever is asked; `ask` gates depend on the
        contact asked and on the asks already made, so the ask ledger evaluates them per invitation.
    -#}
    {{ return([
        {'name': 'persistence', 'scope': 'account'},
        {'name': 'support', 'scope': 'account'},
        {'name': 'champion', 'scope': 'account'},
        {'name': 'sponsor', 'scope': 'account'},
        {'name': 'completeness', 'scope': 'account'},
        {'name': 'renewal', 'scope': 'account'},
        {'name': 'churn', 'scope': 'account'},
        {'name': 'contraction', 'scope': 'account'},
        {'name': 'value_floor', 'scope': 'account'},
        {'name': 'exclusion', 'scope': 'account'},
        {'name': 'consent', 'scope': 'ask'},
        {'name': 'account_cap', 'scope': 'ask'},
        {'name': 'contact_cap', 'scope': 'ask'},
        {'name': 'rest', 'scope': 'ask'},
        {'name': 'askable_contact', 'scope': 'ask'},
    ]) }}
{% endmacro %}


{% macro advocacy_gate_names(scope=none) %}
    {#- The names of the advocacy gates, all of them or those of one scope (`account` or `ask`). -#}
    {%- set names = [] -%}
    {%- for gate in advocacy_gates() if scope is none or gate.scope == scope -%}
        {%- do names.append(gate.name) -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}


{% macro failed_gates_text(gate_names, relation_alias=none) %}
    {#-
        SQL text listing every failed gate of `gate_names` as '<gate>: <reason>', joined with '; ', or null
        when all pass. Reads the columns passes_<gate>_gate and <gate>_failure, qualified by `relation_alias`
        when given.
    -#}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- set pieces = [] -%}
    {%- for gate in gate_names -%}
        {%- do pieces.append(
            'case when not ' ~ prefix ~ 'passes_' ~ gate ~ '_gate then '
            ~ dbt.concat(["'" ~ gate ~ ": '", 'coalesce(' ~ prefix ~ gate ~ "_failure, 'failed')"])
            ~ ' end'
        ) -%}
    {%- endfor -%}
    {{ return(join_non_null('; ', pieces)) }}
{% endmacro %}


{% macro failed_gate_count(gate_names, relation_alias=none) %}
    {#- SQL text counting the gates of `gate_names` whose passes_<gate>_gate column is false. -#}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- set terms = [] -%}
    {%- for gate in gate_names -%}
        {%- do terms.append('case when ' ~ prefix ~ 'passes_' ~ gate ~ '_gate then 0 else 1 end') -%}
    {%- endfor -%}
    {{ return('(' ~ terms | join(' + ') ~ ')') }}
{% endmacro %}


{% macro advocacy_segments() %}
    {#- The account segments from smallest to largest; a program's minimum_segment admits it and every larger one. -#}
    {{ return(['smb', 'mid_market', 'enterprise']) }}
{% endmacro %}


{% macro segment_rank(segment_expression) %}
    {#- SQL giving a segment's position in advocacy_segments() (1 = smb); null for an unknown segment. -#}
    case {{ segment_expression }}
        {%- for segment in advocacy_segments() %}
        when '{{ segment }}' then {{ loop.index }}
        {%- endfor %}
    end
{% endmacro %}


{% macro number_as_text(expression, decimals=0) %}
    {#-
        SQL text of a number rounded to `decimals` places, for reasons and briefings. Going through a decimal
        type makes every engine print the same digits (a double prints differently on DuckDB and PostgreSQL).
    -#}
    cast(cast({{ expression }} as decimal(18, {{ decimals }})) as {{ dbt.type_string() }})
{% endmacro %}


{% macro list_contains(list_expression, value_expression) %}
    {#-
        SQL boolean: true when the '|'-separated list `list_expression` is 'all' or holds the value of
        `value_expression`, as the allowed_industries and allowed_regions columns of advocacy_programs do.
    -#}
    (
        {{ list_expression }} = 'all'
        or {{ dbt.concat(["'|'", list_expression, "'|'"]) }} like {{ dbt.concat(["'%|'", value_expression, "'|%'"]) }}
    )
{% endmacro %}
