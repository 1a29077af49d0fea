-- One row per raw completion row: typed and cleaned, flagged as a superseded re-sync copy or with the
-- reasons it cannot be used. stg_advocacy__completions keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('advocacy', 'completions') }}
),

invitations as (
    select * from {{ ref('stg_advocacy__invitations') }}
),

cleaned as (
    select
        {{ clean_text('completion_id') }} as completion_id,
        {{ clean_text('invitation_id') }} as invitation_id,
        {{ clean_text('completed_at') }} as completed_at_text,
        {{ parse_utc_timestamp('completed_at') }} as completed_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row(['completion_id', 'invitation_id', 'completed_at', '_loaded_at']) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when completion_id is not null
                then row_number() over (partition by completion_id order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

joined_to_invitations as (
    select
        ranked_loads.*,
        invitations.invitation_id as _known_invitation_id,
        invitations.invited_at as _invited_at
    from ranked_loads
    left join invitations
        on ranked_loads.invitation_id = invitations.invitation_id
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('completion_id'),
            check_not_null('invitation_id'),
            check_known_key('invitation_id', '_known_invitation_id', 'stg_advocacy__invitations'),
            check_not_null('completed_at_text'),
            check_timestamp_parsed('completed_at'),
            check_not_future('completed_at'),
            check_not_before('completed_at', '_invited_at', 'the invitation'),
        ]) }} as _quarantine_reason
    from joined_to_invitations
)

select * from checked
