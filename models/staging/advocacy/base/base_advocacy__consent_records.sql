-- One row per raw consent record row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_advocacy__consent_records keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('advocacy', 'consent_records') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('consent_id') }} as consent_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_enum('consent_scope') }} as consent_scope,
        {{ clean_enum('consent_status') }} as consent_status,
        {{ clean_text('recorded_at') }} as recorded_at_text,
        {{ parse_utc_timestamp('recorded_at') }} as recorded_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'consent_id', 'contact_id', 'account_id', 'consent_scope', 'consent_status', 'recorded_at', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when consent_id is not null
                then row_number() over (partition by consent_id order by _loaded_at desc, _source_row desc)
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
            check_not_null('consent_id'),
            check_not_null('contact_id'),
            check_known_key('contact_id', '_known_contact_id', 'stg_crm__contacts'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_accepted_values('consent_scope', [
                'all_programs', 'reference_call', 'review', 'case_study', 'co_webinar', 'beta_council'
            ]),
            check_accepted_values('consent_status', ['granted', 'withdrawn']),
            check_not_null('recorded_at_text'),
            check_timestamp_parsed('recorded_at'),
            check_not_future('recorded_at'),
            check_not_before('recorded_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
