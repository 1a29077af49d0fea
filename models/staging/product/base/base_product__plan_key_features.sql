-- One row per raw plan key feature row: cleaned, flagged as a superseded re-sync copy or with the
-- reasons it cannot be used. stg_product__plan_key_features keeps the usable latest rows.

with

source as (
    select * from {{ raw_source('product', 'plan_key_features') }}
),

cleaned as (
    select
        {{ clean_enum('plan') }} as plan,
        {{ clean_text('feature_key') }} as feature_key,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at,
        {{ serialize_row(['plan', 'feature_key', '_loaded_at']) }} as _source_row
    from source
),

ranked_loads as (
    select
        *,
        case
            when plan is not null and feature_key is not null
                then row_number() over (partition by plan, feature_key order by _loaded_at desc, _source_row desc)
            else 1
        end as _load_rank
    from cleaned
),

checked as (
    select
        *,
        _load_rank > 1 as _is_superseded,
        {{ quarantine_reason([
            check_not_null('plan'),
            check_accepted_values('plan', ['starter', 'growth', 'scale'], nullable=true),
            check_not_null('feature_key'),
        ]) }} as _quarantine_reason
    from ranked_loads
)

select * from checked
