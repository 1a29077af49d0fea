{% macro staged_raw_tables() %}
    {#-
        Every raw table that staging reads, with the columns that identify a row of it. The quarantine and
        row-count models iterate over this list; a new raw table is added here with its base_ and stg_ models.
    -#}
    {{ return([
        {'source': 'crm', 'table': 'accounts', 'key': ['account_id']},
        {'source': 'crm', 'table': 'contacts', 'key': ['contact_id']},
        {'source': 'crm', 'table': 'stakeholder_engagements', 'key': ['engagement_id']},
        {'source': 'crm', 'table': 'csm_sentiment', 'key': ['sentiment_id']},
        {'source': 'crm', 'table': 'opportunities', 'key': ['opportunity_id']},
        {'source': 'crm', 'table': 'opportunity_references', 'key': ['reference_id']},
        {'source': 'product', 'table': 'usage_daily', 'key': ['account_id', 'usage_date']},
        {'source': 'product', 'table': 'feature_usage_daily', 'key': ['account_id', 'usage_date', 'feature_key']},
        {'source': 'product', 'table': 'user_activity_daily', 'key': ['contact_id', 'activity_date']},
        {'source': 'product', 'table': 'plan_key_features', 'key': ['plan', 'feature_key']},
        {'source': 'success', 'table': 'milestones', 'key': ['milestone_id']},
        {'source': 'support', 'table': 'tickets', 'key': ['ticket_id']},
        {'source': 'surveys', 'table': 'responses', 'key': ['response_id']},
        {'source': 'billing', 'table': 'subscription_events', 'key': ['event_id']},
        {'source': 'community', 'table': 'intent_activities', 'key': ['activity_id']},
        {'source': 'advocacy', 'table': 'invitations', 'key': ['invitation_id']},
        {'source': 'advocacy', 'table': 'responses', 'key': ['response_id']},
        {'source': 'advocacy', 'table': 'completions', 'key': ['completion_id']},
        {'source': 'advocacy', 'table': 'consent_records', 'key': ['consent_id']},
    ]) }}
{% endmacro %}


{% macro record_key(columns) %}
    {#- Render a row's key as text; a composite key joins its parts with ' | '. -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("' | '") -%}{%- endif -%}
        {%- do parts.append(customer_advocacy.value_as_text(column)) -%}
    {%- endfor -%}
    {{ dbt.concat(parts) if parts | length > 1 else parts[0] }}
{% endmacro %}
