"""The raw data contract: every table with its columns and raw types, in contract order, plus the seed
descriptions and the writer of the dbt seed properties file. tests_python/test_generate.py checks this
copy against models/staging/*/_*__sources.yml.
"""

from __future__ import annotations

import json
from pathlib import Path


TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "crm_accounts": (
        ("account_id", "varchar"),
        ("account_name", "varchar"),
        ("segment", "varchar"),
        ("plan", "varchar"),
        ("industry", "varchar"),
        ("region", "varchar"),
        ("arr", "decimal(18,2)"),
        ("lifetime_value", "decimal(18,2)"),
        ("created_at", "varchar"),
        ("contract_start_date", "date"),
        ("renewal_date", "date"),
        ("licensed_seats", "integer"),
        ("csm_id", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "crm_contacts": (
        ("contact_id", "varchar"),
        ("account_id", "varchar"),
        ("full_name", "varchar"),
        ("email", "varchar"),
        ("phone", "varchar"),
        ("persona", "varchar"),
        ("is_verified_champion", "boolean"),
        ("seniority", "varchar"),
        ("created_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "crm_stakeholder_engagements": (
        ("engagement_id", "varchar"),
        ("account_id", "varchar"),
        ("contact_id", "varchar"),
        ("engagement_type", "varchar"),
        ("scheduled_at", "varchar"),
        ("attended", "boolean"),
        ("_loaded_at", "timestamp"),
    ),
    "crm_csm_sentiment": (
        ("sentiment_id", "varchar"),
        ("account_id", "varchar"),
        ("csm_id", "varchar"),
        ("recorded_at", "varchar"),
        ("sentiment_score", "integer"),
        ("_loaded_at", "timestamp"),
    ),
    "crm_opportunities": (
        ("opportunity_id", "varchar"),
        ("account_id", "varchar"),
        ("opportunity_type", "varchar"),
        ("segment", "varchar"),
        ("region", "varchar"),
        ("stage", "varchar"),
        ("amount", "decimal(18,2)"),
        ("created_date", "date"),
        ("close_date", "date"),
        ("is_closed", "boolean"),
        ("is_won", "boolean"),
        ("_loaded_at", "timestamp"),
    ),
    "crm_opportunity_references": (
        ("reference_id", "varchar"),
        ("opportunity_id", "varchar"),
        ("program", "varchar"),
        ("reference_account_id", "varchar"),
        ("reference_contact_id", "varchar"),
        ("requested_at", "varchar"),
        ("used_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "product_usage_daily": (
        ("account_id", "varchar"),
        ("usage_date", "date"),
        ("active_users", "integer"),
        ("sessions", "integer"),
        ("events", "integer"),
        ("_loaded_at", "timestamp"),
    ),
    "product_feature_usage_daily": (
        ("account_id", "varchar"),
        ("usage_date", "date"),
        ("feature_key", "varchar"),
        ("active_users", "integer"),
        ("events", "integer"),
        ("_loaded_at", "timestamp"),
    ),
    "product_user_activity_daily": (
        ("contact_id", "varchar"),
        ("account_id", "varchar"),
        ("activity_date", "date"),
        ("sessions", "integer"),
        ("events", "integer"),
        ("_loaded_at", "timestamp"),
    ),
    "product_plan_key_features": (
        ("plan", "varchar"),
        ("feature_key", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "success_milestones": (
        ("milestone_id", "varchar"),
        ("account_id", "varchar"),
        ("milestone_type", "varchar"),
        ("milestone_name", "varchar"),
        ("is_first_value", "boolean"),
        ("target_date", "date"),
        ("achieved_date", "date"),
        ("is_outcome_verified", "boolean"),
        ("_loaded_at", "timestamp"),
    ),
    "support_tickets": (
        ("ticket_id", "varchar"),
        ("account_id", "varchar"),
        ("priority", "varchar"),
        ("status", "varchar"),
        ("created_at", "varchar"),
        ("first_responded_at", "varchar"),
        ("resolved_at", "varchar"),
        ("first_response_sla_minutes", "integer"),
        ("resolution_sla_hours", "integer"),
        ("csat_score", "integer"),
        ("is_escalated", "boolean"),
        ("escalated_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "surveys_responses": (
        ("response_id", "varchar"),
        ("account_id", "varchar"),
        ("contact_id", "varchar"),
        ("survey_type", "varchar"),
        ("score", "integer"),
        ("responded_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "billing_subscription_events": (
        ("event_id", "varchar"),
        ("account_id", "varchar"),
        ("event_type", "varchar"),
        ("occurred_at", "varchar"),
        ("arr_change", "decimal(18,2)"),
        ("amount", "decimal(18,2)"),
        ("payment_status", "varchar"),
        ("renewal_status", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "community_intent_activities": (
        ("activity_id", "varchar"),
        ("account_id", "varchar"),
        ("contact_id", "varchar"),
        ("activity_type", "varchar"),
        ("occurred_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "advocacy_invitations": (
        ("invitation_id", "varchar"),
        ("account_id", "varchar"),
        ("contact_id", "varchar"),
        ("program", "varchar"),
        ("invited_at", "varchar"),
        ("invited_by", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "advocacy_responses": (
        ("response_id", "varchar"),
        ("invitation_id", "varchar"),
        ("response", "varchar"),
        ("responded_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "advocacy_completions": (
        ("completion_id", "varchar"),
        ("invitation_id", "varchar"),
        ("completed_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
    "advocacy_consent_records": (
        ("consent_id", "varchar"),
        ("contact_id", "varchar"),
        ("account_id", "varchar"),
        ("consent_scope", "varchar"),
        ("consent_status", "varchar"),
        ("recorded_at", "varchar"),
        ("_loaded_at", "timestamp"),
    ),
}

SEED_DESCRIPTIONS: dict[str, str] = {
    "crm_accounts": "Sample CRM accounts, one per customer plus a few rows staging must quarantine.",
    "crm_contacts": "Sample CRM contacts with personas; names, emails and phones are fake.",
    "crm_stakeholder_engagements": "Sample QBRs, executive meetings and success reviews, one row per invited stakeholder.",
    "crm_csm_sentiment": "Sample CSM sentiment entries scored 1 to 5.",
    "crm_opportunities": "Sample new-business, expansion and renewal opportunities.",
    "crm_opportunity_references": "Sample reference requests on opportunities, filled or unfilled.",
    "product_usage_daily": "Sample product usage, one row per account and active day.",
    "product_feature_usage_daily": "Sample feature usage, one row per account, feature and day of use.",
    "product_user_activity_daily": "Sample activity of known contacts, one row per contact and active day.",
    "product_plan_key_features": "Key features that each plan expects customers to adopt.",
    "success_milestones": "Sample onboarding milestones and success-plan goals.",
    "support_tickets": "Sample support tickets with SLA targets, response times and CSAT.",
    "surveys_responses": "Sample NPS, CSAT and PSAT answers.",
    "billing_subscription_events": "Sample contract, payment, overage and renewal-forecast events.",
    "community_intent_activities": "Sample advocacy-intent activities such as reviews and referrals.",
    "advocacy_invitations": "Sample invitations of contacts to advocacy programs.",
    "advocacy_responses": "Sample answers to advocacy invitations.",
    "advocacy_completions": "Sample advocacy activities delivered after an accepted invitation.",
    "advocacy_consent_records": "Sample consent decisions of contacts.",
}

# Tables expanded per day inside DuckDB; every other table is written row by row from Python.
DAILY_TABLES = ("product_usage_daily", "product_feature_usage_daily", "product_user_activity_daily")


def write_seed_properties(path: Path) -> None:
    """Write the dbt seed properties: a description and the contract's column types for every seed."""
    lines = [
        "version: 2",
        "",
        "# Written by advocacy_tools.generate; regenerate instead of editing. Column types follow the raw",
        "# data contract in models/staging/*/_*__sources.yml: text timestamps stay varchar for staging to parse.",
        "",
        "seeds:",
    ]
    for table, columns in TABLE_COLUMNS.items():
        lines += [
            f"  - name: {table}",
            f"    description: {json.dumps(SEED_DESCRIPTIONS[table])}",
            "    config:",
            "      column_types:",
        ]
        lines += [f"        {name}: {kind}" for name, kind in columns]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
