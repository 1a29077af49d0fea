{{
    config(
        materialized='incremental',
        incremental_strategy=incremental_upsert_strategy(),
        unique_key='task_id',
        partition_by=upsert_partition_by('task_type'),
        on_schema_change='fail',
        full_refresh=false,
    )
}}

-- One row per CRM task: advocacy asks (fct_advocacy_routing), save and success plays (fct_advocacy_plays) and
-- recognition tasks (fct_advocacy_recognition_tasks), for a reverse-ETL tool to upsert into the CRM by
-- task_id. A task's natural key is its type plus the account and program, the account, or the completion;
-- task_id hashes that key with the task's cycle, so a re-run updates the open task instead of adding one.
-- Incremental: each run reads the previous state from this table, refreshes the open tasks still wanted,
-- closes (never deletes) open tasks no longer wanted, with closed_on and the reason, and opens a new cycle
-- for a key whose last task is closed. Each run returns the whole queue, unchanged rows included, so that Spark
-- can overwrite the table where the other engines upsert by task_id. Never full-refreshed (full_refresh=false),
-- because the history is the CRM's record of what it was asked to do.

{%- if is_incremental() and var('as_of_date') %}
{{ exceptions.raise_compiler_error(
    this ~ ' only moves forward: build a past as_of_date ' ~ var('as_of_date')
    ~ ' into another target, not on top of the task queue'
) }}
{%- endif %}

with

routing as (
    select * from {{ ref('fct_advocacy_routing') }}
),

plays as (
    select * from {{ ref('fct_advocacy_plays') }}
),

recognition_tasks as (
    select * from {{ ref('fct_advocacy_recognition_tasks') }}
),

eligibility as (
    select * from {{ ref('fct_advocacy_eligibility') }}
),

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

wanted_tasks as (
    select
        {{ dbt.concat(["'advocacy_ask|'", "account_id", "'|'", "program"]) }} as task_natural_key,
        'advocacy_ask' as task_type,
        account_id,
        contact_id,
        program,
        owner_id,
        {{ dbt.concat(["'Ask for a '", "replace(program, '_', ' ')"]) }} as subject,
        briefing as task_details,
        queue_rank as priority_rank,
        due_on
    from routing

    union all

    select
        {{ dbt.concat(["play_type", "'|'", "account_id"]) }} as task_natural_key,
        play_type as task_type,
        account_id,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        cast(null as {{ dbt.type_string() }}) as program,  -- noqa: RF04
        owner_id,
        {{ dbt.concat([
            "case when play_type = 'save_play' then 'Save play: ' else 'Success play: ' end", "trigger_detail"
        ]) }} as subject,
        coalesce(
            {{ dbt.concat(["'Measures behind it: '", "driving_measures", "'.'"]) }},
            'No measure explanation available.'
        ) as task_details,
        cast(null as {{ dbt.type_int() }}) as priority_rank,
        due_on
    from plays

    union all

    select
        {{ dbt.concat(["'recognition|'", "completion_id"]) }} as task_natural_key,
        'recognition' as task_type,
        account_id,
        contact_id,
        program,
        owner_id,
        {{ dbt.concat(["'Recognize a completed '", "replace(program, '_', ' ')"]) }} as subject,
        {{ dbt.concat([
            "'Completed on '", "cast(completed_on as " ~ dbt.type_string() ~ ")", "': '", "recognition_actions", "'.'"
        ]) }} as task_details,
        cast(null as {{ dbt.type_int() }}) as priority_rank,
        due_on
    from recognition_tasks
),

{% if is_incremental() %}
previous_tasks as (
    select
        task_id,
        task_natural_key,
        task_cycle,
        task_type,
        account_id,
        contact_id,
        program,
        owner_id,
        subject,
        task_details,
        priority_rank,
        status,
        opened_on,
        due_on,
        closed_on,
        close_reason,
        updated_on
    from {{ this }}
),
{% else %}
previous_tasks as (
    -- First build: no previous state.
    select
        cast(null as {{ dbt.type_string() }}) as task_id,
        cast(null as {{ dbt.type_string() }}) as task_natural_key,
        cast(null as {{ dbt.type_int() }}) as task_cycle,
        cast(null as {{ dbt.type_string() }}) as task_type,
        cast(null as {{ dbt.type_string() }}) as account_id,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        cast(null as {{ dbt.type_string() }}) as program,  -- noqa: RF04
        cast(null as {{ dbt.type_string() }}) as owner_id,
        cast(null as {{ dbt.type_string() }}) as subject,
        cast(null as {{ dbt.type_string() }}) as task_details,
        cast(null as {{ dbt.type_int() }}) as priority_rank,
        cast(null as {{ dbt.type_string() }}) as status,
        cast(null as date) as opened_on,
        cast(null as date) as due_on,
        cast(null as date) as closed_on,
        cast(null as {{ dbt.type_string() }}) as close_reason,
        cast(null as date) as updated_on
    from scoring_period
    where 1 = 0
),
{% endif %}

