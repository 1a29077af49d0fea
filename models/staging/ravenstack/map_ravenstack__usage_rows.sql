-- One row per landed RavenStack feature usage row: the account it belongs to (through its subscription)
-- and, when the row cannot be carried into the raw contract, the reason. The product mapping models
-- aggregate the rows without a reason; map_ravenstack__excluded_rows lists the others.

with

usage as (
    select * from {{ source('ravenstack', 'feature_usage') }}
),

subscriptions as (
    select * from {{ source('ravenstack', 'subscriptions') }}
),

typed_usage as (
    select
        _file_row_number,
        {{ clean_text('usage_id') }} as usage_id,
        {{ clean_text('subscription_id') }} as subscription_id,
        {{ clean_text('usage_date') }} as usage_date_text,
        cast({{ clean_text('usage_date') }} as date) as usage_date,
        {{ clean_text('feature_name') }} as feature_name,
        {{ clean_text('usage_count') }} as usage_count,
        _loaded_at
    from usage
),

subscription_windows as (
    select
        {{ clean_text('subscription_id') }} as subscription_id,
        {{ clean_text('account_id') }} as account_id,
        cast({{ clean_text('start_date') }} as date) as start_date,
        cast({{ clean_text('end_date') }} as date) as end_date
    from subscriptions
),

numbered_repeats as (
    -- The file repeats some (subscription, day, feature) combinations; the first line of each is kept.
    select
        *,
        row_number() over (
            partition by subscription_id, usage_date, feature_name
            order by _file_row_number
        ) as repeat_number,
        min(_file_row_number) over (
            partition by subscription_id, usage_date, feature_name
        ) as first_file_row_number
    from typed_usage
),

joined_to_subscriptions as (
    select
        numbered_repeats.*,
        subscription_windows.subscription_id as known_subscription_id,
        subscription_windows.account_id,
        subscription_windows.start_date,
        subscription_windows.end_date
    from numbered_repeats
    left join subscription_windows
        on numbered_repeats.subscription_id = subscription_windows.subscription_id
)

select
    _file_row_number,
    usage_id,
    subscription_id,
    account_id,
    usage_date,
    feature_name,
    usage_count,
    _loaded_at,
    {{ quarantine_reason([
        (
            'known_subscription_id is null',
            describe_value('subscription_id', 'subscription_id', 'is not found in the subscriptions file')
        ),
        (
            'usage_date < start_date or usage_date > end_date',
            dbt.concat([
                "'usage_date '''", value_as_text('usage_date_text'), "''' is outside subscription '",
                value_as_text('subscription_id'), "' ('", value_as_text('start_date'), "' to '",
                "coalesce(cast(end_date as " ~ dbt.type_string() ~ "), 'open')", "')'"
            ])
        ),
        (
            'repeat_number > 1',
            dbt.concat([
                "'repeats subscription_id, usage_date and feature_name of file row '",
                value_as_text('first_file_row_number')
            ])
        ),
    ]) }} as exclusion_reason,
    {{ serialize_row([
        'usage_id', 'subscription_id', 'usage_date_text', 'feature_name', 'usage_count'
    ]) }} as source_row
from joined_to_subscriptions
