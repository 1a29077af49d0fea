-- One row per raw ticket row: typed and cleaned, flagged as a superseded copy (a ticket arrives again
-- each time it changes) or with the reasons it cannot be used. stg_support__tickets keeps the usable
-- latest version of each ticket.

with

source as (
    select * from {{ raw_source('support', 'tickets') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_enum('priority') }} as priority,
        {{ clean_enum('status') }} as status,
        {{ clean_text('created_at') }} as created_at_text,
        {{ parse_utc_timestamp('created_at') }} as created_at,
        {{ clean_text('first_responded_at') }} as first_responded_at_text,
        {{ parse_utc_timestamp('first_responded_at') }} as first_responded_at,
        {{ clean_text('resolved_at') }} as resolved_at_text,
        {{ parse_utc_timestamp('resolved_at') }} as resolved_at,
        cast(first_response_sla_minutes as {{ dbt.type_int() }}) as first_response_sla_minutes,
        cast(resolution_sla_hours as {{ dbt.type_int() }}) as resolution_sla_hours,
        cast(csat_score as {{ dbt.type_int() }}) as csat_score,
        cast(is_escalated as {{ dbt.type_boolean() }}) as is_escalated,
        {{ clean_text('escalated_at') }} as escalated_at_text,
        {{ parse_utc_timestamp('escalated_at') }} as escalated_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'ticket_id', 'account_id', 'priority', 'status', 'created_at', 'first_responded_at', 'resolved_at',
            'first_response_sla_minutes', 'resolution_sla_hours', 'csat_score', 'is_escalated', 'escalated_at',
            '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when ticket_id is not null
                then row_number() over (partition by ticket_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_accounts as (
    select
        ranked_loads.*,
        accounts.account_id as _known_account_id,
        accounts.created_at as _account_created_at
    from ranked_loads
    left join accounts
        on ranked_loads.account_id = accounts.account_id
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('ticket_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_accepted_values('priority', ['p1', 'p2', 'p3', 'p4']),
            check_accepted_values('status', ['open', 'pending', 'solved', 'closed']),
            check_non_negative('first_response_sla_minutes'),
            check_non_negative('resolution_sla_hours'),
            check_between('csat_score', 1, 5),
            check_not_null('created_at_text'),
            check_timestamp_parsed('created_at'),
            check_not_future('created_at'),
            check_not_before('created_at', '_account_created_at', 'the account creation'),
            check_timestamp_parsed('first_responded_at'),
            check_not_future('first_responded_at'),
            check_not_before('first_responded_at', 'created_at', 'the ticket creation'),
            check_timestamp_parsed('resolved_at'),
            check_not_future('resolved_at'),
            check_not_before('resolved_at', 'created_at', 'the ticket creation'),
            check_timestamp_parsed('escalated_at'),
            check_not_future('escalated_at'),
            check_not_before('escalated_at', 'created_at', 'the ticket creation'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
