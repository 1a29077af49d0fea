-- One row per landed RavenStack account in the shape of the raw contract table crm.accounts.
-- Mapping choices, stated once here:
--   plan:    plan_tier Basic, Pro, Enterprise -> starter, growth, scale.
--   segment: RavenStack has no segment, so the plan tier is used instead (Basic -> smb, Pro -> mid_market,
--            Enterprise -> enterprise). Peer groups are therefore plan tiers.
--   region:  from the country code (country_to_region); an unlisted code passes through and staging
--            quarantines it.
--   arr:     sum of arr_amount over the account's subscriptions without an end date; 0 when every
--            subscription has ended, null when the account has none.
--   lifetime_value, renewal_date, csm_id: RavenStack has no such data, so they stay null.
-- Any other tier passes through unchanged, so staging quarantines it with its value.

with

accounts as (
    select * from {{ source('ravenstack', 'accounts') }}
),

subscriptions as (
    select * from {{ source('ravenstack', 'subscriptions') }}
),

subscription_totals as (
    select
        {{ clean_text('account_id') }} as account_id,
        min(cast({{ clean_text('start_date') }} as date)) as first_start_date,
        sum(
            case
                when {{ clean_text('end_date') }} is null
                    then cast({{ clean_text('arr_amount') }} as {{ dbt.type_numeric() }})
                else 0
            end
        ) as open_arr
    from subscriptions
    group by {{ clean_text('account_id') }}
),

mapped as (
    select
        {{ clean_text('accounts.account_id') }} as account_id,
        accounts.account_name,
        case lower(trim(accounts.plan_tier))
            when 'basic' then 'smb'
            when 'pro' then 'mid_market'
            when 'enterprise' then 'enterprise'
            else accounts.plan_tier
        end as segment,
        case lower(trim(accounts.plan_tier))
            when 'basic' then 'starter'
            when 'pro' then 'growth'
            when 'enterprise' then 'scale'
            else accounts.plan_tier
        end as plan,
        accounts.industry,
        {{ country_to_region('accounts.country') }} as region,
        subscription_totals.open_arr as arr,
        cast(null as {{ dbt.type_numeric() }}) as lifetime_value,
        accounts.signup_date as created_at,
        cast(subscription_totals.first_start_date as {{ dbt.type_string() }}) as contract_start_date,
        cast(null as {{ dbt.type_string() }}) as renewal_date,
        accounts.seats as licensed_seats,
        cast(null as {{ dbt.type_string() }}) as csm_id,
        accounts._loaded_at
    from accounts
    left join subscription_totals
        on {{ clean_text('accounts.account_id') }} = subscription_totals.account_id
)

select * from mapped
