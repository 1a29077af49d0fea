-- One row per contract event in the shape of the raw contract table billing.subscription_events, from
-- RavenStack subscriptions and churn events:
--   each subscription start: 'new' for the account's first subscription, 'expansion' for a later one,
--     with arr_change = +arr_amount; event_id is '<subscription_id>:start'.
--   each subscription end (end_date set): 'contraction' with arr_change = -arr_amount, because the
--     account loses that ARR; event_id is '<subscription_id>:end'.
--   each churn event: 'churn' on churn_date, without an ARR change (RavenStack does not say how much).
-- RavenStack's upgrade_flag and downgrade_flag are not used: the ARR changes come from start and end.

with

subscriptions as (
    select * from {{ source('ravenstack', 'subscriptions') }}
),

churn_events as (
    select * from {{ source('ravenstack', 'churn_events') }}
),

ordered_subscriptions as (
    select
        *,
        row_number() over (
            partition by account_id
            order by cast({{ clean_text('start_date') }} as date), subscription_id
        ) as account_subscription_number
    from subscriptions
),

starts as (
    select
        {{ dbt.concat(['subscription_id', "':start'"]) }} as event_id,
        account_id,
        case when account_subscription_number = 1 then 'new' else 'expansion' end as event_type,
        start_date as occurred_at,
        cast({{ clean_text('arr_amount') }} as {{ dbt.type_numeric() }}) as arr_change,
        _loaded_at
    from ordered_subscriptions
),

ends as (
    select
        {{ dbt.concat(['subscription_id', "':end'"]) }} as event_id,
        account_id,
        'contraction' as event_type,
        end_date as occurred_at,
        -cast({{ clean_text('arr_amount') }} as {{ dbt.type_numeric() }}) as arr_change,
        _loaded_at
    from subscriptions
    where {{ clean_text('end_date') }} is not null
),

churns as (
    select
        churn_event_id as event_id,
        account_id,
        'churn' as event_type,
        churn_date as occurred_at,
        cast(null as {{ dbt.type_numeric() }}) as arr_change,
        _loaded_at
    from churn_events
),

events as (
    select * from starts
    union all
    select * from ends
    union all
    select * from churns
)

select
    event_id,
    account_id,
    event_type,
    occurred_at,
    arr_change,
    cast(null as {{ dbt.type_numeric() }}) as amount,
    cast(null as {{ dbt.type_string() }}) as payment_status,
    cast(null as {{ dbt.type_string() }}) as renewal_status,
    _loaded_at
from events
