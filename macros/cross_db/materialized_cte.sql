{% macro materialized_cte() %}
    {#-
        Keyword between `as` and the body of a CTE that a query reads several times, so the engine computes
        it once: `name as {{ materialized_cte() }} (...)`. DuckDB and PostgreSQL take MATERIALIZED; Spark has
        no such keyword and plans each reference on its own, which gives the same rows.
    -#}
    {{ return(adapter.dispatch('materialized_cte', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__materialized_cte() %}materialized{% endmacro %}

{% macro spark__materialized_cte() %}{% endmacro %}
