{% test expression_is_true(model, expression) %}
    {#- Fail on every row of the model for which the boolean SQL `expression` is not true. -#}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}
