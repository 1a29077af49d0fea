-- One row: the first and last day that health is scored for. The last day is the as_of_date var, or
-- the latest day with product usage when the var is null. Nothing dated after it is read downstream.

with

usage as (
    select * from {{ ref('stg_product__usage_daily') }}
),

usage_range as (
    select
        min(usage_date) as first_usage_date,
        max(usage_date) as last_usage_date
    from usage
)

select
    first_usage_date as first_score_date,
    {% if var('as_of_date') -%}
    cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
    last_usage_date
    {%- endif %} as as_of_date
from usage_range
