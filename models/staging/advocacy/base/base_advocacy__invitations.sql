-- One row per raw invitation row: typed and cleaned, flagged as a superseded re-sync copy or with the
-- reasons it cannot be used. stg_advocacy__invitations keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('advocacy', 'invitations') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('invitation_id') }} as invitation_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_enum('program') }} as program,  -- noqa: RF04
        {{ clean_text('invited_at') }} as invited_at_text,
        {{ parse_utc_timestamp('invited_at') }} as invited_at,
        {{ clean_text('invited_by') }} as invited_by,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'invitation_id', 'account_id', 'contact_id', 'program', 'invited_at', 'invited_by', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when invitation_id is not null
                then row_number() over (partition by invitation_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_parents as (
    select
        ranked_loads.*,
        accounts.account_id as _known_account_id,
        accounts.created_at as _account_created_at,
        contacts.contact_id as _known_contact_id
    from ranked_loads
    left join accounts
        on ranked_loads.account_id = accounts.account_id
    left join contacts
        on ranked_loads.contact_id = contacts.contact_id
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('invitation_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_not_null('contact_id'),
            check_known_key('contact_id', '_known_contact_id', 'stg_crm__contacts'),
            check_accepted_values('program', ['reference_call', 'review', 'case_study', 'co_webinar', 'beta_council']),
            check_not_null('invited_at_text'),
            check_timestamp_parsed('invited_at'),
            check_not_future('invited_at'),
            check_not_before('invited_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
