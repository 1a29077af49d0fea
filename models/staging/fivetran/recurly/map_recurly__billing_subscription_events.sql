-- One row per contract event of a Recurly subscription version, in the shape of the raw contract table
-- billing.subscription_events: a start event ('<id>:start', 'new' for the account's first subscription and
-- 'expansion' after, +ARR at activated_at) and, for a version that expired or was canceled, an end event
-- ('<id>:end', 'contraction', -ARR). Every version gives its events with the version's updated_at as
-- _loaded_at, so staging keeps the latest version's and counts the older ones as superseded.

with

subscription_rows as (
    select * from {{ ref('map_recurly__subscription_rows') }}
    where exclusion_reason is null
),

first_activations as (
    select
        account_id,
        min({{ parse_utc_timestamp('activated_at') }}) as first_activated_at
    from subscription_rows
    group by account_id
),

starts as (
    select
        {{ dbt.concat(['subscription_rows.subscription_id', "':start'"]) }} as event_id,
        subscription_rows.account_id,
        case
            when {{ parse_utc_timestamp('subscription_rows.activated_at') }} = first_activations.first_activated_at
                then 'new'
            else 'expansion'
        end as event_type,
        subscription_rows.activated_at as occurred_at,
        subscription_rows.arr as arr_change,
        subscription_rows._loaded_at
    from subscription_rows
    left join first_activations on subscription_rows.account_id = first_activations.account_id
),

ends as (
    select
        {{ dbt.concat(['subscription_id', "':end'"]) }} as event_id,
        account_id,
        'contraction' as event_type,
        ended_at as occurred_at,
        -arr as arr_change,
        _loaded_at
    from subscription_rows
    where ended_at is not null
),

events as (
    select * from starts
    union all
    select * from ends
)

select
    event_id,
    account_id,
    event_type,
    occurred_at,
    round(cast(arr_change as {{ dbt.type_numeric() }}), 2) as arr_change,
    cast(null as {{ dbt.type_numeric() }}) as amount,
    cast(null as {{ dbt.type_string() }}) as payment_status,
    cast(null as {{ dbt.type_string() }}) as renewal_status,
    _loaded_at
from events
