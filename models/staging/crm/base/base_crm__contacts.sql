-- One row per raw CRM contact row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_crm__contacts keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('crm', 'contacts') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('full_name') }} as full_name,
        {{ clean_text('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_enum('persona') }} as persona,
        cast(is_verified_champion as {{ dbt.type_boolean() }}) as is_verified_champion,
        {{ clean_enum('seniority') }} as seniority,
        {{ clean_text('created_at') }} as created_at_text,
        {{ parse_utc_timestamp('created_at') }} as created_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'contact_id', 'account_id', 'full_name', 'email', 'phone', 'persona', 'is_verified_champion',
            'seniority', 'created_at', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when contact_id is not null
                then row_number() over (partition by contact_id order by _loaded_at desc, _source_row desc)
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
            check_not_null('contact_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_accepted_values('persona', ['champion', 'budget_owner', 'executive_sponsor', 'end_user']),
            check_accepted_values('seniority', ['individual_contributor', 'manager', 'director', 'executive']),
            check_not_null('created_at_text'),
            check_timestamp_parsed('created_at'),
            check_not_future('created_at'),
            check_not_before('created_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
