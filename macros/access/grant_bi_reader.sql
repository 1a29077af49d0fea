{% macro grant_select_to_bi_reader() %}
    {#-
        SQL for the post-hook of every mart: let the database role in var bi_reader_role read the mart (usage
        on its schema, select on the relation). Empty when the var is null. Staging, intermediate and raw
        tables get no such hook, so the role cannot read them. Grants are added, never revoked: after renaming
        or dropping the role, revoke the old role's grants by hand.
    -#}
    {%- set role = var('bi_reader_role', none) -%}
    {%- if role is none -%}
        {{ return('') }}
    {%- endif -%}
    {{ return(adapter.dispatch('grant_select_to_bi_reader', 'customer_advocacy')(this, role)) }}
{% endmacro %}

{% macro default__grant_select_to_bi_reader(relation, role) %}
    {#- dbt renders hooks while parsing too; validate_access_configuration() reports the problem first. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        'bi_reader_role is ' ~ role ~ ', but grants are not implemented for the ' ~ adapter.type()
        ~ ' adapter. Set bi_reader_role to null, or add a ' ~ adapter.type()
        ~ '__grant_select_to_bi_reader macro next to postgres__grant_select_to_bi_reader.'
    ) }}
{% endmacro %}

{% macro postgres__grant_select_to_bi_reader(relation, role) %}
    {#- Two marts granting at once update the same schema row, and PostgreSQL then fails one of them with
        "tuple concurrently updated". The advisory lock, held until the mart's transaction commits, makes
        the grants of concurrent marts wait for each other. -#}
    select pg_advisory_xact_lock(hashtext('customer_advocacy.bi_reader_grants'));
    grant usage on schema {{ adapter.quote(relation.schema) }} to {{ adapter.quote(role) }};
    grant select on {{ relation }} to {{ adapter.quote(role) }}
{% endmacro %}


{% macro supports_bi_reader_grants() %}
    {#- True when grant_select_to_bi_reader() has an implementation for the current adapter. -#}
    {{ return(adapter.dispatch('supports_bi_reader_grants', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__supports_bi_reader_grants() %}{{ return(false) }}{% endmacro %}

{% macro postgres__supports_bi_reader_grants() %}{{ return(true) }}{% endmacro %}
