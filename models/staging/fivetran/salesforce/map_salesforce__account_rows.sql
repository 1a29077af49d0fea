-- One row per landed Salesforce account row: its values in raw contract terms and, when it cannot be
-- carried into crm.accounts, every reason (deleted in Salesforce, or not the version in force).
-- Mapping choices: segment from number_of_employees (below 100 smb, below 1,000 mid_market, else
-- enterprise); region from billing_country_code. Salesforce knows no plan, ARR, lifetime value or
-- licensed seats, so those stay null and staging quarantines the account for the missing plan.

with

accounts as (
    select * from {{ source('salesforce', 'account') }}
),

mapped as (
    select
        _file_row_number,
        {{ clean_text('id') }} as account_id,
        name as account_name,
        case
            when cast({{ clean_text('number_of_employees') }} as {{ dbt.type_int() }}) < 100 then 'smb'
            when cast({{ clean_text('number_of_employees') }} as {{ dbt.type_int() }}) < 1000 then 'mid_market'
            when cast({{ clean_text('number_of_employees') }} as {{ dbt.type_int() }}) >= 1000 then 'enterprise'
        end as segment,
        industry,
        {{ country_to_region('billing_country_code') }} as region,
        {{ column_or_null(source('salesforce', 'account'), 'created_date', 'accounts') }} as created_at,
        {{ column_or_null(source('salesforce', 'account'), 'owner_id', 'accounts') }} as csm_id,
        {{ parse_utc_timestamp('_fivetran_synced') }} as _loaded_at,
        {{ column_is_true(source('salesforce', 'account'), 'is_deleted') }} as is_deleted,
        {{ column_is_true(source('salesforce', 'account'), '_fivetran_deleted') }} as is_fivetran_deleted,
        coalesce(
            lower(trim({{ column_or_null(source('salesforce', 'account'), '_fivetran_active', 'accounts') }}))
            = 'false',
            false
        )
            as is_inactive_version,
        {{ serialize_row([
            'id', 'name', 'is_deleted', 'number_of_employees', 'billing_country_code', '_fivetran_synced'
        ]) }} as source_row
    from accounts
)

select
    *,
    {{ quarantine_reason([
        ('is_deleted', "'is_deleted is true: the account was deleted in Salesforce'"),
        ('is_fivetran_deleted', "'_fivetran_deleted is true: the account was deleted in Salesforce'"),
        ('is_inactive_version', "'_fivetran_active is false: not the version in force'"),
    ]) }} as exclusion_reason
from mapped
