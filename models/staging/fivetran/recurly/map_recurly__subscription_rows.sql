-- One row per landed Recurly subscription version: its values in raw contract terms and, when it is not
-- carried into billing.subscription_events, every reason (its account was deleted in Recurly). ARR is
-- subtotal x (12 / billing months), where billing months is the plan's interval_length in months (years
-- count 12); with an unknown plan or interval the ARR change stays null. The account id is Recurly's.

with

subscriptions as (
    select * from {{ source('recurly', 'subscription_history') }}
),

plans as (
    select * from {{ source('recurly', 'plan_history') }}
),

accounts as (
    select * from {{ source('recurly', 'account_history') }}
),

latest_plans as (
    select
        {{ clean_text('id') }} as plan_id,
        case lower(trim(interval_unit))
            when 'months' then cast({{ clean_text('interval_length') }} as {{ dbt.type_int() }})
            when 'years' then 12 * cast({{ clean_text('interval_length') }} as {{ dbt.type_int() }})
        end as billing_months,
        row_number() over (
            partition by {{ clean_text('id') }}
            order by {{ parse_utc_timestamp('updated_at') }} desc, _file_row_number desc
        ) as recency
    from plans
),

latest_accounts as (
    select
        {{ clean_text('id') }} as account_id,
        {{ clean_text('deleted_at') }} as deleted_at,
        row_number() over (
            partition by {{ clean_text('id') }}
            order by {{ parse_utc_timestamp('updated_at') }} desc, _file_row_number desc
        ) as recency
    from accounts
),

mapped as (
    select
        subscriptions._file_row_number,
        {{ clean_text('subscriptions.id') }} as subscription_id,
        {{ clean_text('subscriptions.account_id') }} as account_id,
        subscriptions.activated_at,
        coalesce({{ clean_text('subscriptions.expires_at') }}, {{ clean_text('subscriptions.canceled_at') }})
            as ended_at,
        cast({{ clean_text('subscriptions.subtotal') }} as {{ type_double() }})
        * 12 / cast(nullif(latest_plans.billing_months, 0) as {{ type_double() }}) as arr,
        {{ parse_utc_timestamp('subscriptions.updated_at') }} as _loaded_at,
        latest_accounts.deleted_at as account_deleted_at,
        {{ serialize_row([
            'subscriptions.id', 'subscriptions.account_id', 'subscriptions.plan_id', 'subscriptions.state',
            'subscriptions.activated_at', 'subscriptions.expires_at', 'subscriptions.subtotal',
            'subscriptions.updated_at'
        ]) }} as source_row
    from subscriptions
    left join latest_plans
        on
            {{ clean_text('subscriptions.plan_id') }} = latest_plans.plan_id
            and latest_plans.recency = 1
    left join latest_accounts
        on
            {{ clean_text('subscriptions.account_id') }} = latest_accounts.account_id
            and latest_accounts.recency = 1
)

select
    *,
    {{ quarantine_reason([
        (
            'account_deleted_at is not null',
            dbt.concat(["'the account was deleted in Recurly at '", 'account_deleted_at'])
        ),
    ]) }} as exclusion_reason
from mapped
