-- One row per raw daily feature usage row: typed and cleaned, flagged as a superseded re-sync copy or
-- with the reasons it cannot be used. stg_product__feature_usage_daily keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('product', 'feature_usage_daily') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('account_id') }} as account_id,
        cast(usage_date as date) as usage_date,
        {{ clean_text('feature_key') }} as feature_key,
        cast(active_users as {{ dbt.type_int() }}) as active_users,
        cast(events as {{ dbt.type_int() }}) as events,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'account_id', 'usage_date', 'feature_key', 'active_users', 'events', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when account_id is null or usage_date is null or feature_key is null then 1
            else
                row_number() over (
                    partition by account_id, usage_date, feature_key
                    order by _loaded_at desc, _source_row desc
                )
        end as _load_rank
    from cleaned
),

joined_to_accounts as (
    select
        ranked_loads.*,
        accounts.account_id as _known_account_id,
        cast(accounts.created_at as date) as _account_created_date
    from ranked_loads
    left join accounts
        on ranked_loads.account_id = accounts.account_id
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('account_id'),
            check_not_null('usage_date'),
            check_not_null('feature_key'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_non_negative('active_users'),
            check_non_negative('events'),
            check_date_not_future('usage_date'),
            check_not_before('usage_date', '_account_created_date', 'the account creation date'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
