-- One row per contact: the account, persona, seniority and verified-champion flag. Names, emails and
-- phone numbers stay in staging; marts identify people by contact_id only.

with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
)

select
    contact_id,
    account_id,
    persona,
    seniority,
    is_verified_champion,
    cast(created_at as date) as created_date
from contacts
