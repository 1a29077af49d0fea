-- One row per key contact (champion, budget owner, executive sponsor) and scored day: the contact's own
-- signals and persona health (0-100). Product activity is the share of days active in the product window;
-- engagement is the share of stakeholder meetings in the engagement window the contact attended (0 when
-- none was held, since the CRM records every meeting, but null for accounts with no meeting on record at
-- all); sentiment is the contact's average NPS answer. Each persona weighs these signals differently; a
-- missing signal's weight is shared among the others. A contact is scored from the day the CRM created it, so
-- a contact added later does not change earlier days. Personal data stays in staging: ids and personas only.
-- Columns repeated per measure or persona come from Jinja loops, whose output sqlfluff cannot indent-check.
-- noqa: disable=LT02

{%- set signal_weights = var('persona_signal_weights') %}
{%- set windows = var('persona_window_days') %}

with

account_days as (
    select * from {{ ref('int_health__account_days') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
    where persona in ('champion', 'budget_owner', 'executive_sponsor')
),

user_activity as (
    select * from {{ ref('stg_product__user_activity_daily') }}
),

engagements as (
    select * from {{ ref('stg_crm__stakeholder_engagements') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

activity_tracking_starts as (
    -- Contact-level telemetry counts from the account's first user-activity row.
    select
        account_id,
        min(activity_date) as first_activity_date
    from user_activity
    group by account_id
),

engagement_tracking_starts as (
    select
        account_id,
        min(cast(scheduled_at as date)) as first_engagement_date
    from engagements
    group by account_id
),

engagement_daily as (
    select
        contact_id,
        cast(scheduled_at as date) as event_date,
        count(*) as meetings,
        sum(case when has_attended then 1 else 0 end) as meetings_attended
    from engagements
    group by contact_id, cast(scheduled_at as date)
),

nps_daily as (
    select
        contact_id,
        cast(responded_at as date) as event_date,
        count(*) as nps_answers,
        sum(score) as nps_sum
    from survey_responses
    where survey_type = 'nps' and contact_id is not null
    group by contact_id, cast(responded_at as date)
),

contact_events as (
    -- Product activity, meetings and NPS responses per contact and day in one sparse table, so the spine below
    -- makes one join instead of three. DuckDB's join hash tables in one pipeline do not see each other's
    -- memory when they spill, and with three joins this model ran out of memory at 100k accounts and 4GB.
    select
        contact_id,
        activity_date as event_date,
        1 as was_active,
        0 as meetings,
        0 as meetings_attended,
        0 as nps_answers,
        0 as nps_sum
    from user_activity

    union all

    select
        contact_id,
        event_date,
        0 as was_active,
        meetings,
        meetings_attended,
        0 as nps_answers,
        0 as nps_sum
    from engagement_daily

    union all

    select
        contact_id,
        event_date,
        0 as was_active,
        0 as meetings,
        0 as meetings_attended,
        nps_answers,
        nps_sum
    from nps_daily
),

contact_event_days as (
    -- Each source has at most one row per contact and day, so max() takes that row's value.
    select
        contact_id,
        event_date,
        max(was_active) as was_active,
        max(meetings) as meetings,
        max(meetings_attended) as meetings_attended,
        max(nps_answers) as nps_answers,
        max(nps_sum) as nps_sum
    from contact_events
    group by contact_id, event_date
),

contact_days as (
    -- Only the key and the daily counts go through the rolling windows below. The contact's attributes are
    -- joined back after them, so the rows that the windows sort stay narrow.
    select
        contacts.contact_id,
        account_days.score_date,
        account_days.is_scored,
        coalesce(contact_event_days.was_active, 0) as was_active,
        coalesce(contact_event_days.meetings, 0) as meetings,
        coalesce(contact_event_days.meetings_attended, 0) as meetings_attended,
        coalesce(contact_event_days.nps_answers, 0) as nps_answers,
        coalesce(contact_event_days.nps_sum, 0) as nps_sum
    from contacts
    inner join account_days on contacts.account_id = account_days.account_id
    left join contact_event_days
        on
            contacts.contact_id = contact_event_days.contact_id
            and account_days.score_date = contact_event_days.event_date
),

rolled as (
    select
        contact_id,
        score_date,
        is_scored,
        {{ rolling_sum('was_active', windows['product_activity'], 'contact_id') }} as active_days,
        {{ rolling_sum('meetings', windows['engagement'], 'contact_id') }} as meetings,
        {{ rolling_sum('meetings_attended', windows['engagement'], 'contact_id') }} as meetings_attended,
        {{ rolling_sum('nps_answers', windows['sentiment'], 'contact_id') }} as nps_answers,
        {{ rolling_sum('nps_sum', windows['sentiment'], 'contact_id') }} as nps_sum
    from contact_days
),

signals as (
    select
        rolled.contact_id,
        contacts.account_id,
        contacts.persona,
        contacts.seniority,
        contacts.is_verified_champion,
        rolled.score_date,
        rolled.meetings,
        rolled.meetings_attended,
        case
            when rolled.score_date >= activity_tracking_starts.first_activity_date
                then {{ scale_to_score(
                    safe_divide('rolled.active_days', windows['product_activity']),
                    0,
                    var('persona_full_activity_share')
                ) }}
        end as product_activity_score,
        case
            when rolled.score_date >= engagement_tracking_starts.first_engagement_date
                then coalesce(100 * {{ safe_divide('rolled.meetings_attended', 'rolled.meetings') }}, 0)
        end as engagement_score,
        10 * {{ safe_divide('rolled.nps_sum', 'rolled.nps_answers') }} as sentiment_score
    from rolled
    inner join contacts on rolled.contact_id = contacts.contact_id
    left join activity_tracking_starts on contacts.account_id = activity_tracking_starts.account_id
    left join engagement_tracking_starts on contacts.account_id = engagement_tracking_starts.account_id
    -- The windows above still count signals dated before the contact's creation day.
    where rolled.is_scored and rolled.score_date >= cast(contacts.created_at as date)
),

weighted as (
    select
        *,
        case persona
            {%- for persona, weights in signal_weights.items() %}
            when '{{ persona }}' then
                {%- for signal, weight in weights.items() %}
                case when {{ signal }}_score is not null then {{ weight }} else 0 end
                {{- ' +' if not loop.last }}
                {%- endfor %}
            {%- endfor %}
        end as weight_present,
        case persona
            {%- for persona, weights in signal_weights.items() %}
            when '{{ persona }}' then
                {%- for signal, weight in weights.items() %}
                coalesce({{ weight }} * {{ signal }}_score, 0)
                {{- ' +' if not loop.last }}
                {%- endfor %}
            {%- endfor %}
        end as weighted_sum
    from signals
)

select
    contact_id,
    account_id,
    score_date,
    persona,
    seniority,
    is_verified_champion,
    meetings,
    meetings_attended,
    product_activity_score,
    engagement_score,
    sentiment_score,
    {{ safe_divide('weighted_sum', 'weight_present') }} as persona_health_score
from weighted
