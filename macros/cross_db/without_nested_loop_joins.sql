{% macro without_nested_loop_joins() %}
    {#-
        A pre-hook for a model whose joins PostgreSQL misestimates: it turns off nested-loop joins for the
        model's own transaction, so the planner hashes or merges instead. PostgreSQL multiplies the
        selectivities of join keys as if they were independent, so on CTEs joined on several correlated keys
        (day, segment, plan and a value) it can expect one row where there are thousands, and then rescans
        the CTE for every outer row. Other engines get no hook.
    -#}
    {{ return(adapter.dispatch('without_nested_loop_joins', 'customer_advocacy')()) }}
{% endmacro %}

{% macro default__without_nested_loop_joins() %}{% endmacro %}

{% macro postgres__without_nested_loop_joins() %}set local enable_nestloop = off{% endmacro %}