latest_previous as (
    select *
    from (
        select
            *,
            row_number() over (partition by task_natural_key order by task_cycle desc) as cycle_rank
        from previous_tasks
    ) as ranked_tasks
    where cycle_rank = 1
),

refreshed_and_opened as (
    -- A wanted task whose key has an open task keeps that task's id, cycle, opening and due dates. Any other
    -- wanted task opens a new cycle today, and the final select gives it its id.
    select
        case when latest_previous.status = 'open' then latest_previous.task_id end as task_id,
        wanted_tasks.task_natural_key,
        case
            when latest_previous.status = 'open' then latest_previous.task_cycle
            else coalesce(latest_previous.task_cycle, 0) + 1
        end as task_cycle,
        wanted_tasks.task_type,
        wanted_tasks.account_id,
        wanted_tasks.contact_id,
        wanted_tasks.program,
        wanted_tasks.owner_id,
        wanted_tasks.subject,
        wanted_tasks.task_details,
        wanted_tasks.priority_rank,
        'open' as status,
        case when latest_previous.status = 'open' then latest_previous.opened_on else scoring_period.as_of_date end
            as opened_on,
        case when latest_previous.status = 'open' then latest_previous.due_on else wanted_tasks.due_on end as due_on,
        cast(null as date) as closed_on,
        cast(null as {{ dbt.type_string() }}) as close_reason
    from wanted_tasks
    cross join scoring_period
    left join latest_previous on wanted_tasks.task_natural_key = latest_previous.task_natural_key
),

sent_asks as (
    select distinct latest_previous.task_natural_key
    from latest_previous
    inner join invitations
        on
            latest_previous.account_id = invitations.account_id
            and latest_previous.program = invitations.program
            and cast(invitations.invited_at as date) >= latest_previous.opened_on
    where latest_previous.task_type = 'advocacy_ask'
),

closed as (
    -- Open tasks no longer wanted: closed today, with the most specific reason known.
    select
        latest_previous.task_id,
        latest_previous.task_natural_key,
        latest_previous.task_cycle,
        latest_previous.task_type,
        latest_previous.account_id,
        latest_previous.contact_id,
        latest_previous.program,
        latest_previous.owner_id,
        latest_previous.subject,
        latest_previous.task_details,
        latest_previous.priority_rank,
        'closed' as status,
        latest_previous.opened_on,
        latest_previous.due_on,
        scoring_period.as_of_date as closed_on,
        case
            when sent_asks.task_natural_key is not null then 'invitation sent'
            when eligibility.account_id is null then 'account no longer active'
            when latest_previous.task_type = 'advocacy_ask' and not eligibility.is_eligible
                then {{ dbt.concat(["'account no longer eligible: '", "eligibility.failed_gates"]) }}
            when latest_previous.task_type = 'advocacy_ask'
                then 'no longer routed: a cap, consent, rest, program fit or play changed'
            when latest_previous.task_type = 'recognition' then 'recognition window ended'
            else 'play trigger cleared'
        end as close_reason
    from latest_previous
    cross join scoring_period
    left join wanted_tasks on latest_previous.task_natural_key = wanted_tasks.task_natural_key
    left join sent_asks on latest_previous.task_natural_key = sent_asks.task_natural_key
    left join eligibility on latest_previous.account_id = eligibility.account_id
    where latest_previous.status = 'open' and wanted_tasks.task_natural_key is null
),

changed_tasks as (
    select * from refreshed_and_opened

    union all

    select * from closed
),

written_tasks as (
    select
        coalesce(
            changed_tasks.task_id,
            {{ dbt.hash(dbt.concat([
                "changed_tasks.task_natural_key", "'|'", "cast(changed_tasks.task_cycle as " ~ dbt.type_string() ~ ")"
            ])) }}
        ) as task_id,
        changed_tasks.task_natural_key,
        changed_tasks.task_cycle,
        changed_tasks.task_type,
        changed_tasks.account_id,
        changed_tasks.contact_id,
        changed_tasks.program,
        changed_tasks.owner_id,
        changed_tasks.subject,
        changed_tasks.task_details,
        changed_tasks.priority_rank,
        changed_tasks.status,
        changed_tasks.opened_on,
        changed_tasks.due_on,
        changed_tasks.closed_on,
        changed_tasks.close_reason,
        scoring_period.as_of_date as updated_on
    from changed_tasks
    cross join scoring_period
),

unchanged_tasks as (
    -- Earlier rows this run does not write: closed history and tasks of other cycles, kept as they were.
    select previous_tasks.*
    from previous_tasks
    left join written_tasks on previous_tasks.task_id = written_tasks.task_id
    where written_tasks.task_id is null
)

select * from written_tasks

union all

select * from unchanged_tasks
