-- One row per raw reference request row: typed and cleaned, flagged as a superseded re-sync copy or
-- with the reasons it cannot be used. stg_crm__opportunity_references keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('crm', 'opportunity_references') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('reference_id') }} as reference_id,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_enum('program') }} as program,  -- noqa: RF04
        {{ clean_text('reference_account_id') }} as reference_account_id,
        {{ clean_text('reference_contact_id') }} as reference_contact_id,
        {{ clean_text('requested_at') }} as requested_at_text,
        {{ parse_utc_timestamp('requested_at') }} as requested_at,
        {{ clean_text('used_at') }} as used_at_text,
        {{ parse_utc_timestamp('used_at') }} as used_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'reference_id', 'opportunity_id', 'program', 'reference_account_id', 'reference_contact_id',
            'requested_at', 'used_at', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when reference_id is not null
                then row_number() over (partition by reference_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_parents as (
    -- The reference account and contact stay empty while a request is unfilled, so only present ids
    -- must be known.
    select
        ranked_loads.*,
        opportunities.opportunity_id as _known_opportunity_id,
        accounts.account_id as _known_reference_account_id,
        accounts.created_at as _reference_account_created_at,
        contacts.contact_id as _known_reference_contact_id
    from ranked_loads
    left join opportunities
        on ranked_loads.opportunity_id = opportunities.opportunity_id
    left join accounts
        on ranked_loads.reference_account_id = accounts.account_id
    left join contacts
        on ranked_loads.reference_contact_id = contacts.contact_id
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('reference_id'),
            check_not_null('opportunity_id'),
            check_known_key('opportunity_id', '_known_opportunity_id', 'stg_crm__opportunities'),
            check_known_key('reference_account_id', '_known_reference_account_id', 'stg_crm__accounts'),
            check_known_key('reference_contact_id', '_known_reference_contact_id', 'stg_crm__contacts'),
            check_accepted_values('program', [
                'reference_call', 'review', 'case_study', 'co_webinar', 'beta_council'
            ]),
            check_not_null('requested_at_text'),
            check_timestamp_parsed('requested_at'),
            check_not_future('requested_at'),
            check_timestamp_parsed('used_at'),
            check_not_future('used_at'),
            check_not_before('used_at', 'requested_at', 'the request'),
            check_not_before('used_at', '_reference_account_created_at', 'the reference account creation'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
