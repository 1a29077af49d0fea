-- One row per raw intent activity row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_community__intent_activities keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('community', 'intent_activities') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('activity_id') }} as activity_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_enum('activity_type') }} as activity_type,
        {{ clean_text('occurred_at') }} as occurred_at_text,
        {{ parse_utc_timestamp('occurred_at') }} as occurred_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'activity_id', 'account_id', 'contact_id', 'activity_type', 'occurred_at', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when activity_id is not null
                then row_number() over (partition by activity_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_parents as (
    -- contact_id is empty when the source has only the company, so only a present id must be known.
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
            check_not_null('activity_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_known_key('contact_id', '_known_contact_id', 'stg_crm__contacts'),
            check_accepted_values('activity_type', [
                'review', 'referral', 'community_answer', 'webinar_attendance', 'beta_participation',
                'case_study_visit', 'roadmap_feedback'
            ]),
            check_not_null('occurred_at_text'),
            check_timestamp_parsed('occurred_at'),
            check_not_future('occurred_at'),
            check_not_before('occurred_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
