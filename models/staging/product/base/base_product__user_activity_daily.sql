-- One row per raw daily user activity row: typed and cleaned, flagged as a superseded re-sync copy or
-- with the reasons it cannot be used. stg_product__user_activity_daily keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('product', 'user_activity_daily') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('account_id') }} as account_id,
        cast(activity_date as date) as activity_date,
        cast(sessions as {{ dbt.type_int() }}) as sessions,
        cast(events as {{ dbt.type_int() }}) as events,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'contact_id', 'account_id', 'activity_date', 'sessions', 'events', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when contact_id is null or activity_date is null then 1
            else
                row_number() over (
                    partition by contact_id, activity_date
                    order by _loaded_at desc, _source_row desc
                )
        end as _load_rank
    from cleaned
),

joined_to_parents as (
    select
        ranked_loads.*,
        accounts.account_id as _known_account_id,
        cast(accounts.created_at as date) as _account_created_date,
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
            check_not_null('contact_id'),
            check_not_null('activity_date'),
            check_known_key('contact_id', '_known_contact_id', 'stg_crm__contacts'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_non_negative('sessions'),
            check_non_negative('events'),
            check_date_not_future('activity_date'),
            check_not_before('activity_date', '_account_created_date', 'the account creation date'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
