-- One row per raw stakeholder engagement row: typed and cleaned, flagged as a superseded re-sync copy
-- or with the reasons it cannot be used. stg_crm__stakeholder_engagements keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('crm', 'stakeholder_engagements') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('engagement_id') }} as engagement_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_enum('engagement_type') }} as engagement_type,
        {{ clean_text('scheduled_at') }} as scheduled_at_text,
        {{ parse_utc_timestamp('scheduled_at') }} as scheduled_at,
        cast(attended as {{ dbt.type_boolean() }}) as has_attended,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'engagement_id', 'account_id', 'contact_id', 'engagement_type', 'scheduled_at', 'attended',
            '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when engagement_id is not null
                then row_number() over (partition by engagement_id order by _loaded_at desc, _source_row desc)
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
            check_not_null('engagement_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_not_null('contact_id'),
            check_known_key('contact_id', '_known_contact_id', 'stg_crm__contacts'),
            check_accepted_values('engagement_type', ['qbr', 'executive_meeting', 'success_review']),
            check_not_null('scheduled_at_text'),
            check_timestamp_parsed('scheduled_at'),
            check_not_future('scheduled_at'),
            check_not_before('scheduled_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
