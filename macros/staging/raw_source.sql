{% macro raw_source(source_name, table_name) %}
    {#-
        Return the relation of a raw table declared in the sources YAML.

        With `use_sample_data` (the default) the sources point at the schema the sample seeds load into,
        and the ref() below orders the build so the seed loads before the model that reads it. With
        `use_sample_data: false` a switched-on input mapping (raw_input_mappings()) may provide the table
        instead: a mapping model, or an empty relation with the contract's columns when the mapped
        dataset has no data for it. Staging models always call raw_source().
    -#}
    {% if var('use_sample_data') %}
        {% do ref(source_name ~ '_' ~ table_name) %}
        {{ return(source(source_name, table_name)) }}
    {% endif %}

    {% set provider = customer_advocacy.raw_table_provider(source_name, table_name) %}
    {% if provider == 'empty' %}
        {{ return(customer_advocacy.empty_raw_table(source_name, table_name)) }}
    {% elif provider %}
        {{ return(ref(provider)) }}
    {% endif %}

    {{ return(source(source_name, table_name)) }}
{% endmacro %}


{% macro raw_input_mappings() %}
    {#-
        The input mappings that are switched on, each as {'var': switch, 'tables': {'source.table': model},
        'empty_otherwise': bool}. A mapping model turns a dataset landed as text into one raw contract table.
        With empty_otherwise, every contract table the mapping does not provide is read as empty, because the
        dataset is the whole input; otherwise the table is read from raw_schema as usual.
    -#}
    {%- set mappings = [
        {
            'var': 'ravenstack_enabled',
            'empty_otherwise': true,
            'tables': {
                'crm.accounts': 'map_ravenstack__crm_accounts',
                'product.usage_daily': 'map_ravenstack__product_usage_daily',
                'product.feature_usage_daily': 'map_ravenstack__product_feature_usage_daily',
                'support.tickets': 'map_ravenstack__support_tickets',
                'billing.subscription_events': 'map_ravenstack__billing_subscription_events',
            },
        },
        {
            'var': 'fivetran_zendesk_enabled',
            'empty_otherwise': false,
            'tables': {
                'support.tickets': 'map_zendesk__support_tickets',
                'surveys.responses': 'map_zendesk__surveys_responses',
            },
        },
        {
            'var': 'fivetran_salesforce_enabled',
            'empty_otherwise': false,
            'tables': {
                'crm.accounts': 'map_salesforce__crm_accounts',
                'crm.opportunities': 'map_salesforce__crm_opportunities',
            },
        },
        {
            'var': 'fivetran_recurly_enabled',
            'empty_otherwise': false,
            'tables': {
                'billing.subscription_events': 'map_recurly__billing_subscription_events',
            },
        },
    ] -%}
    {%- set switched_on = [] -%}
    {%- for mapping in mappings if var(mapping.var, false) -%}
        {%- do switched_on.append(mapping) -%}
    {%- endfor -%}
    {{ return(switched_on) }}
{% endmacro %}


{% macro raw_table_provider(source_name, table_name) %}
    {#-
        Return the mapping model that provides a raw contract table, 'empty' when a switched-on whole-dataset
        mapping has no data for it, or none when the table is read from raw_schema. validate_raw_input_configuration()
        rejects two switched-on mappings that provide the same table.
    -#}
    {%- set key = source_name ~ '.' ~ table_name -%}
    {%- set mappings = customer_advocacy.raw_input_mappings() -%}
    {%- for mapping in mappings if key in mapping.tables -%}
        {{ return(mapping.tables[key]) }}
    {%- endfor -%}
    {%- for mapping in mappings if mapping.empty_otherwise -%}
        {{ return('empty') }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}


{% macro empty_raw_table(source_name, table_name) %}
    {#-
        A relation with the columns and types that the sources YAML declares for a raw table, and no rows.
        While dbt parses the project the graph is not filled in yet, so the source itself stands in.
    -#}
    {%- if not execute -%}
        {{ return(source(source_name, table_name)) }}
    {%- endif -%}
    {%- set node_id = 'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name -%}
    {%- set columns = graph.sources[node_id].columns.values() | list -%}
    {%- set selected = [] -%}
    {%- for column in columns -%}
        {%- set declared = (column.data_type or 'varchar') | lower -%}
        {%- if declared == 'varchar' -%}
            {%- set column_type = dbt.type_string() -%}
        {%- elif declared == 'timestamp' -%}
            {%- set column_type = dbt.type_timestamp() -%}
        {%- else -%}
            {%- set column_type = declared -%}
        {%- endif -%}
        {%- do selected.append('cast(null as ' ~ column_type ~ ') as ' ~ column.name) -%}
    {%- endfor -%}
    {{ return('(select ' ~ selected | join(', ') ~ ' where 1 = 0) as empty_' ~ source_name ~ '_' ~ table_name) }}
{% endmacro %}
