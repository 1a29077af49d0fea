-- One row per key contact (champion, budget owner, executive sponsor) and scored day: the contact's
-- product activity, meeting engagement, NPS and persona health. Contacts are identified by id and persona
-- only; names, emails and phone numbers stay in staging.

{{ config(materialized='view') }}

with

contact_health as (
    select * from {{ ref('int_persona__contact_health') }}
)

select
    contact_id,
    account_id,
    score_date,
    persona,
    seniority,
    is_verified_champion,
    meetings,
    meetings_attended,
    product_activity_score,
    engagement_score,
    sentiment_score,
    persona_health_score
from contact_health
