-- One row per raw survey response row: typed and cleaned, flagged as a superseded re-sync copy or with
-- the reasons it cannot be used. stg_surveys__responses keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('surveys', 'responses') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

cleaned as (
    select
        {{ clean_text('response_id') }} as response_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_enum('survey_type') }} as survey_type,
        cast(score as {{ dbt.type_int() }}) as score,
        {{ clean_text('responded_at') }} as responded_at_text,
        {{ parse_utc_timestamp('responded_at') }} as responded_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row([
            'response_id', 'account_id', 'contact_id', 'survey_type', 'score', 'responded_at', '_loaded_at'
        ]) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when response_id is not null
                then row_number() over (partition by response_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_parents as (
    -- contact_id is empty for anonymous surveys, so only a present id must be known.
    select
        ranked_loads.*,
        accounts.account_id as _known_account_id,
        accounts.created_at as _account_created_at,
        contacts.contact_id as _known_contact_id
    from ranked_loads
    left join accounts
        on ranked_loads.account_id = accounts.account_id
    left join contacts
        on ranked_loads.contact_id = contacts.contact_id
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('response_id'),
            check_not_null('account_id'),
            check_known_key('account_id', '_known_account_id', 'stg_crm__accounts'),
            check_known_key('contact_id', '_known_contact_id', 'stg_crm__contacts'),
            check_accepted_values('survey_type', ['nps', 'csat', 'psat']),
            check_not_null('score'),
            check_between_when('score', 0, 10, "survey_type = 'nps'", 'an nps survey'),
            check_between_when('score', 1, 5, "survey_type in ('csat', 'psat')", 'a csat or psat survey'),
            check_not_null('responded_at_text'),
            check_timestamp_parsed('responded_at'),
            check_not_future('responded_at'),
            check_not_before('responded_at', '_account_created_at', 'the account creation'),
        ]) }} as _quarantine_reason
    from joined_to_parents
)

select * from checked
