{% macro validate_access_configuration() %}
    {#-
        Check var bi_reader_role before any model runs: null, or a role name of lower-case letters, digits and
        underscores on an adapter that can grant. Stops the command with a message naming the value. Runs as
        an on-run-start hook. Returns no SQL.
    -#}
    {%- set role = var('bi_reader_role', none) -%}
    {%- if role is none -%}
        {{ return('') }}
    {%- endif -%}

    {%- if role is not string or not modules.re.fullmatch('[a-z_][a-z0-9_]{0,62}', role) -%}
        {{ exceptions.raise_compiler_error(
            'Invalid configuration: bi_reader_role is ' ~ role ~ ', expected null or a role name of lower-case'
            ~ ' letters, digits and underscores that starts with a letter or underscore (at most 63 characters)'
        ) }}
    {%- endif -%}
    {%- if not customer_advocacy.supports_bi_reader_grants() -%}
        {{ exceptions.raise_compiler_error(
            'Invalid configuration: bi_reader_role is ' ~ role ~ ', but the ' ~ adapter.type()
            ~ ' adapter has no grants in this project (DuckDB has no roles; Spark without a catalog that'
            ~ ' enforces access has none either). Set bi_reader_role to null on this target.'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
