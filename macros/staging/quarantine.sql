{#-
    Row checks for staging. Each check macro returns a pair (condition, message): the condition is true
    when the row is unusable, and the message is a SQL text expression naming the column and its value.
    quarantine_reason() joins the messages of every failing check, so a row lists all its problems.
-#}

{% macro quarantine_reason(checks) %}
    nullif(concat_ws('; '
        {%- for condition, message in checks %},
        case when {{ condition }} then {{ message }} end
        {%- endfor %}
    ), '')
{% endmacro %}


{% macro value_as_text(expression) %}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), 'null')
{% endmacro %}


{% macro describe_value(label, expression, problem) %}
    {#- SQL text such as: segment 'huge' is not one of smb, mid_market, enterprise -#}
    {{ return(dbt.concat([
        "'" ~ label ~ " '''",
        customer_advocacy.value_as_text(expression),
        "''' " ~ problem ~ "'"
    ])) }}
{% endmacro %}


{% macro check_not_null(column) %}
    {{ return((column ~ ' is null', "'" ~ column ~ " is missing'")) }}
{% endmacro %}


{% macro check_accepted_values(column, allowed, nullable=false) %}
    {%- set quoted = [] -%}
    {%- for value in allowed -%}{%- do quoted.append("'" ~ value ~ "'") -%}{%- endfor -%}
    {%- set condition = column ~ ' not in (' ~ quoted | join(', ') ~ ')' -%}
    {%- if not nullable -%}
        {%- set condition = column ~ ' is null or ' ~ condition -%}
    {%- endif -%}
    {%- set message = customer_advocacy.describe_value(column, column, 'is not one of ' ~ allowed | join(', ')) -%}
    {{ return(('(' ~ condition ~ ')', message)) }}
{% endmacro %}


{% macro check_between(column, minimum, maximum) %}
    {%- set condition = column ~ ' < ' ~ minimum ~ ' or ' ~ column ~ ' > ' ~ maximum -%}
    {%- set message = customer_advocacy.describe_value(column, column, 'is outside ' ~ minimum ~ ' to ' ~ maximum) -%}
    {{ return(('(' ~ condition ~ ')', message)) }}
{% endmacro %}


{% macro check_non_negative(column) %}
    {{ return((column ~ ' < 0', customer_advocacy.describe_value(column, column, 'is negative'))) }}
{% endmacro %}


{% macro check_timestamp_parsed(column) %}
    {#- The model keeps the raw text as <column>_text beside the parsed <column>. -#}
    {%- set condition = column ~ '_text is not null and ' ~ column ~ ' is null' -%}
    {%- set message = customer_advocacy.describe_value(column, column ~ '_text', 'is not an ISO 8601 timestamp') -%}
    {{ return((condition, message)) }}
{% endmacro %}


{% macro check_not_future(column) %}
    {#- Compare with the build's start time (UTC) plus the future_tolerance_hours var. -#}
    {%- set limit = run_started_at + modules.datetime.timedelta(hours=var('future_tolerance_hours')) -%}
    {%- set limit_literal = "cast('" ~ limit.strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {{ return((column ~ ' > ' ~ limit_literal, customer_advocacy.describe_value(column, column, 'is in the future'))) }}
{% endmacro %}


{% macro check_not_before(column, earlier_column, earlier_label) %}
    {#- earlier_label names what earlier_column holds, for example 'the account creation'. -#}
    {%- set problem = dbt.concat([
        "'is before " ~ earlier_label ~ " ('",
        customer_advocacy.value_as_text(earlier_column),
        "')'"
    ]) -%}
    {%- set message = dbt.concat([
        "'" ~ column ~ " '''", customer_advocacy.value_as_text(column), "''' '", problem
    ]) -%}
    {{ return((column ~ ' < ' ~ earlier_column, message)) }}
{% endmacro %}


{% macro check_known_key(column, joined_key_column, parent_label) %}
    {#- joined_key_column is the parent's key from a left join: null when the key has no valid parent row. -#}
    {%- set condition = column ~ ' is not null and ' ~ joined_key_column ~ ' is null' -%}
    {{ return((condition, customer_advocacy.describe_value(column, column, 'is not found in ' ~ parent_label))) }}
{% endmacro %}


{% macro serialize_row(columns) %}
    {#- Render the raw values of `columns` as one text 'a=1; b=x', so a quarantined row keeps what arrived. -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("'; '") -%}{%- endif -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append(customer_advocacy.value_as_text(column)) -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{% endmacro %}


{% macro check_date_not_future(column) %}
    {#- For date columns: the limit of check_not_future cast to a date, so a date counts as future from the next day. -#}
    {%- set limit = run_started_at + modules.datetime.timedelta(hours=var('future_tolerance_hours')) -%}
    {%- set limit_literal = "cast('" ~ limit.strftime('%Y-%m-%d') ~ "' as date)" -%}
    {{ return((column ~ ' > ' ~ limit_literal, customer_advocacy.describe_value(column, column, 'is in the future'))) }}
{% endmacro %}


{% macro check_required_when(column, condition, condition_label) %}
    {#- For a column that only some rows must fill: missing is a problem only where `condition` holds. -#}
    {%- set message = "'" ~ column ~ " is missing for " ~ condition_label ~ "'" -%}
    {{ return(('(' ~ condition ~ ') and ' ~ column ~ ' is null', message)) }}
{% endmacro %}


{% macro check_between_when(column, minimum, maximum, condition, condition_label) %}
    {#- A range that depends on another column, for example the score scale of each survey type. -#}
    {%- set out_of_range = column ~ ' < ' ~ minimum ~ ' or ' ~ column ~ ' > ' ~ maximum -%}
    {%- set problem = 'is outside ' ~ minimum ~ ' to ' ~ maximum ~ ' for ' ~ condition_label -%}
    {{ return((
        '(' ~ condition ~ ') and (' ~ out_of_range ~ ')',
        customer_advocacy.describe_value(column, column, problem)
    )) }}
{% endmacro %}
