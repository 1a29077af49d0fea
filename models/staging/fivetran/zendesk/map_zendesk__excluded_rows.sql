-- One row per landed Zendesk row that no raw contract table receives, with every reason: deleted
-- tickets, and ratings that hold no answer, no known rating value, or were deleted.

with

ticket_rows as (
    select * from {{ ref('map_zendesk__ticket_rows') }}
),

rating_rows as (
    select * from {{ ref('map_zendesk__rating_rows') }}
)

select
    'zendesk.ticket' as landing_table,
    _file_row_number as file_row_number,
    ticket_id as record_key,
    exclusion_reason,
    source_row,
    _loaded_at as loaded_at
from ticket_rows
where exclusion_reason is not null

union all

select
    'zendesk.satisfaction_rating' as landing_table,
    _file_row_number as file_row_number,
    response_id as record_key,
    exclusion_reason,
    source_row,
    _loaded_at as loaded_at
from rating_rows
where exclusion_reason is not null
