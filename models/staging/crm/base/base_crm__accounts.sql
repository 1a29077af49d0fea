-- One row per raw CRM account row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_crm__accounts keeps the usable latest rows; the rest go to
-- stg_quarantine__rows and stg_quarantine__row_counts.

with

source as (
    select * from {{ raw_source('crm', 'accounts') }}
),

cleaned as (
    select
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('account_name') }} as account_name,
        {{ clean_enum('segment') }} as segment,
        {{ clean_enum('plan') }} as plan,
        {{ clean_enum('industry') }} as industry,
        {{ clean_enum('region') }} as region,
        cast(arr as {{ dbt.type_numeric() }}) as arr,
        cast(lifetime_value as {{ dbt.type_numeric() }}) as lifetime_value,
        {{ clean_text('created_at') }} as created_at_text,
        {{ parse_utc_timestamp('created_at') }} as created_at,
        cast(contract_start_date as date) as contract_start_date,
        cast(renewal_date as date) as renewal_date,
        cast(licensed_seats as {{ dbt.type_int() }}) as licensed_seats,
        {{ clean_text('csm_id') }} as csm_id,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'account_id', 'account_name', 'segment', 'plan', 'industry', 'region', 'arr', 'lifetime_value',
            'created_at', 'contract_start_date', 'renewal_date', 'licensed_seats', 'csm_id', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    -- A re-sync lands the same account again; the copy loaded last wins. Rows without a key are not
    -- ranked: each is quarantined on its own.
    select
        *,
        case
            when account_id is not null
                then row_number() over (partition by account_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('account_id'),
            check_accepted_values('segment', ['smb', 'mid_market', 'enterprise']),
            check_accepted_values('plan', ['starter', 'growth', 'scale']),
            check_accepted_values('region', ['na', 'emea', 'apac', 'latam']),
            check_non_negative('arr'),
            check_non_negative('lifetime_value'),
            check_non_negative('licensed_seats'),
            check_not_null('created_at_text'),
            check_timestamp_parsed('created_at'),
            check_not_future('created_at'),
        ]) }} as _quarantine_reason
    from ranked_loads
)

select * from checked
