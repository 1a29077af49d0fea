-- One row per advocacy activity completed within advocacy_recognition_window_days up to the as-of date by
-- a contact of an active account: a recognition task for the account's owner. Every completion earns a
-- thank-you. The contact's first completion ever also earns the advocate badge, and from the second
-- completion on the contact is offered early access to new features.

{%- set window_days = var('advocacy_recognition_window_days') %}
{%- set due_days = var('advocacy_task_due_days')['recognition'] %}

with

completions as (
    select * from {{ ref('stg_advocacy__completions') }}
),

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

account_health as (
    select * from {{ ref('fct_account_health_daily') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

contacts as (
    select * from {{ ref('dim_contacts') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

completed_activities as (
    select
        completions.completion_id,
        completions.invitation_id,
        invitations.account_id,
        invitations.contact_id,
        invitations.program,
        cast(completions.completed_at as date) as completed_on,
        row_number() over (
            partition by invitations.contact_id
            order by completions.completed_at, completions.completion_id
        ) as contact_completion_number
    from completions
    inner join invitations on completions.invitation_id = invitations.invitation_id
    cross join scoring_period
    where cast(completions.completed_at as date) <= scoring_period.as_of_date
),

in_window as (
    select
        completed_activities.*,
        scoring_period.as_of_date
    from completed_activities
    cross join scoring_period
    where
        completed_activities.completed_on
        > cast({{ dbt.dateadd('day', -window_days, 'scoring_period.as_of_date') }} as date)
),

active_accounts as (
    select account_health.account_id
    from account_health
    inner join scoring_period on account_health.score_date = scoring_period.as_of_date
)

select
    in_window.completion_id,
    in_window.invitation_id,
    in_window.account_id,
    in_window.contact_id,
    contacts.persona as contact_persona,
    in_window.program,
    in_window.completed_on,
    in_window.as_of_date,
    in_window.contact_completion_number,
    {{ join_non_null(', ', [
        "'thank-you note'",
        "case when in_window.contact_completion_number = 1 then 'advocate badge' end",
        "case when in_window.contact_completion_number > 1 then 'early access to new features' end",
    ]) }} as recognition_actions,
    accounts.csm_id as owner_id,
    cast({{ dbt.dateadd('day', due_days, 'in_window.completed_on') }} as date) as due_on
from in_window
inner join active_accounts on in_window.account_id = active_accounts.account_id
inner join accounts on in_window.account_id = accounts.account_id
left join contacts on in_window.contact_id = contacts.contact_id
