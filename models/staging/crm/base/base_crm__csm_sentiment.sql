-- One row per raw CSM sentiment row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_crm__csm_sentiment keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('crm', 'csm_sentiment') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('sentiment_id') }} as sentiment_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('csm_id') }} as csm_id,
        {{ clean_text('recorded_at') }} as recorded_at_text,
        {{ parse_utc_timestamp('recorded_at') }} as recorded_at,
        cast(sentiment_score as {{ dbt.type_int() }}) as sentiment_score,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'sentiment_id', 'account_id', 'csm_id', 'recorded_at', 'sentiment_score', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when sentiment_id is not null
                then row_number() over (partition by sentiment_id order by _loaded_at desc, _source_row desc)
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
            check_not_null('sentiment_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_not_null('sentiment_score'),
            check_between('sentiment_score', 1, 5),
            check_not_null('recorded_at_text'),
            check_timestamp_parsed('recorded_at'),
            check_not_future('recorded_at'),
            check_not_before('recorded_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
