-- One row per RavenStack account whose churn_flag disagrees with the churn events file: flagged as
-- churned without any churn event, or with churn events while the flag is FALSE. The raw
-- contract takes churn from the events (map_ravenstack__billing_subscription_events), so the flag is
-- not used. This model keeps the disagreement visible instead of dropping it silently.

with

accounts as (
    select * from {{ source('ravenstack', 'accounts') }}
),

churn_events as (
    select * from {{ source('ravenstack', 'churn_events') }}
),

churn_counts as (
    select
        {{ clean_text('account_id') }} as account_id,
        count(*) as churn_event_count,
        min(cast({{ clean_text('churn_date') }} as date)) as first_churn_date
    from churn_events
    group by {{ clean_text('account_id') }}
),

compared as (
    select
        {{ clean_text('accounts.account_id') }} as account_id,
        lower(trim(accounts.churn_flag)) = 'true' as is_flagged_churned,
        coalesce(churn_counts.churn_event_count, 0) as churn_event_count,
        churn_counts.first_churn_date
    from accounts
    left join churn_counts
        on {{ clean_text('accounts.account_id') }} = churn_counts.account_id
)

select
    account_id,
    is_flagged_churned,
    churn_event_count,
    first_churn_date,
    case
        when is_flagged_churned then 'churn_flag is TRUE but the account has no churn event'
        else {{ dbt.concat([
            "'churn_flag is FALSE but the account has '",
            'cast(churn_event_count as ' ~ dbt.type_string() ~ ')',
            "' churn event(s)'"
        ]) }}
    end as conflict_description
from compared
where
    (is_flagged_churned and churn_event_count = 0)
    or (not is_flagged_churned and churn_event_count > 0)
