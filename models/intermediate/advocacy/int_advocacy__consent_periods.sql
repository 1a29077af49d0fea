-- One row per contact, program and consent decision: the decision (granted or withdrawn), the record it
-- comes from and the period in which it is the consent in force for that program. A record for
-- all_programs applies to every program in advocacy_programs; for each program the latest record of either
-- scope wins until the next one. Records dated after the as-of date are not read.

with

consent_records as (
    select * from {{ ref('stg_advocacy__consent_records') }}
),

programs as (
    select * from {{ ref('advocacy_programs') }}
),

scoring_period as (
    select * from {{ ref('int_health__scoring_period') }}
),

records_to_date as (
    select consent_records.*
    from consent_records
    cross join scoring_period
    where cast(consent_records.recorded_at as date) <= scoring_period.as_of_date
),

program_decisions as (
    select
        records_to_date.contact_id,
        records_to_date.account_id,
        programs.program,
        records_to_date.consent_id,
        records_to_date.consent_scope,
        records_to_date.consent_status,
        records_to_date.recorded_at
    from records_to_date
    inner join programs
        on
            records_to_date.consent_scope = programs.program
            or records_to_date.consent_scope = 'all_programs'
),

periods as (
    -- Records with the same timestamp are ordered by consent_id, so the higher id is the one in force.
    select
        *,
        lead(recorded_at) over (
            partition by contact_id, program
            order by recorded_at, consent_id
        ) as next_recorded_at
    from program_decisions
)

select
    contact_id,
    account_id,
    program,
    consent_id,
    consent_scope,
    consent_status,
    recorded_at as in_force_from,
    next_recorded_at as in_force_until
from periods
