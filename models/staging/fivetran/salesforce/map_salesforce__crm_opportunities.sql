-- One row per Salesforce opportunity version without an exclusion reason, in the shape of the raw contract
-- table crm.opportunities; staging keeps the latest version of each opportunity. Type and stage names are
-- lower-cased with underscores ('Closed Won' -> closed_won, 'New Business' -> new_business, types naming
-- an upgrade -> expansion); other values pass through and staging quarantines them. Salesforce
-- opportunities carry no segment or region, so those stay null and staging quarantines the row for them.

with

opportunity_rows as (
    select * from {{ ref('map_salesforce__opportunity_rows') }}
    where exclusion_reason is null
)

select
    opportunity_id,
    account_id,
    case
        when lower(opportunity_type_text) like '%upgrade%' then 'expansion'
        else {{ clean_enum('opportunity_type_text') }}
    end as opportunity_type,
    cast(null as {{ dbt.type_string() }}) as segment,
    cast(null as {{ dbt.type_string() }}) as region,
    {{ clean_enum('stage_name') }} as stage,  -- noqa: RF04
    amount,
    substr({{ clean_text('created_date') }}, 1, 10) as created_date,
    substr({{ clean_text('close_date') }}, 1, 10) as close_date,
    is_closed,
    is_won,
    _loaded_at
from opportunity_rows
