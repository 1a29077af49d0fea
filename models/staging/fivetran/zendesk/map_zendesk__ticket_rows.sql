-- One row per landed Zendesk ticket row: its values in raw contract terms and, when the row cannot be
-- carried into support.tickets, the reason. A ticket's account is its organization's external_id when
-- set (the CRM account id), otherwise the Zendesk organization id. Ids stay text, so 64-bit ids keep
-- every digit. Priorities urgent, high, normal, low become p1 to p4; statuses new and hold become open
-- and pending; deleted tickets are excluded with their reason.

with

tickets as (
    select * from {{ source('zendesk', 'ticket') }}
),

organizations as (
    select * from {{ source('zendesk', 'organization') }}
),

latest_organizations as (
    select
        {{ clean_text('id') }} as organization_id,
        {{ clean_text('external_id') }} as external_id,
        row_number() over (
            partition by {{ clean_text('id') }}
            order by {{ parse_utc_timestamp('_fivetran_synced') }} desc, _file_row_number desc
        ) as version_number
    from organizations
),

mapped as (
    select
        tickets._file_row_number,
        {{ clean_text('tickets.id') }} as ticket_id,
        coalesce(latest_organizations.external_id, {{ clean_text('tickets.organization_id') }}) as account_id,
        case lower(trim(tickets.priority))
            when 'urgent' then 'p1'
            when 'high' then 'p2'
            when 'normal' then 'p3'
            when 'low' then 'p4'
            else tickets.priority
        end as priority,
        case lower(trim(tickets.status))
            when 'new' then 'open'
            when 'hold' then 'pending'
            else lower(trim(tickets.status))
        end as status,
        tickets.created_at,
        {{ parse_utc_timestamp('tickets._fivetran_synced') }} as _loaded_at,
        lower(trim(tickets.status)) = 'deleted' as is_status_deleted,
        {{ column_is_true(source('zendesk', 'ticket'), 'tickets._fivetran_deleted') }} as is_fivetran_deleted,
        {{ serialize_row([
            'tickets.id', 'tickets.organization_id', 'tickets.priority', 'tickets.status', 'tickets.created_at',
            'tickets._fivetran_synced'
        ]) }} as source_row
    from tickets
    left join latest_organizations
        on
            {{ clean_text('tickets.organization_id') }} = latest_organizations.organization_id
            and latest_organizations.version_number = 1
)

select
    *,
    {{ quarantine_reason([
        ('is_status_deleted', "'status is deleted: the ticket was deleted in Zendesk'"),
        ('is_fivetran_deleted', "'_fivetran_deleted is true: the row was deleted in Zendesk'"),
    ]) }} as exclusion_reason
from mapped
