-- One row per landed Zendesk satisfaction rating row: its values in raw contract terms and, when it cannot
-- be carried into surveys.responses, the reason. Zendesk rates good or bad; on the contract's 1-5 CSAT
-- scale good is 5 and bad is 1. 'offered' and 'unoffered' mean no answer was given, and any other value
-- is not a rating, so both are excluded with the value named. Each sync of a rating is a row; staging
-- keeps the latest sync of an id and counts the others as superseded.

with

ratings as (
    select * from {{ source('zendesk', 'satisfaction_rating') }}
),

ticket_rows as (
    select * from {{ ref('map_zendesk__ticket_rows') }}
),

latest_tickets as (
    select
        ticket_id,
        account_id,
        row_number() over (partition by ticket_id order by _loaded_at desc, _file_row_number desc) as version_number
    from ticket_rows
),

mapped as (
    select
        ratings._file_row_number,
        {{ clean_text('ratings.id') }} as response_id,
        {{ clean_text('ratings.ticket_id') }} as ticket_id,
        latest_tickets.account_id,
        lower(trim(ratings.score)) as zendesk_score,
        case lower(trim(ratings.score))
            when 'good' then 5
            when 'bad' then 1
        end as score,
        ratings.created_at as responded_at,
        {{ parse_utc_timestamp('ratings.created_at') }} as responded_at_utc,
        {{ parse_utc_timestamp('ratings._fivetran_synced') }} as _loaded_at,
        {{ column_is_true(source('zendesk', 'satisfaction_rating'), 'ratings._fivetran_deleted') }}
            as is_fivetran_deleted,
        {{ serialize_row([
            'ratings.id', 'ratings.ticket_id', 'ratings.score', 'ratings.created_at', 'ratings._fivetran_synced'
        ]) }} as source_row
    from ratings
    left join latest_tickets
        on
            {{ clean_text('ratings.ticket_id') }} = latest_tickets.ticket_id
            and latest_tickets.version_number = 1
)

select
    *,
    {{ quarantine_reason([
        (
            "zendesk_score in ('offered', 'unoffered')",
            describe_value('score', 'zendesk_score', 'means the requester gave no rating')
        ),
        (
            "zendesk_score is null or zendesk_score not in ('good', 'bad', 'offered', 'unoffered')",
            describe_value('score', 'zendesk_score', 'is not one of good, bad, offered, unoffered')
        ),
        ('is_fivetran_deleted', "'_fivetran_deleted is true: the rating was deleted in Zendesk'"),
    ]) }} as exclusion_reason
from mapped
