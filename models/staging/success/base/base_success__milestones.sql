-- One row per raw milestone row: typed and cleaned, flagged as a superseded re-sync copy or with the
-- reasons it cannot be used. stg_success__milestones keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('success', 'milestones') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

cleaned as (
    select
        {{ clean_text('milestone_id') }} as milestone_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_enum('milestone_type') }} as milestone_type,
        {{ clean_text('milestone_name') }} as milestone_name,
        cast(is_first_value as {{ dbt.type_boolean() }}) as is_first_value,
        cast(target_date as date) as target_date,
        cast(achieved_date as date) as achieved_date,
        cast(is_outcome_verified as {{ dbt.type_boolean() }}) as is_outcome_verified,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'milestone_id', 'account_id', 'milestone_type', 'milestone_name', 'is_first_value', 'target_date',
            'achieved_date', 'is_outcome_verified', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when milestone_id is not null
                then row_number() over (partition by milestone_id order by _loaded_at desc, _source_row desc)
            else 1
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
    -- target_date may lie in the future for a milestone not yet due, but achieved_date may not.
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('milestone_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_accepted_values('milestone_type', ['onboarding', 'success_goal']),
            check_not_before('target_date', '_account_created_date', 'the account creation date'),
            check_date_not_future('achieved_date'),
            check_not_before('achieved_date', '_account_created_date', 'the account creation date'),
        ]) }} as _quarantine_reason
    from joined_to_accounts
)

select * from checked
