-- One row per landed Zendesk table: rows landed, rows carried into a raw contract table (for
-- organizations: rows read as the ticket-to-account lookup) and rows excluded with a reason. A test fails
-- the build unless landing_rows = mapped_rows + excluded_rows.

with

ticket_rows as (
    select * from {{ ref('map_zendesk__ticket_rows') }}
),

rating_rows as (
    select * from {{ ref('map_zendesk__rating_rows') }}
)

select
    'zendesk.ticket' as landing_table,
    count(*) as landing_rows,
    sum(case when exclusion_reason is null then 1 else 0 end) as mapped_rows,
    sum(case when exclusion_reason is null then 0 else 1 end) as excluded_rows
from ticket_rows

union all

select
    'zendesk.satisfaction_rating' as landing_table,
    count(*) as landing_rows,
    sum(case when exclusion_reason is null then 1 else 0 end) as mapped_rows,
    sum(case when exclusion_reason is null then 0 else 1 end) as excluded_rows
from rating_rows

union all

select
    'zendesk.organization' as landing_table,
    count(*) as landing_rows,
    count(*) as mapped_rows,
    0 as excluded_rows
from {{ source('zendesk', 'organization') }}
