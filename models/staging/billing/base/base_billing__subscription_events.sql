-- One row per raw subscription event row: typed and cleaned, flagged as a superseded re-sync copy or
-- with the reasons it cannot be used. stg_billing__subscription_events keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('billing', 'subscription_events') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_enum('event_type') }} as event_type,
        {{ clean_text('occurred_at') }} as occurred_at_text,
        {{ parse_utc_timestamp('occurred_at') }} as occurred_at,
        cast(arr_change as {{ dbt.type_numeric() }}) as arr_change,
        cast(amount as {{ dbt.type_numeric() }}) as amount,
        {{ clean_enum('payment_status') }} as payment_status,
        {{ clean_enum('renewal_status') }} as renewal_status,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'event_id', 'account_id', 'event_type', 'occurred_at', 'arr_change', 'amount', 'payment_status',
            'renewal_status', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when event_id is not null
                then row_number() over (partition by event_id order by _loaded_at desc, _source_row desc)
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
    -- arr_change has no sign check because contraction and churn lower ARR.
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('event_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_accepted_values('event_type', [
                'new', 'renewal', 'expansion', 'contraction', 'churn', 'overage', 'payment', 'renewal_forecast'
            ]),
            check_non_negative('amount'),
            check_required_when('payment_status', "event_type = 'payment'", 'a payment event'),
            check_accepted_values('payment_status', ['paid', 'late', 'failed'], nullable=true),
            check_required_when('renewal_status', "event_type = 'renewal_forecast'", 'a renewal_forecast event'),
            check_accepted_values('renewal_status', ['on_track', 'at_risk', 'committed'], nullable=true),
            check_not_null('occurred_at_text'),
            check_timestamp_parsed('occurred_at'),
            check_not_future('occurred_at'),
            check_not_before('occurred_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
