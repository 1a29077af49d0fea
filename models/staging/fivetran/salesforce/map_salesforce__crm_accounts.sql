-- One row per Salesforce account row without an exclusion reason, in the shape of the raw contract table
-- crm.accounts. Plan, ARR, lifetime value, dates and seats are not Salesforce account fields, so they stay
-- null; staging then quarantines the account with "plan 'null' is not one of ...".

with

account_rows as (
    select * from {{ ref('map_salesforce__account_rows') }}
    where exclusion_reason is null
)

select
    account_id,
    account_name,
    segment,
    cast(null as {{ dbt.type_string() }}) as plan,
    industry,
    region,
    cast(null as {{ dbt.type_numeric() }}) as arr,
    cast(null as {{ dbt.type_numeric() }}) as lifetime_value,
    created_at,
    cast(null as date) as contract_start_date,
    cast(null as date) as renewal_date,
    cast(null as {{ dbt.type_int() }}) as licensed_seats,
    csm_id,
    _loaded_at
from account_rows
