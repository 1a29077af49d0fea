{% macro validate_raw_input_configuration() %}
    {#-
        Check the vars that choose where raw data comes from (use_sample_data, the input mapping switches and
        their landing schemas) and stop the command with one message listing every problem, each naming the
        var and its value. Runs as an on-run-start hook. Returns no SQL.
    -#}
    {%- set problems = [] -%}
    {%- set switches = ['ravenstack_enabled', 'fivetran_zendesk_enabled', 'fivetran_salesforce_enabled', 'fivetran_recurly_enabled'] -%}
    {%- set schemas = ['raw_schema', 'ravenstack_schema', 'fivetran_zendesk_schema', 'fivetran_salesforce_schema', 'fivetran_recurly_schema'] -%}

    {%- if var('use_sample_data') is not boolean -%}
        {%- do problems.append('use_sample_data is ' ~ var('use_sample_data') ~ ', expected true or false') -%}
    {%- endif -%}

    {%- set switched_on = [] -%}
    {%- for name in switches -%}
        {%- set value = var(name, false) -%}
        {%- if value is not boolean -%}
            {%- do problems.append(name ~ ' is ' ~ value ~ ', expected true or false') -%}
        {%- elif value -%}
            {%- do switched_on.append(name) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if switched_on and var('use_sample_data') is sameas true -%}
        {%- do problems.append(switched_on | join(', ') ~ ' is true while use_sample_data is true;'
            ~ ' set use_sample_data: false to read mapped input') -%}
    {%- endif -%}

    {%- for name in schemas -%}
        {%- set value = var(name, '') -%}
        {%- if value is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', value) -%}
            {%- do problems.append(name ~ ' is ' ~ value ~ ', expected a schema name (letters, digits, _)') -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Two switched-on mappings must not provide the same raw contract table. -#}
    {%- set providers = {} -%}
    {%- for mapping in customer_advocacy.raw_input_mappings() -%}
        {%- for table in mapping.tables -%}
            {%- if table in providers -%}
                {%- do problems.append(mapping.var ~ ' and ' ~ providers[table] ~ ' both provide ' ~ table
                    ~ '; switch one of them off') -%}
            {%- else -%}
                {%- do providers.update({table: mapping.var}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}

    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Invalid raw input configuration: ' ~ problems | join('; ')) }}
    {%- endif -%}
{% endmacro %}
