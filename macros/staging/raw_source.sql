{% macro raw_source(source_name, table_name) %}
    {#-
        Return the relation of a raw table declared in the sources YAML.

        With `use_sample_data` (the default) the sources point at the schema the sample seeds load into,
        and the ref() below orders the build so the seed loads before the model that reads it. This is
        the one place where sample mode differs: staging models always call raw_source().
    -#}
    {% if var('use_sample_data') %}
        {% do ref(source_name ~ '_' ~ table_name) %}
    {% endif %}

    {{ return(source(source_name, table_name)) }}
{% endmacro %}
