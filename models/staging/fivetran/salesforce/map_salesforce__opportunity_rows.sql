-- One row per landed Salesforce opportunity row, from both the history table (every version) and the
-- current-state table: its values in raw contract terms and, when it is not carried into
-- crm.opportunities, every reason. The history versions are the input; each is dated by its
-- _fivetran_start, so staging keeps the latest version of an opportunity and counts the older ones as
-- superseded. A current-state row of an opportunity that the history holds is a copy and is excluded
-- as such. A whole opportunity is excluded when its latest version is deleted (is_deleted) or has ended
-- (_fivetran_end before the 9999-12-31 sentinel, so no version is in force). Probability is a percent,
-- so a value outside 0 to 100 marks the row as corrupt.

with

history as (
    select * from {{ source('salesforce', 'opportunity_history') }}
),

current_state as (
    select * from {{ source('salesforce', 'opportunity') }}
),

versions as (
    select
        'salesforce.opportunity_history' as landing_table,
        _file_row_number,
        {{ clean_text('id') }} as opportunity_id,
        {{ clean_text('account_id') }} as account_id,
        type as opportunity_type_text,
        stage_name,
        amount,
        created_date,
        close_date,
        is_closed,
        is_won,
        probability,
        {{ parse_utc_timestamp('_fivetran_start') }} as _loaded_at,
        {{ is_fivetran_end_sentinel('_fivetran_end') }} as is_in_force,
        {{ column_is_true(source('salesforce', 'opportunity_history'), 'is_deleted') }} as is_deleted,
        false as is_current_state_copy,
        {{ serialize_row([
            'id', 'account_id', 'stage_name', 'amount', 'probability', 'is_deleted', '_fivetran_start', '_fivetran_end'
        ]) }} as source_row
    from history
),

current_rows as (
    select
        'salesforce.opportunity' as landing_table,
        current_state._file_row_number,
        {{ clean_text('current_state.id') }} as opportunity_id,
        {{ clean_text('current_state.account_id') }} as account_id,
        current_state.type as opportunity_type_text,
        current_state.stage_name,
        current_state.amount,
        current_state.created_date,
        current_state.close_date,
        current_state.is_closed,
        current_state.is_won,
        current_state.probability,
        {{ parse_utc_timestamp('current_state._fivetran_synced') }} as _loaded_at,
        true as is_in_force,
        {{ column_is_true(source('salesforce', 'opportunity'), 'current_state.is_deleted') }} as is_deleted,
        {{ clean_text('current_state.id') }} in (select {{ clean_text('id') }} from history) as is_current_state_copy,
        {{ serialize_row([
            'current_state.id', 'current_state.account_id', 'current_state.stage_name', 'current_state.amount',
            'current_state.probability', 'current_state.is_deleted', 'current_state._fivetran_synced'
        ]) }} as source_row
    from current_state
),

all_rows as (
    select * from versions
    union all
    select * from current_rows
),

latest_versions as (
    -- The newest row of each opportunity among those that are not copies decides whether it still exists.
    select
        opportunity_id,
        is_deleted as is_latest_deleted,
        is_in_force as is_latest_in_force,
        row_number() over (partition by opportunity_id order by _loaded_at desc, _file_row_number desc) as recency
    from all_rows
    where not is_current_state_copy
),

flagged as (
    select
        all_rows.*,
        coalesce(latest_versions.is_latest_deleted, false) as is_opportunity_deleted,
        not coalesce(latest_versions.is_latest_in_force, true) as is_opportunity_ended,
        cast({{ clean_text('all_rows.probability') }} as {{ type_double() }}) as probability_percent
    from all_rows
    left join latest_versions
        on
            all_rows.opportunity_id = latest_versions.opportunity_id
            and latest_versions.recency = 1
)

select
    *,
    {{ quarantine_reason([
        (
            'is_current_state_copy',
            "'current-state copy of an opportunity whose versions come from opportunity_history'"
        ),
        ('is_opportunity_deleted', "'is_deleted is true in the latest version: the opportunity was deleted in Salesforce'"),
        (
            'is_opportunity_ended',
            "'the latest version ended (_fivetran_end before 9999-12-31) and none is in force: removed in Salesforce'"
        ),
        (
            'probability_percent < 0 or probability_percent > 100',
            describe_value('probability', 'probability', 'is outside 0 to 100')
        ),
    ]) }} as exclusion_reason
from flagged
