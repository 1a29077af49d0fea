-- One row per account and day: the adoption measures (license utilization, key-feature breadth, usage
-- trend, time-to-value), each as its raw value and as a 0-100 score. A measure without data in its
-- window is null, never zero: days before an account's first telemetry row are not counted as idle.

{%- set usage_window = window_days('usage') %}
{%- set utilization_scale = measure_scale('license_utilization') %}
{%- set trend_scale = measure_scale('usage_trend') %}
{%- set time_to_value_scale = measure_scale('time_to_value') %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
),

usage as (
    select * from {{ ref('stg_product__usage_daily') }}
),

feature_usage as (
    select * from {{ ref('stg_product__feature_usage_daily') }}
),

plan_key_features as (
    select * from {{ ref('stg_product__plan_key_features') }}
),

milestones as (
    select * from {{ ref('stg_success__milestones') }}
),

telemetry_starts as (
    -- Telemetry counts from an account's first usage row; before it, idle days are unknown, not zero.
    -- User counts start at the first row that has one: a source that never counts users (active_users
    -- always null) leaves license utilization unknown instead of scoring idle days as zero users.
    select
        account_id,
        min(usage_date) as first_usage_date,
        min(case when active_users is not null then usage_date end) as first_user_count_date
    from usage
    group by account_id
),

key_feature_counts as (
    select
        plan,
        count(*) as key_features
    from plan_key_features
    group by plan
),

key_feature_usage as (
    select
        feature_usage.account_id,
        feature_usage.feature_key,
        feature_usage.usage_date,
        lag(feature_usage.usage_date) over (
            partition by feature_usage.account_id, feature_usage.feature_key
            order by feature_usage.usage_date
        ) as previous_usage_date
    from feature_usage
    inner join account_days
        on
            feature_usage.account_id = account_days.account_id
            and feature_usage.usage_date = account_days.score_date
    inner join plan_key_features
        on
            account_days.plan = plan_key_features.plan
            and feature_usage.feature_key = plan_key_features.feature_key
),

key_feature_streaks as (
    -- A streak is a run of uses of one feature with gaps shorter than the window. Within a streak and
    -- for a window's length after its last use, the feature counts as used in the window.
    select
        account_id,
        feature_key,
        usage_date,
        sum(
            case
                when
                    previous_usage_date is null
                    or {{ days_between('previous_usage_date', 'usage_date') }} >= {{ usage_window }}
                    then 1
                else 0
            end
        ) over (
            partition by account_id, feature_key
            order by usage_date
            rows between unbounded preceding and current row
        ) as streak_number
    from key_feature_usage
),

key_feature_coverage_changes as (
    -- +1 on the day a streak starts, -1 on the day after its window ends.
    select
        account_id,
        min(usage_date) as change_date,
        1 as feature_change
    from key_feature_streaks
    group by account_id, feature_key, streak_number

    union all

    select
        account_id,
        cast({{ dbt.dateadd('day', usage_window, 'max(usage_date)') }} as date) as change_date,
        -1 as feature_change
    from key_feature_streaks
    group by account_id, feature_key, streak_number
),

key_feature_daily_changes as (
    select
        account_id,
        change_date,
        sum(feature_change) as feature_change
    from key_feature_coverage_changes
    group by account_id, change_date
),

first_value_dates as (
    select
        account_id,
        min(achieved_date) as first_value_date
    from milestones
    where is_first_value
    group by account_id
),

first_value_tracked as (
    -- Accounts whose success plan has a first-value milestone at all; for the others time-to-value is unknown.
    select distinct account_id
    from milestones
    where is_first_value
),

daily as (
    select
        account_days.account_id,
        account_days.score_date,
        account_days.is_scored,
        account_days.contract_start_date,
        account_days.licensed_seats,
        key_feature_counts.key_features,
        first_value_dates.first_value_date,
        first_value_tracked.account_id is not null as is_first_value_tracked,
        case when account_days.score_date >= telemetry_starts.first_usage_date then 1 else 0 end as has_telemetry,
        case
            when
                account_days.score_date >= telemetry_starts.first_user_count_date
                and (usage.account_id is null or usage.active_users is not null)
                then 1
            else 0
        end as has_user_count,
        coalesce(usage.events, 0) as events,
        case
            when account_days.licensed_seats > 0
                then least(1.0, {{ safe_divide('coalesce(usage.active_users, 0)', 'account_days.licensed_seats') }})
        end as seat_share,
        coalesce(key_feature_daily_changes.feature_change, 0) as feature_change
    from account_days
    left join usage
        on
            account_days.account_id = usage.account_id
            and account_days.score_date = usage.usage_date
    left join telemetry_starts on account_days.account_id = telemetry_starts.account_id
    left join key_feature_counts on account_days.plan = key_feature_counts.plan
    left join key_feature_daily_changes
        on
            account_days.account_id = key_feature_daily_changes.account_id
            and account_days.score_date = key_feature_daily_changes.change_date
    left join first_value_dates on account_days.account_id = first_value_dates.account_id
    left join first_value_tracked on account_days.account_id = first_value_tracked.account_id
),

rolled as (
    select
        *,
        {{ rolling_sum('has_telemetry', usage_window) }} as telemetry_days,
        {{ rolling_sum('has_telemetry', 2 * usage_window) }} as telemetry_days_two_windows,
        {{ rolling_sum('has_user_count', usage_window) }} as user_count_days,
        {{ rolling_sum('seat_share * has_user_count', usage_window) }} as seat_share_sum,
        {{ rolling_sum('events', usage_window) }} as events_in_window,
        {{ rolling_sum('events', 2 * usage_window) }} as events_in_two_windows,
        sum(feature_change) over (
            partition by account_id order by score_date
            rows between unbounded preceding and current row
        ) as key_features_used
    from daily
),

measured as (
    select
        account_id,
        score_date,
        is_scored,
        {{ safe_divide('seat_share_sum', 'user_count_days') }} as license_utilization_value,
        case
            when telemetry_days > 0 then {{ safe_divide('key_features_used', 'key_features') }}
        end as key_feature_breadth_value,
        case
            -- The trend needs a full window of telemetry before the current one and some prior activity.
            when telemetry_days_two_windows = {{ 2 * usage_window }}
                then {{ safe_divide('events_in_window - (events_in_two_windows - events_in_window)',
                                    'events_in_two_windows - events_in_window') }}
        end as usage_trend_value,
        case
            when contract_start_date is null or not is_first_value_tracked then null
            when first_value_date <= score_date
                then {{ days_between('contract_start_date', 'first_value_date') }}
            -- Not reached yet: known to be bad only once the worst acceptable time has passed.
            when {{ days_between('contract_start_date', 'score_date') }} >= {{ time_to_value_scale[0] }}
                then {{ days_between('contract_start_date', 'score_date') }}
        end as time_to_value_days
    from rolled
)

select
    account_id,
    score_date,
    license_utilization_value,
    {{ scale_to_score('license_utilization_value', utilization_scale[0], utilization_scale[1]) }}
        as license_utilization_score,
    key_feature_breadth_value,
    {{ scale_to_score('key_feature_breadth_value', 0, 1) }} as key_feature_breadth_score,
    usage_trend_value,
    {{ scale_to_score('usage_trend_value', trend_scale[0], trend_scale[1]) }} as usage_trend_score,
    time_to_value_days,
    {{ scale_to_score('time_to_value_days', time_to_value_scale[0], time_to_value_scale[1]) }}
        as time_to_value_score
from measured
where is_scored
