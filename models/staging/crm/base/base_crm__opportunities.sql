-- One row per raw opportunity row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_crm__opportunities keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('crm', 'opportunities') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_enum('opportunity_type') }} as opportunity_type,
        {{ clean_enum('segment') }} as segment,
        {{ clean_enum('region') }} as region,
        {{ clean_enum('stage') }} as stage,  -- noqa: RF04
        cast(amount as {{ dbt.type_numeric() }}) as amount,
        cast(created_date as date) as created_date,
        cast(close_date as date) as close_date,
        cast(is_closed as {{ dbt.type_boolean() }}) as is_closed,
        cast(is_won as {{ dbt.type_boolean() }}) as is_won,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'opportunity_id', 'account_id', 'opportunity_type', 'segment', 'region', 'stage', 'amount',
            'created_date', 'close_date', 'is_closed', 'is_won', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when opportunity_id is not null
                then row_number() over (partition by opportunity_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_accounts as (
    -- account_id is empty for new business with a prospect, so only a present id must be known.
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
            check_not_null('opportunity_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_accepted_values('opportunity_type', ['new_business', 'expansion', 'renewal']),
            check_accepted_values('segment', ['smb', 'mid_market', 'enterprise']),
            check_accepted_values('region', ['na', 'emea', 'apac', 'latam']),
            check_accepted_values('stage', [
                'prospecting', 'discovery', 'evaluation', 'proposal', 'negotiation', 'closed_won', 'closed_lost'
            ]),
            check_non_negative('amount'),
            check_not_null('created_date'),
            check_date_not_future('created_date'),
            check_not_before('created_date', '_account_created_date', 'the account creation'),
            check_not_before('close_date', 'created_date', 'the creation date'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
