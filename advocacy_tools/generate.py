"""Generate the raw sample dataset of the customer-advocacy project.

The generator writes one file per raw table of the data contract (the sources YAML files under
models/staging), with the columns in contract order. It is deterministic: the same seed, scale,
end date and DuckDB version give byte-identical CSV files.

How the data is made:

1. Every account gets a story (healthy, recovering, declining, churned, ...) and the parameters that
   shape it: a health curve over the window, seats, ARR, contacts and their personas. These come
   from ``random.Random`` seeded with the generator seed.
2. The sparse event tables (tickets, surveys, billing events, invitations, ...) are written row by
   row in Python from those parameters, through sinks that inject the faults real loads have.
3. The three daily product tables are expanded inside DuckDB SQL from the same parameters, with
   noise from ``hash(seed, salt, account, day)`` mapped to [0, 1), so 100k accounts x 365 days fit
   in a few minutes and a few GiB.
4. DuckDB writes every table, sorted by all columns (key first), as CSV or Parquet, cast to the
   contract types. ``injected_faults.json`` records what was injected per table, and CSV runs also
   write the dbt seed properties file ``_sample__seeds.yml``.

Run ``python -m advocacy_tools.generate --help`` for the options.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Callable

import duckdb

LOGGER = logging.getLogger("advocacy_tools.generate")


# --------------------------------------------------------------------------------------------------
# The raw data contract: every table with its columns and raw types, in contract order.
# tests_python/test_generate.py checks this copy against models/staging/*/_*__sources.yml.
# --------------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------------
# Vocabulary of the domain
# --------------------------------------------------------------------------------------------------

SEGMENT_WEIGHTS = {"smb": 55, "mid_market": 30, "enterprise": 15}
PLAN_WEIGHTS_BY_SEGMENT = {
    "smb": {"starter": 65, "growth": 30, "scale": 5},
    "mid_market": {"starter": 15, "growth": 60, "scale": 25},
    "enterprise": {"starter": 0, "growth": 25, "scale": 75},
}
REGION_WEIGHTS = {"na": 45, "emea": 30, "apac": 15, "latam": 10}
REGULATED_INDUSTRIES = ("healthcare", "financial_services", "government")
INDUSTRY_WEIGHTS = {
    "software": 22, "retail": 12, "manufacturing": 12, "education": 8, "media": 8,
    "healthcare": 14, "financial_services": 16, "government": 8,
}

# Median ARR and log-normal sigma per segment, in the reporting currency.
ARR_MEDIAN_BY_SEGMENT = {"smb": 9_000.0, "mid_market": 48_000.0, "enterprise": 230_000.0}
ARR_SIGMA = 0.55
SEAT_RANGE_BY_SEGMENT = {"smb": (5, 40), "mid_market": (40, 250), "enterprise": (250, 2_500)}
# Months between invoices: monthly for SMB, quarterly for mid-market, annual for enterprise.
BILLING_PERIOD_MONTHS = {"smb": 1, "mid_market": 3, "enterprise": 12}
TICKETS_PER_MONTH_BY_SEGMENT = {"smb": 0.45, "mid_market": 1.0, "enterprise": 2.0}
# Days from contract start to the first-value milestone that onboarding aims for.
TIME_TO_VALUE_TARGET_DAYS = {"smb": 30, "mid_market": 45, "enterprise": 75}

PROGRAMS = ("reference_call", "review", "case_study", "co_webinar", "beta_council")
PROGRAM_WEIGHTS_BY_SEGMENT = {
    "smb": {"reference_call": 30, "review": 40, "case_study": 5, "co_webinar": 10, "beta_council": 15},
    "mid_market": {"reference_call": 35, "review": 20, "case_study": 15, "co_webinar": 15, "beta_council": 15},
    "enterprise": {"reference_call": 35, "review": 5, "case_study": 30, "co_webinar": 20, "beta_council": 10},
}
REFERENCE_PROGRAM_WEIGHTS = {"reference_call": 60, "case_study": 20, "review": 15, "co_webinar": 5}

PERSONAS = ("champion", "budget_owner", "executive_sponsor", "end_user")
SENIORITY_WEIGHTS_BY_PERSONA = {
    "champion": {"individual_contributor": 10, "manager": 50, "director": 40},
    "budget_owner": {"director": 60, "executive": 40},
    "executive_sponsor": {"director": 15, "executive": 85},
    "end_user": {"individual_contributor": 80, "manager": 20},
}
# Share of active days on which a contact of each persona uses the product, before health scaling.
ACTIVITY_RATE_BY_PERSONA = {"champion": 0.55, "end_user": 0.32, "budget_owner": 0.07, "executive_sponsor": 0.03}

KEY_FEATURES_BY_PLAN = {
    "starter": ("dashboards", "reports", "alerts", "integrations"),
    "growth": ("dashboards", "reports", "alerts", "integrations", "workflows", "api_access"),
    "scale": (
        "dashboards", "reports", "alerts", "integrations", "workflows", "api_access", "sso", "audit_log",
    ),
}
# Features that every plan offers but none counts as key; they appear in feature usage only.
NON_KEY_FEATURES = ("mobile_app", "data_export")

# First response target in minutes and resolution target in hours, per plan and priority.
FIRST_RESPONSE_SLA_MINUTES = {
    "starter": {"p1": 60, "p2": 240, "p3": 720, "p4": 1440},
    "growth": {"p1": 60, "p2": 120, "p3": 480, "p4": 1440},
    "scale": {"p1": 30, "p2": 60, "p3": 240, "p4": 720},
}
RESOLUTION_SLA_HOURS = {
    "starter": {"p1": 8, "p2": 48, "p3": 120, "p4": 240},
    "growth": {"p1": 8, "p2": 24, "p3": 72, "p4": 168},
    "scale": {"p1": 4, "p2": 12, "p3": 48, "p4": 120},
}
PRIORITY_WEIGHTS = {"p1": 3, "p2": 15, "p3": 50, "p4": 32}
ESCALATION_RATE_BY_PRIORITY = {"p1": 0.35, "p2": 0.07, "p3": 0.01, "p4": 0.0}

INTENT_ACTIVITY_WEIGHTS = {
    "case_study_visit": 24, "community_answer": 20, "webinar_attendance": 20, "roadmap_feedback": 12,
    "review": 9, "beta_participation": 8, "referral": 7,
}

ONBOARDING_STEPS = (("Kickoff held", 0.15), ("Data sources connected", 0.45), ("Admins trained", 0.7))
SUCCESS_GOALS = (
    "Cut weekly reporting time in half",
    "Retire the legacy spreadsheet process",
    "Roll out to a second business unit",
    "Reach 80 percent weekly active seats",
    "Automate the month-end review",
    "Give executives a live pipeline view",
    "Reduce manual data fixes by 60 percent",
    "Consolidate three tools into one",
)

OPEN_STAGES = ("prospecting", "discovery", "evaluation", "proposal", "negotiation")

# Values outside the contract's enumerations, used for the unknown_enum fault.
UNKNOWN_ENUM_VALUES = {
    "segment": ("strategic", "unknown"),
    "plan": ("legacy", "trial"),
    "region": ("mena", "global"),
    "persona": ("influencer", "procurement"),
    "seniority": ("intern", "board"),
    "engagement_type": ("lunch", "onsite_visit"),
    "opportunity_type": ("upsell_trial",),
    "stage": ("closed_maybe", "on_hold"),
    "program": ("podcast", "award_entry"),
    "milestone_type": ("health_check", "milestone"),
    "priority": ("p5", "urgent"),
    "status": ("escalated", "deleted"),
    "survey_type": ("ces", "enps"),
    "event_type": ("refund", "trial_start"),
    "payment_status": ("disputed", "refunded"),
    "renewal_status": ("maybe", "unknown"),
    "activity_type": ("tweet", "podcast_mention"),
    "response": ("maybe", "bounced"),
    "consent_status": ("pending", "revoked_partially"),
    "consent_scope": ("newsletter", "events"),
}
ENUM_COLUMNS = tuple(UNKNOWN_ENUM_VALUES)

FIRST_NAMES = (
    "Ada", "Aiko", "Alejandro", "Amara", "Anders", "Ana", "Arjun", "Beatriz", "Bilal", "Carmen", "Chen",
    "Chloe", "Dario", "Dmitri", "Elena", "Emeka", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines",
    "Isaac", "Jonas", "Julia", "Kwame", "Lars", "Leila", "Lucas", "Maya", "Mei", "Mateo", "Nadia", "Noah",
    "Olga", "Omar", "Priya", "Rafael", "Rosa", "Samir", "Sofia", "Tariq", "Thandiwe", "Tomas", "Yuki", "Zara",
)
LAST_NAMES = (
    "Abara", "Andersen", "Banerjee", "Becker", "Castillo", "Costa", "Dubois", "Eriksson", "Fernandes",
    "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Kumar", "Larsen", "Lopez", "Mensah",
    "Moreau", "Nakamura", "Novak", "Okafor", "Olsen", "Park", "Petrov", "Quinn", "Rahman", "Rossi", "Sato",
    "Schmidt", "Silva", "Singh", "Suzuki", "Tanaka", "Torres", "Van Dijk", "Wang", "Weber", "Yilmaz",
)
COMPANY_PREFIXES = (
    "Amber", "Atlas", "Blue", "Bright", "Cedar", "Clear", "Copper", "Crest", "Delta", "Ember", "Fern",
    "Granite", "Harbor", "Iron", "Juniper", "Keystone", "Lumen", "Maple", "North", "Oak", "Orbit", "Pine",
    "Quartz", "River", "Silver", "Summit", "Terra", "Tide", "Vale", "Willow",
)
COMPANY_CORES = (
    "Analytics", "Bank", "Bio", "Care", "Commerce", "Data", "Dynamics", "Energy", "Foods", "Freight",
    "Health", "Insights", "Labs", "Learning", "Logic", "Media", "Metrics", "Motors", "Networks", "Partners",
    "Pay", "Retail", "Robotics", "Security", "Solutions", "Studios", "Systems", "Textiles", "Works", "Wave",
)
COMPANY_SUFFIXES = ("Inc", "Ltd", "GmbH", "Group", "Co", "SA", "Pty", "LLC")

# Dates of plans rather than events: they may lie after the end date without being faults.
PLANNED_DATE_COLUMNS = frozenset({"target_date", "close_date", "renewal_date"})

# Offsets written in the "offset_timestamp" variant; the shown local time equals UTC plus the offset.
TIMESTAMP_OFFSETS_MINUTES = (0, 60, 120, -300, 330, 540, -180)


# --------------------------------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------------------------------

# Share of accounts per story. Every story gets at least one account once there are as many
# accounts as stories, so small test scales still cover every case.
STORY_WEIGHTS = {
    "healthy": 0.30,
    "recovering": 0.08,
    "declining": 0.09,
    "neutral": 0.14,
    "struggling": 0.05,
    "churned": 0.06,
    "open_escalation": 0.05,
    "missing_surveys": 0.05,
    "absent_sponsor": 0.05,
    "loud_low_value": 0.05,
    "onboarding": 0.08,
}
# Stories whose usage is healthy throughout; they supply advocates and reference givers.
HEALTHY_USAGE_STORIES = frozenset(
    {"healthy", "open_escalation", "missing_surveys", "absent_sponsor", "loud_low_value"}
)
# Stories that may be created inside the window after a short onboarding ramp.
STORIES_CREATED_IN_WINDOW = frozenset(
    {"healthy", "neutral", "struggling", "missing_surveys", "absent_sponsor", "loud_low_value"}
)
INTENT_COUNT_RANGE_BY_STORY = {
    "healthy": (2, 8), "recovering": (1, 4), "declining": (1, 4), "neutral": (0, 2), "struggling": (0, 1),
    "churned": (0, 2), "open_escalation": (1, 5), "missing_surveys": (1, 5), "absent_sponsor": (2, 6),
    "loud_low_value": (25, 50), "onboarding": (0, 2),
}

MIN_DAYS = 60
MAX_ACCOUNTS = 999_999


# --------------------------------------------------------------------------------------------------
# Configuration and time
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratorConfig:
    """Parameters of one generator run."""

    accounts: int = 300
    days: int = 456
    end_date: date = date(2026, 11, 30)
    seed: int = 42
    output_format: str = "csv"
    out_dir: Path = Path("seeds/sample")
    # DuckDB limits: the 100k x 365 benchmark scale must stay well under 8 GiB of memory.
    memory_limit: str = "4GB"
    threads: int | None = None

    def validate(self) -> None:
        """Raise ValueError when a parameter is outside the supported range."""
        if not 1 <= self.accounts <= MAX_ACCOUNTS:
            raise ValueError(f"invalid --accounts {self.accounts}: use 1 to {MAX_ACCOUNTS}")
        if self.days < MIN_DAYS:
            raise ValueError(f"invalid --days {self.days}: use at least {MIN_DAYS} so every story fits")
        if self.output_format not in ("csv", "parquet"):
            raise ValueError(f"invalid --format {self.output_format!r}: use csv or parquet")


class Timeline:
    """Day indexes of the window (0 = first day, days - 1 = end date) and the loader's run time."""

    def __init__(self, end_date: date, days: int) -> None:
        self.days = days
        self.end_date = end_date
        self.start_date = end_date - timedelta(days=days - 1)
        self.start = datetime.combine(self.start_date, clock_time())
        # The loader's last run: every _loaded_at is at or before it.
        self.run_time = datetime.combine(end_date + timedelta(days=1), clock_time(2, 0))
        self.end_moment = datetime.combine(end_date, clock_time(23, 59, 59))

    def moment(self, day: int, seconds: int) -> datetime:
        """Return the UTC time `seconds` after midnight of window day `day`."""
        return self.start + timedelta(days=day, seconds=seconds)

    def date_of(self, day: int) -> date:
        return self.start_date + timedelta(days=day)

    def day_of(self, value: date | datetime) -> int:
        if isinstance(value, datetime):
            value = value.date()
        return (value - self.start_date).days


def uniform_int(rng: random.Random, low: int, high: int) -> int:
    """Return an integer on [low, high], like randint but faster on hot paths."""
    return low + int(rng.random() * (high - low + 1))


def working_seconds(rng: random.Random) -> int:
    """Return a time of day in seconds, mostly in working hours (UTC)."""
    if rng.random() < 0.85:
        return uniform_int(rng, 7 * 3600, 19 * 3600)
    return uniform_int(rng, 0, 86_399)


def add_years(value: date, years: int) -> date:
    """Return the same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def add_months(value: date, months: int) -> date:
    """Return the same day `months` later, clamped to the last day of a shorter month."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, min(value.day, day))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {value}")


def weighted_choice(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def score_from_health(rng: random.Random, health: float, low: int, high: int, spread: float) -> int:
    """Draw an integer score on [low, high] whose mean rises linearly with health (0..1)."""
    mean = low + (high - low) * health
    return int(clamp(round(rng.gauss(mean, spread)), low, high))


# --------------------------------------------------------------------------------------------------
# Fault injection for the tables written from Python
# --------------------------------------------------------------------------------------------------


@dataclass
class FaultTally:
    """Counts of what a table received, as written to injected_faults.json."""

    rows_written: int = 0
    quarantine: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    variants: dict[str, int] = field(default_factory=dict)

    def add(self, group: dict[str, int], kind: str, count: int = 1) -> None:
        group[kind] = group.get(kind, 0) + count

    def as_json(self) -> dict:
        return {
            "rows_written": self.rows_written,
            "quarantine_rows": sum(self.quarantine.values()),
            "duplicate_rows": sum(self.duplicates.values()),
            "quarantine": dict(sorted(self.quarantine.items())),
            "duplicates": dict(sorted(self.duplicates.items())),
            "variants": dict(sorted(self.variants.items())),
        }


class Schedule:
    """Pick about `rate` of the rows at evenly jittered positions, the first one early.

    Systematic picking (instead of a coin per row) makes the first pick due within the first 28
    rows, so even small tables carry faults.
    """

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng = rng
        self.mean_gap = 1.0 / rate
        self.next_position = rng.randint(3, int(min(self.mean_gap, 25)) + 3)

    def is_due(self, position: int) -> bool:
        return position >= self.next_position

    def advance(self, position: int) -> None:
        self.next_position = position + max(1, round(self.mean_gap * self.rng.uniform(0.5, 1.5)))


# Share of rows that each treatment reaches in the tables written from Python.
QUARANTINE_RATE = 0.006
EXACT_DUPLICATE_RATE = 0.003
RESYNC_RATE = 0.003
LATE_RATE = 0.005
ODD_CASE_RATE = 0.01
OFFSET_TIMESTAMP_RATE = 0.02


@dataclass(frozen=True)
class TableSpec:
    """Fault rules of one table written from Python.

    Parent tables (their keys are referenced by other tables) get faults as extra rows with a
    fresh key, so quarantining a fault never orphans a child row.
    """

    name: str
    quarantine_kinds: tuple[str, ...]
    is_parent: bool = False
    fresh_key_prefix: str = ""
    account_column: str | None = "account_id"
    negative_column: str | None = None
    out_of_range: Callable[[dict, random.Random], bool] | None = None
    stale_version: Callable[[dict, datetime], tuple[dict, datetime] | None] | None = None


class TableSink:
    """Write one table's rows to a temporary CSV file, injecting faults and counting them.

    Rows arrive as dicts of Python values: datetime for text timestamps (columns ending in _at),
    date for dates, float for money, bool, int and str. The sink formats them as the raw
    source would, adds `_loaded_at` and records every fault in `tally`.
    """

    def __init__(self, spec: TableSpec, path: Path, timeline: Timeline, seed: int) -> None:
        self.spec = spec
        self.timeline = timeline
        self.rng = random.Random(f"{seed}/faults/{spec.name}")
        self.columns = [name for name, _ in TABLE_COLUMNS[spec.name]]
        column_types = dict(TABLE_COLUMNS[spec.name])
        self.key_column = self.columns[0]
        self.time_columns = [
            name for name in self.columns
            if (column_types[name] == "varchar" and name.endswith("_at")) or column_types[name] == "date"
        ]
        self.enum_columns = [name for name in self.columns if name in ENUM_COLUMNS]
        self.money_columns = {name for name in self.columns if column_types[name].startswith("decimal")}
        self.text_timestamp_columns = {name for name in self.time_columns if column_types[name] == "varchar"}
        self.event_time_columns = [name for name in self.time_columns if name not in PLANNED_DATE_COLUMNS]
        self.file = path.open("w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.file, lineterminator="\n")
        self.writer.writerow(self.columns)
        self.tally = FaultTally()
        self.position = 0
        self.fresh_key_count = 0
        self.quarantine_turn = self.rng.randrange(max(1, len(spec.quarantine_kinds)))
        self.schedules = {
            "quarantine": Schedule(self.rng, QUARANTINE_RATE),
            "exact_duplicate": Schedule(self.rng, EXACT_DUPLICATE_RATE),
            "resync": Schedule(self.rng, RESYNC_RATE),
            "late_loaded": Schedule(self.rng, LATE_RATE),
        }
        self.odd_case_schedule = Schedule(self.rng, ODD_CASE_RATE)
        self.offset_schedule = Schedule(self.rng, OFFSET_TIMESTAMP_RATE)

    def close(self) -> None:
        self.file.close()

    # ---- loading times -------------------------------------------------------------------------

    def loaded_at(self, event_time: datetime) -> datetime:
        """Return when a nightly or hourly loader would have written an event of `event_time`."""
        lag = timedelta(seconds=uniform_int(self.rng, 600, 20 * 3600))
        return min(max(event_time, self.timeline.start) + lag, self.timeline.run_time)

    # ---- writing -------------------------------------------------------------------------------

    def add(self, row: dict, event_time: datetime, account: AccountPlan | None, protected: bool = False) -> None:
        """Write one row; unless `protected`, it may receive a scheduled fault or variant."""
        self.position += 1
        loaded_at = self.loaded_at(event_time)
        if not protected:
            for treatment, schedule in self.schedules.items():
                if schedule.is_due(self.position) and self.apply_treatment(treatment, row, account, loaded_at, event_time):
                    schedule.advance(self.position)
                    return
        self.write(row, loaded_at)

    def apply_treatment(
        self, treatment: str, row: dict, account: AccountPlan | None, loaded_at: datetime, event_time: datetime
    ) -> bool:
        """Write `row` with `treatment` applied; return False, writing nothing, when it does not fit."""
        if treatment == "quarantine":
            return self.write_quarantined(row, account, loaded_at)

        if treatment == "exact_duplicate":
            line = self.format_row(row, loaded_at)
            self.write_line(line)
            self.write_line(line)
            self.tally.add(self.tally.duplicates, "exact_duplicate")
            return True

        if treatment == "resync":
            if self.spec.stale_version is not None:
                stale = self.spec.stale_version(dict(row), event_time)
            else:
                stale = None
            changed = stale is not None
            stale_row, stale_time = stale if stale is not None else (dict(row), event_time)
            stale_loaded_at = self.loaded_at(stale_time)
            later_loaded_at = max(loaded_at, stale_loaded_at + timedelta(days=self.rng.randint(1, 7)))
            if later_loaded_at > self.timeline.run_time:
                return False
            self.write(stale_row, stale_loaded_at)
            self.write(row, later_loaded_at)
            self.tally.add(self.tally.duplicates, "resync_changed" if changed else "resync_unchanged")
            return True

        # late_loaded: the loader wrote the row days after the event.
        late_loaded_at = loaded_at + timedelta(days=self.rng.randint(3, 20))
        if late_loaded_at > self.timeline.run_time:
            return False
        self.write(row, late_loaded_at)
        self.tally.add(self.tally.variants, "late_loaded")
        return True

    def write_quarantined(self, row: dict, account: AccountPlan | None, loaded_at: datetime) -> bool:
        """Apply the next applicable quarantine fault in turn; parents get it on an extra row."""
        kinds = self.spec.quarantine_kinds
        for attempt in range(len(kinds)):
            kind = kinds[(self.quarantine_turn + attempt) % len(kinds)]
            faulty = dict(row)
            if self.spec.is_parent:
                self.fresh_key_count += 1
                faulty[self.key_column] = f"{self.spec.fresh_key_prefix}{self.fresh_key_count:06d}"
            if not self.apply_fault(kind, faulty, account):
                continue
            self.quarantine_turn = (self.quarantine_turn + attempt + 1) % len(kinds)
            if self.spec.is_parent:
                self.write(row, loaded_at)
            self.write(faulty, loaded_at)
            self.tally.add(self.tally.quarantine, kind)
            return True
        return False

    def apply_fault(self, kind: str, row: dict, account: AccountPlan | None) -> bool:
        """Change `row` in place so that staging must quarantine it; return False if it cannot."""
        if kind == "null_key":
            row[self.key_column] = None
            return True

        if kind == "unknown_account":
            column = self.spec.account_column
            if column is None or row.get(column) is None:
                return False
            row[column] = unknown_account_id(row[column])
            return True

        if kind == "unknown_enum":
            candidates = [name for name in self.enum_columns if row.get(name) is not None]
            if not candidates:
                return False
            column = self.rng.choice(candidates)
            row[column] = self.rng.choice(UNKNOWN_ENUM_VALUES[column])
            return True

        # Both time faults move every time column of the row together, so the row breaks one rule only.
        # They need an event time, because a planned date alone may lie in the future legitimately.
        if kind == "future_timestamp":
            present = [name for name in self.time_columns if row.get(name) is not None]
            if not any(row.get(name) is not None for name in self.event_time_columns):
                return False
            shift_days = (date(2099, 1, 1) - self.timeline.start_date).days + self.rng.randint(0, 300)
            shift_time_columns(row, present, shift_days)
            return True

        if kind == "before_account_created":
            present = [name for name in self.time_columns if row.get(name) is not None]
            events = [name for name in self.event_time_columns if row.get(name) is not None]
            if account is None or not events:
                return False
            first_value = row[events[0]]
            first_date = first_value.date() if isinstance(first_value, datetime) else first_value
            shift_days = (first_date - account.created_at.date()).days + self.rng.randint(1, 90)
            shift_time_columns(row, present, -shift_days)
            return True

        if kind == "negative_amount":
            column = self.spec.negative_column
            if column is None or not row.get(column):
                return False
            row[column] = -abs(row[column])
            return True

        if kind == "out_of_range_score":
            return self.spec.out_of_range is not None and self.spec.out_of_range(row, self.rng)

        if kind == "response_before_created":
            if row.get("first_responded_at") is None:
                return False
            row["first_responded_at"] = row["created_at"] - timedelta(minutes=self.rng.randint(5, 600))
            return True

        raise ValueError(f"unknown fault kind {kind!r} for table {self.spec.name}")

    def write(self, row: dict, loaded_at: datetime) -> None:
        self.write_line(self.format_row(row, loaded_at))

    def write_line(self, line: list[str]) -> None:
        self.writer.writerow(line)
        self.tally.rows_written += 1

    def format_row(self, row: dict, loaded_at: datetime) -> list[str]:
        """Format the row as the source would write it, with any scheduled text variants."""
        offset_minutes = None
        if self.offset_schedule.is_due(self.position) and any(row.get(name) for name in self.time_columns):
            offset_minutes = self.rng.choice(TIMESTAMP_OFFSETS_MINUTES)
            self.offset_schedule.advance(self.position)
            self.tally.add(self.tally.variants, "offset_timestamp")

        odd_case_column = None
        if self.odd_case_schedule.is_due(self.position):
            candidates = [name for name in self.enum_columns if row.get(name)]
            if candidates:
                odd_case_column = self.rng.choice(candidates)
                self.odd_case_schedule.advance(self.position)
                self.tally.add(self.tally.variants, "odd_case_enum")

        line = []
        for name in self.columns:
            if name == "_loaded_at":
                line.append(loaded_at.isoformat(sep=" ", timespec="seconds"))
                continue
            value = row.get(name)
            if value is None:
                line.append("")
            elif name in self.text_timestamp_columns:
                line.append(format_timestamp(value, offset_minutes))
            elif value is True or value is False:
                line.append("true" if value else "false")
            elif name in self.money_columns:
                line.append(f"{value:.2f}")
            elif name == odd_case_column:
                line.append(odd_case(str(value), self.rng))
            else:
                line.append(str(value))
        return line


def shift_time_columns(row: dict, columns: list[str], days: int) -> None:
    for name in columns:
        row[name] = row[name] + timedelta(days=days)


def format_timestamp(value: datetime, offset_minutes: int | None) -> str:
    """Format a UTC time as plain 'YYYY-MM-DD HH:MM:SS', or as ISO 8601 with Z or an offset."""
    if offset_minutes is None:
        return value.isoformat(sep=" ", timespec="seconds")
    if offset_minutes == 0:
        return value.isoformat(timespec="seconds") + "Z"
    local = value + timedelta(minutes=offset_minutes)
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{local.isoformat(timespec='seconds')}{sign}{hours:02d}:{minutes:02d}"


def odd_case(value: str, rng: random.Random) -> str:
    """Return `value` with the case or padding a hand-edited source field might have."""
    forms = (value.upper(), value.title(), f" {value} ", f"{value.upper()} ", f" {value.capitalize()}")
    return rng.choice(forms)


def account_id_for(index: int) -> str:
    return f"acc_{index:06d}"


def unknown_account_id(account_id: str) -> str:
    """Return an id of the same shape that crm_accounts does not hold (7 digits instead of 6)."""
    return f"acc_9{account_id[4:]}"


# ---- per-table fault details ----------------------------------------------------------------------


def survey_score_out_of_range(row: dict, rng: random.Random) -> bool:
    if row.get("score") is None:
        return False
    row["score"] = rng.choice((11, -1, 12)) if row["survey_type"] == "nps" else rng.choice((0, 6))
    return True


def ticket_csat_out_of_range(row: dict, rng: random.Random) -> bool:
    if row.get("csat_score") is None:
        return False
    row["csat_score"] = rng.choice((0, 6, 7))
    return True


def sentiment_out_of_range(row: dict, rng: random.Random) -> bool:
    row["sentiment_score"] = rng.choice((0, 6))
    return True


def stale_account(row: dict, event_time: datetime) -> tuple[dict, datetime]:
    """Return the account as loaded a month earlier, before its last ARR change."""
    stale = dict(row)
    stale["arr"] = round(row["arr"] * 0.9, 2)
    stale["licensed_seats"] = max(1, round(row["licensed_seats"] * 0.9))
    return stale, event_time - timedelta(days=30)


def stale_contact(row: dict, event_time: datetime) -> tuple[dict, datetime] | None:
    """Return a verified champion as loaded before the CSM verified them."""
    if not row["is_verified_champion"]:
        return None
    stale = dict(row)
    stale["is_verified_champion"] = False
    return stale, event_time - timedelta(days=20)


def stale_engagement(row: dict, event_time: datetime) -> tuple[dict, datetime] | None:
    """Return an attended meeting as loaded when it was scheduled, before attendance was recorded."""
    if not row["attended"]:
        return None
    stale = dict(row)
    stale["attended"] = False
    return stale, row["scheduled_at"] - timedelta(days=5)


def stale_opportunity(row: dict, event_time: datetime) -> tuple[dict, datetime] | None:
    """Return a closed opportunity as loaded while it was still in negotiation."""
    if not row["is_closed"]:
        return None
    stale = dict(row)
    stale.update(stage="negotiation", is_closed=False, is_won=False)
    return stale, event_time - timedelta(days=10)


def stale_reference(row: dict, event_time: datetime) -> tuple[dict, datetime] | None:
    """Return a filled reference request as loaded before it was filled."""
    if row["reference_account_id"] is None:
        return None
    stale = dict(row)
    stale.update(reference_account_id=None, reference_contact_id=None, used_at=None)
    return stale, row["requested_at"]


def stale_milestone(row: dict, event_time: datetime) -> tuple[dict, datetime] | None:
    """Return an achieved milestone as loaded before it was reached."""
    if row["achieved_date"] is None:
        return None
    stale = dict(row)
    stale.update(achieved_date=None, is_outcome_verified=False)
    return stale, event_time - timedelta(days=7)


def stale_ticket(row: dict, event_time: datetime) -> tuple[dict, datetime] | None:
    """Return a resolved ticket as loaded while it was still open."""
    if row["resolved_at"] is None:
        return None
    stale = dict(row)
    stale.update(status="open", resolved_at=None, csat_score=None)
    return stale, row["first_responded_at"] or row["created_at"]


COMMON_KINDS = ("null_key", "unknown_account", "unknown_enum", "before_account_created", "future_timestamp")

TABLE_SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "crm_accounts",
            ("null_key", "negative_amount", "unknown_enum", "future_timestamp"),
            is_parent=True, fresh_key_prefix="acc_8", account_column=None, negative_column="arr",
            stale_version=stale_account,
        ),
        TableSpec("crm_contacts", COMMON_KINDS, is_parent=True, fresh_key_prefix="con_8", stale_version=stale_contact),
        TableSpec("crm_stakeholder_engagements", COMMON_KINDS, stale_version=stale_engagement),
        TableSpec(
            "crm_csm_sentiment",
            ("null_key", "unknown_account", "out_of_range_score", "before_account_created", "future_timestamp"),
            out_of_range=sentiment_out_of_range,
        ),
        TableSpec(
            "crm_opportunities",
            COMMON_KINDS + ("negative_amount",),
            is_parent=True, fresh_key_prefix="opp_8", negative_column="amount", stale_version=stale_opportunity,
        ),
        TableSpec(
            "crm_opportunity_references",
            ("null_key", "unknown_account", "unknown_enum", "future_timestamp"),
            account_column="reference_account_id", stale_version=stale_reference,
        ),
        TableSpec("success_milestones", COMMON_KINDS, stale_version=stale_milestone),
        TableSpec(
            "support_tickets",
            COMMON_KINDS + ("out_of_range_score", "response_before_created"),
            out_of_range=ticket_csat_out_of_range, stale_version=stale_ticket,
        ),
        TableSpec("surveys_responses", COMMON_KINDS + ("out_of_range_score",), out_of_range=survey_score_out_of_range),
        TableSpec("billing_subscription_events", COMMON_KINDS + ("negative_amount",), negative_column="amount"),
        TableSpec("community_intent_activities", COMMON_KINDS),
        TableSpec("advocacy_invitations", COMMON_KINDS, is_parent=True, fresh_key_prefix="inv_8"),
        TableSpec("advocacy_responses", ("null_key", "unknown_enum", "future_timestamp"), account_column=None),
        TableSpec("advocacy_completions", ("null_key", "future_timestamp"), account_column=None),
        TableSpec("advocacy_consent_records", COMMON_KINDS),
    )
}


# --------------------------------------------------------------------------------------------------
# Account plans: who each customer is and how its story unfolds
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ContactPlan:
    """One person at a customer account."""

    index: int
    contact_id: str
    full_name: str
    email: str
    phone: str
    persona: str
    seniority: str
    is_verified_champion: bool
    created_at: datetime
    first_day: int
    activity_rate: float


@dataclass(slots=True)
class AccountPlan:
    """One customer account: its CRM attributes, its story and the parameters of its daily usage.

    Health is a number from 0 to 1. It moves linearly from `health_start` to `health_end`
    between window days `change_start` and `change_end`, and usage, sentiment, tickets and
    surveys follow it. The SQL that expands the daily tables uses the same formula.
    """

    index: int
    account_id: str
    account_name: str
    domain: str
    segment: str
    plan: str
    industry: str
    region: str
    csm_id: str
    story: str
    created_at: datetime
    contract_start: date
    renewal_date: date
    seats: int
    initial_arr: float
    first_day: int
    last_day: int
    churn_day: int | None
    health_start: float
    health_end: float
    change_start: int
    change_end: int
    utilization_scale: float
    active_rate: float
    weekend_rate: float
    sessions_per_user: float
    events_per_session: float
    feature_breadth: float
    arr: float = 0.0
    lifetime_value: float = 0.0
    contacts: list[ContactPlan] = field(default_factory=list)

    def health(self, day: int) -> float:
        if day <= self.change_start:
            return self.health_start
        if day >= self.change_end:
            return self.health_end
        progress = (day - self.change_start) / max(1, self.change_end - self.change_start)
        return self.health_start + (self.health_end - self.health_start) * progress

    def contacts_with(self, persona: str) -> list[ContactPlan]:
        return [contact for contact in self.contacts if contact.persona == persona]

    @property
    def champion(self) -> ContactPlan:
        return self.contacts_with("champion")[0]


def assign_stories(account_count: int, rng: random.Random) -> list[str]:
    """Return one story per account: quotas by weight (at least one each), in shuffled order."""
    stories = list(STORY_WEIGHTS)
    if account_count < len(stories):
        return [rng.choice(stories) for _ in range(account_count)]
    exact_shares = {story: weight * account_count for story, weight in STORY_WEIGHTS.items()}
    quotas = {story: max(1, math.floor(share)) for story, share in exact_shares.items()}
    remainders = sorted(stories, key=lambda story: exact_shares[story] - math.floor(exact_shares[story]), reverse=True)
    turn = 0
    while sum(quotas.values()) < account_count:
        quotas[remainders[turn % len(remainders)]] += 1
        turn += 1
    while sum(quotas.values()) > account_count:
        largest = max(quotas, key=quotas.get)
        quotas[largest] -= 1
    assigned = [story for story in stories for _ in range(quotas[story])]
    rng.shuffle(assigned)
    return assigned


class AccountPlanner:
    """Draw every account's attributes, contract dates, health curve and contacts."""

    def __init__(self, config: GeneratorConfig, timeline: Timeline) -> None:
        self.config = config
        self.timeline = timeline
        self.csm_ids = [f"csm_{number:02d}" for number in range(1, max(12, round(config.accounts / 25)) + 1)]
        self.used_domains: set[str] = set()
        self.next_contact_index = 1

    def plan_all(self) -> list[AccountPlan]:
        stories = assign_stories(self.config.accounts, random.Random(f"{self.config.seed}/stories"))
        return [self.plan_account(index, story) for index, story in enumerate(stories, start=1)]

    def plan_account(self, index: int, story: str) -> AccountPlan:
        rng = random.Random(f"{self.config.seed}/account/{index}")
        days = self.timeline.days
        end_day = days - 1

        segment = "smb" if story == "loud_low_value" else weighted_choice(rng, SEGMENT_WEIGHTS)
        plan = "starter" if story == "loud_low_value" else weighted_choice(rng, PLAN_WEIGHTS_BY_SEGMENT[segment])
        name, domain = self.company_name(rng, index)

        created_in_window = story == "onboarding" or (story in STORIES_CREATED_IN_WINDOW and rng.random() < 0.25)
        churn_day = None
        if story == "onboarding":
            created_day = end_day - rng.randint(40, min(110, days - 20))
        elif created_in_window:
            created_day = rng.randint(0, int(days * 0.3))
        else:
            created_day = None

        # Contract dates: in-window accounts start within days of creation; older accounts renew yearly.
        if created_day is not None:
            created_at = self.timeline.moment(created_day, working_seconds(rng))
            contract_start = created_at.date() + timedelta(days=rng.randint(1, 10))
            renewal_date = add_years(contract_start, 1)
            while renewal_date <= self.timeline.end_date:
                renewal_date = add_years(renewal_date, 1)
        else:
            if story == "churned":
                churn_day = rng.randint(int(days * 0.45), int(days * 0.85))
                renewal_date = self.timeline.date_of(churn_day)
            elif story == "declining":
                renewal_date = self.timeline.end_date + timedelta(days=rng.randint(30, 75))
            else:
                renewal_date = self.timeline.end_date + timedelta(days=rng.randint(1, 365))
            contract_start = add_years(renewal_date, -rng.randint(1, 5))
            while contract_start >= self.timeline.start_date - timedelta(days=30):
                contract_start = add_years(contract_start, -1)
            created_date = contract_start - timedelta(days=rng.randint(1, 20))
            created_at = datetime.combine(created_date, clock_time()) + timedelta(seconds=working_seconds(rng))
            created_day = self.timeline.day_of(created_at)

        first_day = max(0, self.timeline.day_of(contract_start) + rng.randint(1, 5))
        last_day = churn_day if churn_day is not None else end_day

        health_start, health_end, change_start, change_end = self.health_curve(
            rng, story, first_day, churn_day, created_in_window
        )

        low, high = SEAT_RANGE_BY_SEGMENT[segment]
        seats = int(math.exp(rng.uniform(math.log(low), math.log(high))))
        if story == "loud_low_value":
            initial_arr = round(rng.uniform(1_200, 3_500), 2)
            seats = rng.randint(3, 8)
        else:
            initial_arr = round(ARR_MEDIAN_BY_SEGMENT[segment] * math.exp(rng.gauss(0, ARR_SIGMA)), 2)

        weekend_rate = {"smb": 0.25, "mid_market": 0.4, "enterprise": 0.6}[segment]
        active_rate = {"smb": 0.88, "mid_market": 0.95, "enterprise": 0.99}[segment]
        mean_health = (health_start + health_end) / 2
        account = AccountPlan(
            index=index,
            account_id=account_id_for(index),
            account_name=name,
            domain=domain,
            segment=segment,
            plan=plan,
            industry=weighted_choice(rng, INDUSTRY_WEIGHTS),
            region=weighted_choice(rng, REGION_WEIGHTS),
            csm_id=self.csm_ids[rng.randrange(len(self.csm_ids))],
            story=story,
            created_at=created_at,
            contract_start=contract_start,
            renewal_date=renewal_date,
            seats=seats,
            initial_arr=initial_arr,
            first_day=first_day,
            last_day=last_day,
            churn_day=churn_day,
            health_start=round(health_start, 4),
            health_end=round(health_end, 4),
            change_start=change_start,
            change_end=change_end,
            utilization_scale=round(rng.uniform(0.85, 1.1), 4),
            active_rate=active_rate,
            weekend_rate=weekend_rate,
            sessions_per_user=round(rng.uniform(1.2, 2.6), 3),
            events_per_session=round(rng.uniform(12, 40), 2),
            feature_breadth=round(clamp(0.1 + 0.9 * mean_health + rng.uniform(-0.08, 0.08), 0.1, 1.0), 4),
        )
        account.contacts = self.plan_contacts(rng, account, created_day)
        return account

    def health_curve(
        self, rng: random.Random, story: str, first_day: int, churn_day: int | None, created_in_window: bool
    ) -> tuple[float, float, int, int]:
        """Return (health_start, health_end, change_start, change_end) for the story."""
        days = self.timeline.days
        if story == "recovering":
            start = rng.randint(int(days * 0.35), int(days * 0.45))
            end = start + rng.randint(int(days * 0.1), int(days * 0.15))
            return rng.uniform(0.12, 0.3), rng.uniform(0.78, 0.92), start, end
        if story == "declining":
            start = rng.randint(int(days * 0.55), int(days * 0.65))
            end = max(start + 20, days - rng.randint(10, 40))
            return rng.uniform(0.72, 0.9), rng.uniform(0.08, 0.22), start, end
        if story == "churned":
            assert churn_day is not None
            return rng.uniform(0.5, 0.75), rng.uniform(0.05, 0.15), max(0, churn_day - 120), churn_day - 10
        if story == "onboarding":
            return 0.15, rng.uniform(0.55, 0.75), first_day, first_day + 45

        level = {
            "healthy": (0.78, 0.95), "neutral": (0.45, 0.6), "struggling": (0.1, 0.28),
            "open_escalation": (0.68, 0.85), "missing_surveys": (0.72, 0.9), "absent_sponsor": (0.78, 0.94),
            "loud_low_value": (0.66, 0.85),
        }[story]
        health = rng.uniform(*level)
        if created_in_window:
            # A short onboarding ramp up to the story's level.
            return 0.3, health, first_day, first_day + rng.randint(30, 60)
        return health, clamp(health + rng.uniform(-0.04, 0.04), 0.0, 1.0), 0, days - 1

    def company_name(self, rng: random.Random, index: int) -> tuple[str, str]:
        prefix = rng.choice(COMPANY_PREFIXES)
        core = rng.choice(COMPANY_CORES)
        name = f"{prefix} {core} {rng.choice(COMPANY_SUFFIXES)}"
        domain = f"{prefix}{core}".lower() + rng.choice((".com", ".io", ".co", ".net"))
        if domain in self.used_domains:
            domain = f"{prefix}{core}{index}".lower() + ".com"
        self.used_domains.add(domain)
        return name, domain

    def plan_contacts(self, rng: random.Random, account: AccountPlan, created_day: int) -> list[ContactPlan]:
        """Plan 4 to 8 contacts: one or two champions, a budget owner, an executive sponsor, end users."""
        personas = ["champion", "budget_owner", "executive_sponsor"]
        if rng.random() < 0.25:
            personas.append("champion")
        personas += ["end_user"] * (rng.randint(4, 8) - len(personas))

        contacts = []
        used_emails: set[str] = set()
        for position, persona in enumerate(personas):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local_part = f"{first}.{last}".lower().replace(" ", "")
            if local_part in used_emails:
                local_part = f"{local_part}{position}"
            used_emails.add(local_part)

            # Most contacts exist from the start; some end users join during the window.
            joins_later = persona == "end_user" and rng.random() < 0.2
            if joins_later:
                earliest = max(created_day + 1, 0)
                joined_day = rng.randint(earliest, max(earliest, self.timeline.days - 30))
                created_at = self.timeline.moment(joined_day, working_seconds(rng))
            else:
                created_at = account.created_at + timedelta(hours=rng.randint(1, 120))

            is_champion = persona == "champion"
            verified_share = 0.85 if account.story in HEALTHY_USAGE_STORIES else 0.3
            is_verified = is_champion and (
                (position == 0 and account.story == "absent_sponsor") or rng.random() < verified_share
            )
            contact_index = self.next_contact_index
            self.next_contact_index += 1
            contacts.append(
                ContactPlan(
                    index=contact_index,
                    contact_id=f"con_{contact_index:07d}",
                    full_name=f"{first} {last}",
                    email=f"{local_part}@{account.domain}",
                    phone=self.phone_number(rng, account.region),
                    persona=persona,
                    seniority=weighted_choice(rng, SENIORITY_WEIGHTS_BY_PERSONA[persona]),
                    is_verified_champion=is_verified,
                    created_at=created_at,
                    first_day=max(account.first_day, self.timeline.day_of(created_at) + 1),
                    activity_rate=round(ACTIVITY_RATE_BY_PERSONA[persona] * rng.uniform(0.8, 1.2), 4),
                )
            )
        return contacts

    @staticmethod
    def phone_number(rng: random.Random, region: str) -> str:
        if region == "na":
            return f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        if region == "emea":
            return f"+44 20 7946 {rng.randint(0, 999):03d}"
        if region == "apac":
            return f"+61 2 5550 {rng.randint(1000, 9999)}"
        return f"+55 11 5555 {rng.randint(1000, 9999)}"


# --------------------------------------------------------------------------------------------------
# Sparse tables written from Python
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Advocate:
    """A contact that sales may use as a reference: a verified champion of a healthy account."""

    account_id: str
    contact_id: str
    created_at: datetime


class SparseTableWriter:
    """Write the event tables of every account through fault-injecting sinks."""

    def __init__(self, config: GeneratorConfig, timeline: Timeline, work_dir: Path) -> None:
        self.config = config
        self.timeline = timeline
        self.sinks = {
            name: TableSink(spec, work_dir / f"{name}.csv", timeline, config.seed) for name, spec in TABLE_SPECS.items()
        }
        self.id_counters: dict[str, int] = {}
        self.advocates: list[Advocate] = []

    def next_id(self, prefix: str, width: int = 7) -> str:
        number = self.id_counters.get(prefix, 0) + 1
        self.id_counters[prefix] = number
        return f"{prefix}_{number:0{width}d}"

    def next_number(self, name: str, base: int) -> str:
        """Return a numeric id above the signed 32-bit maximum, as systems with 64-bit ids produce."""
        number = self.id_counters.get(name, 0) + 1
        self.id_counters[name] = number
        return str(base + number)

    def close(self) -> dict[str, FaultTally]:
        for sink in self.sinks.values():
            sink.close()
        return {name: sink.tally for name, sink in self.sinks.items()}

    # ---- per account ---------------------------------------------------------------------------

    def write_account(self, account: AccountPlan) -> None:
        """Write every sparse row of one account, in a fixed order so output stays deterministic."""
        rng = random.Random(f"{self.config.seed}/events/{account.index}")
        renewal_days, expansions = self.write_billing(account, rng)
        self.write_account_row(account)
        self.write_contacts(account)
        self.write_engagements(account, rng)
        self.write_sentiment(account, rng)
        self.write_milestones(account, rng)
        self.write_tickets(account, rng)
        self.write_surveys(account, rng)
        self.write_intent(account, rng)
        self.write_advocacy(account, rng)
        self.write_account_opportunities(account, rng, renewal_days, expansions)

        champion = account.champion
        if account.story in HEALTHY_USAGE_STORIES and champion.is_verified_champion:
            self.advocates.append(Advocate(account.account_id, champion.contact_id, account.created_at))

    def write_account_row(self, account: AccountPlan) -> None:
        row = {
            "account_id": account.account_id,
            "account_name": account.account_name,
            "segment": account.segment,
            "plan": account.plan,
            "industry": account.industry,
            "region": account.region,
            "arr": account.arr,
            "lifetime_value": account.lifetime_value,
            "created_at": account.created_at,
            "contract_start_date": account.contract_start,
            "renewal_date": account.renewal_date,
            "licensed_seats": account.seats,
            "csm_id": account.csm_id,
        }
        self.sinks["crm_accounts"].add(row, self.timeline.end_moment - timedelta(hours=6), None)

    def write_contacts(self, account: AccountPlan) -> None:
        for contact in account.contacts:
            row = {
                "contact_id": contact.contact_id,
                "account_id": account.account_id,
                "full_name": contact.full_name,
                "email": contact.email,
                "phone": contact.phone,
                "persona": contact.persona,
                "is_verified_champion": contact.is_verified_champion,
                "seniority": contact.seniority,
                "created_at": contact.created_at,
            }
            self.sinks["crm_contacts"].add(row, self.timeline.end_moment - timedelta(hours=6), account)

    def write_engagements(self, account: AccountPlan, rng: random.Random) -> None:
        """Write QBRs, executive meetings and success reviews, one row per invited stakeholder."""
        champion = account.champion
        budget_owner = account.contacts_with("budget_owner")[0]
        sponsor = account.contacts_with("executive_sponsor")[0]
        attendance = {"champion": 0.95, "budget_owner": 0.8, "executive_sponsor": 0.75, "end_user": 0.85}

        cadences = {
            "qbr": ({"smb": 182, "mid_market": 91, "enterprise": 91}[account.segment], (champion, budget_owner, sponsor)),
            "success_review": ({"smb": 75, "mid_market": 40, "enterprise": 30}[account.segment], (champion,)),
        }
        if account.story == "absent_sponsor":
            # The sponsor must be invited often enough for the absence to show.
            cadences["executive_meeting"] = (91, (sponsor, budget_owner))
        elif account.segment != "smb":
            cadences["executive_meeting"] = (182, (sponsor, budget_owner))
        elif rng.random() < 0.4:
            del cadences["qbr"]

        for engagement_type, (period, invitees) in cadences.items():
            day = account.first_day + rng.randint(7, period)
            while day <= account.last_day:
                moment = self.timeline.moment(day, rng.randint(14 * 3600, 18 * 3600))
                health = account.health(day)
                for contact in invitees:
                    if account.story == "absent_sponsor" and contact.persona == "executive_sponsor":
                        attended = False
                    else:
                        attended = rng.random() < attendance[contact.persona] * (0.45 + 0.55 * health)
                    row = {
                        "engagement_id": self.next_id("eng"),
                        "account_id": account.account_id,
                        "contact_id": contact.contact_id,
                        "engagement_type": engagement_type,
                        "scheduled_at": moment,
                        "attended": attended,
                    }
                    self.sinks["crm_stakeholder_engagements"].add(row, moment + timedelta(hours=2), account)
                day += period + rng.randint(-10, 10)

    def write_sentiment(self, account: AccountPlan, rng: random.Random) -> None:
        day = account.first_day + rng.randint(7, 30)
        while day <= account.last_day:
            moment = self.timeline.moment(day, working_seconds(rng))
            csm_id = account.csm_id if rng.random() < 0.95 else rng.choice(("csm_01", "csm_02", "csm_03"))
            row = {
                "sentiment_id": self.next_id("sen"),
                "account_id": account.account_id,
                "csm_id": csm_id,
                "recorded_at": moment,
                "sentiment_score": score_from_health(rng, account.health(day), 1, 5, 0.5),
            }
            self.sinks["crm_csm_sentiment"].add(row, moment, account)
            day += rng.randint(20, 45)

    def write_milestones(self, account: AccountPlan, rng: random.Random) -> None:
        """Write onboarding steps for accounts that started in the window and success goals for the rest."""
        sink = self.sinks["success_milestones"]
        end_date = self.timeline.end_date
        contract_day = self.timeline.day_of(account.contract_start)

        if contract_day >= 0:
            ttv_target = TIME_TO_VALUE_TARGET_DAYS[account.segment]
            steps = [(name, round(ttv_target * share), False) for name, share in ONBOARDING_STEPS]
            steps.append(("First value reached", ttv_target, True))
            for name, offset_days, is_first_value in steps:
                target = account.contract_start + timedelta(days=max(2, offset_days))
                # Timeliness follows the health the account ramps up to, not the low start of the ramp.
                delay = round(rng.gauss(-3 + 35 * max(0.0, 0.8 - account.health_end), 3))
                achieved = target + timedelta(days=delay)
                achieved = max(achieved, account.contract_start + timedelta(days=1))
                if achieved > end_date or (account.story == "struggling" and rng.random() < 0.3):
                    achieved = None
                row = {
                    "milestone_id": self.next_id("ms"),
                    "account_id": account.account_id,
                    "milestone_type": "onboarding",
                    "milestone_name": name,
                    "is_first_value": is_first_value,
                    "target_date": target,
                    "achieved_date": achieved,
                    "is_outcome_verified": False,
                }
                last_change = datetime.combine(achieved or min(target, end_date), clock_time(12))
                sink.add(row, last_change, account)

        if account.story == "onboarding":
            return
        goal_names = rng.sample(SUCCESS_GOALS, rng.randint(1, 3))
        earliest = max(account.first_day + 60, int(self.timeline.days * 0.2))
        latest = account.last_day + 60
        for name in goal_names:
            if earliest >= latest:
                break
            target_day = rng.randint(earliest, latest)
            target = self.timeline.date_of(target_day)
            health = account.health(min(target_day, account.last_day))
            achieved = None
            if rng.random() < health:
                # Healthy accounts mostly reach goals early; struggling ones mostly late.
                achieved = target + timedelta(days=round(rng.gauss(14 - 26 * health, 7)))
                if achieved > end_date or self.timeline.day_of(achieved) > account.last_day:
                    achieved = None
            verified = achieved is not None and rng.random() < (0.9 if health > 0.7 else 0.5)
            row = {
                "milestone_id": self.next_id("ms"),
                "account_id": account.account_id,
                "milestone_type": "success_goal",
                "milestone_name": name,
                "is_first_value": False,
                "target_date": target,
                "achieved_date": achieved,
                "is_outcome_verified": verified,
            }
            created = self.timeline.moment(max(account.first_day, target_day - 120), 43_200)
            last_change = datetime.combine(achieved, clock_time(12)) if achieved else created
            sink.add(row, min(last_change, self.timeline.end_moment), account)

    def write_tickets(self, account: AccountPlan, rng: random.Random) -> None:
        """Write tickets, which arrive faster when health is low, and the open P1 of the open_escalation story."""
        base_rate = TICKETS_PER_MONTH_BY_SEGMENT[account.segment] / 30
        max_rate = base_rate * 1.6
        day_position = float(account.first_day)
        while True:
            day_position += rng.expovariate(max_rate)
            day = int(day_position)
            if day > account.last_day:
                break
            if rng.random() > (1.6 - account.health(day)) / 1.6:
                continue
            self.write_ticket(account, rng, day)

        if account.story == "open_escalation":
            day = self.timeline.days - 1 - rng.randint(5, 25)
            created_at = self.timeline.moment(day, working_seconds(rng))
            first_response = created_at + timedelta(minutes=rng.randint(10, 50))
            row = {
                "ticket_id": self.next_number("ticket", 4_300_000_000),
                "account_id": account.account_id,
                "priority": "p1",
                "status": "open",
                "created_at": created_at,
                "first_responded_at": first_response,
                "resolved_at": None,
                "first_response_sla_minutes": FIRST_RESPONSE_SLA_MINUTES[account.plan]["p1"],
                "resolution_sla_hours": RESOLUTION_SLA_HOURS[account.plan]["p1"],
                "csat_score": None,
                "is_escalated": True,
                "escalated_at": created_at + timedelta(hours=rng.randint(1, 6)),
            }
            self.sinks["support_tickets"].add(row, row["escalated_at"], account, protected=True)

    def write_ticket(self, account: AccountPlan, rng: random.Random, day: int) -> None:
        health = account.health(day)
        priority = weighted_choice(rng, PRIORITY_WEIGHTS)
        quiet_story = account.story in HEALTHY_USAGE_STORIES or account.story == "onboarding"
        if priority == "p1" and quiet_story and day > self.timeline.days - 90:
            priority = "p2"

        created_at = self.timeline.moment(day, working_seconds(rng))
        response_target = FIRST_RESPONSE_SLA_MINUTES[account.plan][priority]
        resolution_target = RESOLUTION_SLA_HOURS[account.plan][priority]
        response_minutes = response_target * rng.lognormvariate(math.log(0.45 + 0.6 * (1 - health)), 0.6)
        resolution_hours = resolution_target * rng.lognormvariate(math.log(0.5 + 0.8 * (1 - health)), 0.7)
        response_delay = timedelta(minutes=max(1, round(response_minutes)))
        resolution_delay = max(timedelta(minutes=round(resolution_hours * 60)), response_delay + timedelta(minutes=5))
        first_response = created_at + response_delay
        resolved_at = created_at + resolution_delay

        run_time = self.timeline.run_time
        if first_response > run_time:
            first_response = None
        if resolved_at > run_time:
            resolved_at = None
        if resolved_at is None:
            status = "pending" if rng.random() < 0.4 else "open"
            if priority == "p1" and account.story != "open_escalation":
                priority = "p2"
        elif resolved_at > run_time - timedelta(days=7):
            status = "solved"
        else:
            status = "closed"

        csat = None
        if resolved_at is not None and rng.random() < 0.55:
            breached = response_minutes > response_target or resolution_hours > resolution_target
            csat = score_from_health(rng, clamp(health - (0.2 if breached else 0.0), 0, 1), 1, 5, 0.8)

        is_escalated = rng.random() < ESCALATION_RATE_BY_PRIORITY[priority]
        escalated_at = None
        if is_escalated:
            escalated_at = created_at + timedelta(minutes=rng.randint(20, 600))
            if resolved_at is not None and escalated_at > resolved_at:
                escalated_at = created_at + (resolved_at - created_at) / 2

        row = {
            "ticket_id": self.next_number("ticket", 4_300_000_000),
            "account_id": account.account_id,
            "priority": priority,
            "status": status,
            "created_at": created_at,
            "first_responded_at": first_response,
            "resolved_at": resolved_at,
            "first_response_sla_minutes": response_target,
            "resolution_sla_hours": resolution_target,
            "csat_score": csat,
            "is_escalated": is_escalated,
            "escalated_at": escalated_at,
        }
        last_change = max(value for value in (created_at, first_response, resolved_at, escalated_at) if value)
        self.sinks["support_tickets"].add(row, last_change, account)

    def write_surveys(self, account: AccountPlan, rng: random.Random) -> None:
        """Write NPS and CSAT waves each quarter and PSAT every two months; declining accounts end with a detractor."""
        if account.story == "missing_surveys":
            return
        sink = self.sinks["surveys_responses"]
        respondents = [contact for contact in account.contacts if contact.persona != "executive_sponsor"]
        waves = (
            ("nps", 91, 0, 10, 1.3, respondents, 0.3),
            ("csat", 91, 1, 5, 0.7, account.contacts_with("budget_owner") + [account.champion], 0.35),
            ("psat", 60, 1, 5, 0.7, account.contacts_with("end_user") + [account.champion], 0.2),
        )
        for survey_type, period, low, high, spread, people, response_rate in waves:
            wave_day = account.first_day + rng.randint(20, period)
            while wave_day <= account.last_day:
                for contact in people:
                    if rng.random() >= response_rate:
                        continue
                    day = min(wave_day + rng.randint(0, 10), account.last_day)
                    if day < contact.first_day:
                        continue
                    moment = self.timeline.moment(day, working_seconds(rng))
                    health = account.health(day)
                    if survey_type == "nps":
                        score = int(clamp(round(rng.gauss(2 + 8 * health, spread)), low, high))
                    else:
                        score = score_from_health(rng, health, low, high, spread)
                    row = {
                        "response_id": self.next_number("survey", 2_200_000_000),
                        "account_id": account.account_id,
                        "contact_id": None if rng.random() < 0.08 else contact.contact_id,
                        "survey_type": survey_type,
                        "score": score,
                        "responded_at": moment,
                    }
                    sink.add(row, moment, account)
                wave_day += period + rng.randint(-7, 7)

        if account.story == "declining":
            day = self.timeline.days - 1 - rng.randint(5, 45)
            moment = self.timeline.moment(day, working_seconds(rng))
            detractor = rng.choice([account.champion] + account.contacts_with("budget_owner"))
            row = {
                "response_id": self.next_number("survey", 2_200_000_000),
                "account_id": account.account_id,
                "contact_id": detractor.contact_id,
                "survey_type": "nps",
                "score": rng.randint(0, 4),
                "responded_at": moment,
            }
            sink.add(row, moment, account, protected=True)

    def write_billing(
        self, account: AccountPlan, rng: random.Random
    ) -> tuple[list[int], list[tuple[int, float]]]:
        """Write contract, payment, overage and forecast events and set the account's ARR and lifetime value.

        Return the window days of the renewals that happened and the (day, ARR change) of each expansion.
        """
        timeline = self.timeline
        sink = self.sinks["billing_subscription_events"]
        story = account.story
        arr = account.initial_arr
        contract_day = timeline.day_of(account.contract_start)
        events: list[tuple[int, str, float | None]] = []

        if contract_day >= 0:
            events.append((contract_day, "new", arr))
        anniversary = add_years(account.contract_start, 1)
        renewal_days = []
        while timeline.day_of(anniversary) <= account.last_day:
            day = timeline.day_of(anniversary)
            if day >= 0 and day != account.churn_day:
                renewal_days.append(day)
            anniversary = add_years(anniversary, 1)
        for day in renewal_days:
            events.append((day, "renewal", None))
        if story in HEALTHY_USAGE_STORIES | {"recovering"} and rng.random() < 0.4:
            low_day = max(account.first_day + 60, account.change_end if story == "recovering" else 0)
            if low_day < timeline.days - 10:
                events.append((rng.randint(low_day, timeline.days - 10), "expansion", None))
        if story == "declining":
            events.append((rng.randint(account.change_start, timeline.days - 5), "contraction", None))
        if account.churn_day is not None:
            events.append((account.churn_day, "churn", None))
        events.sort(key=lambda event: (event[0], event[1]))

        # ARR-changing events in date order; the running ARR sets each change.
        expansion_changes = []
        for day, event_type, _ in events:
            if event_type == "new":
                change = arr
            elif event_type == "renewal":
                uplift = rng.uniform(0.02, 0.07) if account.health(day) > 0.6 else 0.0
                change = round(arr * uplift, 2)
            elif event_type == "expansion":
                change = round(arr * rng.uniform(0.1, 0.4), 2)
                expansion_changes.append((day, change))
            elif event_type == "contraction":
                change = -round(arr * rng.uniform(0.15, 0.4), 2)
            else:
                change = -arr
            if event_type != "new":
                arr = round(arr + change, 2)
            moment = timeline.moment(day, working_seconds(rng))
            row = self.billing_row(account, event_type, moment, arr_change=change)
            sink.add(row, moment, account, protected=event_type in ("contraction", "churn"))

        account.arr = max(0.0, arr)
        tenure_years = max(0.1, (timeline.end_date - account.contract_start).days / 365.25)
        if account.churn_day is not None:
            tenure_years = max(0.1, (timeline.date_of(account.churn_day) - account.contract_start).days / 365.25)
        account.lifetime_value = round(account.initial_arr * tenure_years * rng.uniform(0.95, 1.1), 2)

        # Payments follow the billing period from the contract start.
        period = BILLING_PERIOD_MONTHS[account.segment]
        troubled = story in ("declining", "struggling", "churned")
        invoice_date = account.contract_start
        while timeline.day_of(invoice_date) <= account.last_day:
            day = timeline.day_of(invoice_date)
            if day >= 0:
                draw = rng.random()
                late_share, failed_share = (0.15, 0.07) if troubled else (0.05, 0.015)
                if draw < failed_share:
                    status = "failed"
                elif draw < failed_share + late_share:
                    status = "late"
                else:
                    status = "paid"
                moment = timeline.moment(day, working_seconds(rng))
                amount = round(max(account.arr, account.initial_arr) * period / 12, 2)
                row = self.billing_row(account, "payment", moment, amount=amount, payment_status=status)
                sink.add(row, moment, account)
            invoice_date = add_months(invoice_date, period)

        if (account.plan == "scale" or account.health_end > 0.8) and rng.random() < 0.2:
            for _ in range(rng.randint(1, 3)):
                day = rng.randint(account.first_day, account.last_day)
                moment = timeline.moment(day, working_seconds(rng))
                segment_factor = {"smb": 0.3, "mid_market": 1.0, "enterprise": 3.0}[account.segment]
                amount = round(rng.uniform(200, 3_000) * segment_factor, 2)
                sink.add(self.billing_row(account, "overage", moment, amount=amount), moment, account)

        self.write_renewal_forecasts(account, rng, renewal_days)
        return renewal_days, expansion_changes

    def write_renewal_forecasts(self, account: AccountPlan, rng: random.Random, renewal_days: list[int]) -> None:
        """Write the account team's view of each renewal, 120 to 30 days ahead of it."""
        timeline = self.timeline
        sink = self.sinks["billing_subscription_events"]
        upcoming = list(renewal_days)
        if account.churn_day is not None:
            upcoming.append(account.churn_day)
        renewal_day = timeline.day_of(account.renewal_date)
        if renewal_day > timeline.days - 1 and renewal_day - 120 <= timeline.days - 1:
            upcoming.append(renewal_day)

        for renewal in upcoming:
            for lead_days in (120, 90, 60, 30):
                day = renewal - lead_days
                if day < account.first_day or day > min(account.last_day, timeline.days - 1):
                    continue
                status = self.forecast_status(account, day, renewal, lead_days)
                moment = timeline.moment(day, working_seconds(rng))
                sink.add(self.billing_row(account, "renewal_forecast", moment, renewal_status=status), moment, account)

        if account.story == "declining":
            day = timeline.days - 1 - rng.randint(3, 20)
            moment = timeline.moment(day, working_seconds(rng))
            row = self.billing_row(account, "renewal_forecast", moment, renewal_status="at_risk")
            sink.add(row, moment, account, protected=True)

    @staticmethod
    def forecast_status(account: AccountPlan, day: int, renewal_day: int, lead_days: int) -> str:
        if account.churn_day is not None and renewal_day == account.churn_day:
            return "at_risk"
        health = account.health(day)
        if health < 0.4:
            return "at_risk"
        if health > 0.7 and lead_days <= 60:
            return "committed"
        return "on_track"

    def billing_row(
        self,
        account: AccountPlan,
        event_type: str,
        moment: datetime,
        arr_change: float | None = None,
        amount: float | None = None,
        payment_status: str | None = None,
        renewal_status: str | None = None,
    ) -> dict:
        return {
            "event_id": self.next_id("evt", 8),
            "account_id": account.account_id,
            "event_type": event_type,
            "occurred_at": moment,
            "arr_change": arr_change,
            "amount": amount,
            "payment_status": payment_status,
            "renewal_status": renewal_status,
        }

    def write_intent(self, account: AccountPlan, rng: random.Random) -> None:
        """Write advocacy-intent activities, more of them on healthy days."""
        low, high = INTENT_COUNT_RANGE_BY_STORY[account.story]
        scale = self.timeline.days / 456
        count = round(rng.randint(low, high) * scale)
        people = account.contacts_with("champion") + account.contacts_with("end_user")
        written = 0
        attempts = 0
        while written < count and attempts < count * 20:
            attempts += 1
            day = rng.randint(account.first_day, account.last_day)
            if rng.random() > account.health(day):
                continue
            contact = rng.choice(people)
            if day < contact.first_day:
                continue
            moment = self.timeline.moment(day, working_seconds(rng))
            row = {
                "activity_id": self.next_id("act"),
                "account_id": account.account_id,
                "contact_id": None if rng.random() < 0.15 else contact.contact_id,
                "activity_type": weighted_choice(rng, INTENT_ACTIVITY_WEIGHTS),
                "occurred_at": moment,
            }
            self.sinks["community_intent_activities"].add(row, moment, account)
            written += 1

    # ---- advocacy --------------------------------------------------------------------------------

    def write_advocacy(self, account: AccountPlan, rng: random.Random) -> None:
        """Write consent records, then invitations with their responses and completions.

        Invitations go to contacts with consent in force; about one in ten accounts without any
        consent is asked anyway, which the compliance KPI must catch.
        """
        grants = self.write_consent(account, rng)
        days = self.timeline.days
        story = account.story

        # (number of invitations, first day, last day) by story; some go to accounts that later slip.
        windows = {
            "healthy": (rng.choices((0, 1, 2, 3), weights=(20, 35, 30, 15))[0], account.first_day + 90, days - 1),
            "absent_sponsor": (rng.randint(0, 1), account.first_day + 90, days - 1),
            "missing_surveys": (rng.randint(0, 1), account.first_day + 90, days - 1),
            "loud_low_value": (rng.randint(1, 3), account.first_day + 60, days - 1),
            "open_escalation": (1, days - 60, days - 30),
            "declining": (rng.randint(0, 1), account.first_day + 30, account.change_start),
            "recovering": (rng.randint(0, 1), account.change_end, days - 1),
            "neutral": (1 if rng.random() < 0.1 else 0, account.first_day + 60, days - 1),
            "churned": (1 if rng.random() < 0.25 else 0, account.first_day + 30, account.change_start),
        }
        count, low_day, high_day = windows.get(story, (0, 0, 0))
        if count == 0 or low_day >= high_day:
            return
        if not grants and rng.random() >= 0.1:
            return

        # Eager loud accounts are asked more often than the default limit of two per quarter allows.
        minimum_gap = 20 if story == "loud_low_value" else 45
        invite_days = sorted(rng.sample(range(low_day, high_day + 1), min(count, high_day - low_day + 1)))
        previous = -1_000
        for day in invite_days:
            if day - previous < minimum_gap:
                continue
            if grants:
                contact, grant_day, scope = rng.choice(grants)
                day = max(day, grant_day + 1)
                program = None if scope == "all_programs" else scope
            else:
                contact, program = account.champion, None
            day = max(day, contact.first_day)
            if day > days - 1:
                continue
            previous = day
            self.write_invitation(account, rng, contact, day, program)

    def write_consent(self, account: AccountPlan, rng: random.Random) -> list[tuple[ContactPlan, int, str]]:
        """Write consent decisions; return (contact, day, scope) of each grant, champions' first."""
        days = self.timeline.days
        healthy_story = account.story in HEALTHY_USAGE_STORIES or account.story in ("declining", "recovering")
        grant_share = {
            "champion": 0.8 if healthy_story else 0.35, "end_user": 0.1, "budget_owner": 0.15, "executive_sponsor": 0.1,
        }
        grants = []
        for contact in account.contacts:
            if rng.random() >= grant_share[contact.persona]:
                continue
            low_day = max(contact.first_day + 10, account.first_day + 10)
            high_day = max(low_day, int(days * 0.6))
            if low_day > days - 1:
                continue
            day = rng.randint(low_day, min(high_day, days - 1))
            scope = "all_programs" if rng.random() < 0.65 else rng.choice(PROGRAMS)
            moment = self.timeline.moment(day, working_seconds(rng))
            self.write_consent_row(account, contact, scope, "granted", moment)
            grants.append((contact, day, scope))

            withdraw_share = 0.3 if account.story in ("declining", "churned") else 0.08
            if rng.random() < withdraw_share and day + 30 < days - 1:
                later = self.timeline.moment(rng.randint(day + 30, days - 1), working_seconds(rng))
                self.write_consent_row(account, contact, scope, "withdrawn", later)
        champion_grants = [grant for grant in grants if grant[0].persona == "champion"]
        return champion_grants or grants

    def write_consent_row(
        self, account: AccountPlan, contact: ContactPlan, scope: str, status: str, moment: datetime
    ) -> None:
        row = {
            "consent_id": self.next_id("cns"),
            "contact_id": contact.contact_id,
            "account_id": account.account_id,
            "consent_scope": scope,
            "consent_status": status,
            "recorded_at": moment,
        }
        self.sinks["advocacy_consent_records"].add(row, moment, account)

    def write_invitation(
        self, account: AccountPlan, rng: random.Random, contact: ContactPlan, day: int, program: str | None
    ) -> None:
        """Write one invitation to `program` (drawn by segment fit when None) and its response."""
        timeline = self.timeline
        if program is None:
            program = weighted_choice(rng, PROGRAM_WEIGHTS_BY_SEGMENT[account.segment])
            if program == "case_study" and account.industry in REGULATED_INDUSTRIES and rng.random() < 0.5:
                program = "reference_call"
        invited_at = timeline.moment(day, working_seconds(rng))
        invitation_id = self.next_id("inv")
        row = {
            "invitation_id": invitation_id,
            "account_id": account.account_id,
            "contact_id": contact.contact_id,
            "program": program,
            "invited_at": invited_at,
            "invited_by": account.csm_id,
        }
        self.sinks["advocacy_invitations"].add(row, invited_at, account)

        # Invitations of the last two weeks have no response yet.
        if day > timeline.days - 15:
            return
        health = account.health(day)
        accept_weight = 55 if health > 0.7 and account.story != "open_escalation" else 20
        response = rng.choices(("accepted", "declined", "no_answer", None), weights=(accept_weight, 20, 15, 10))[0]
        if response is None:
            return
        response_delay = timedelta(days=21) if response == "no_answer" else timedelta(days=rng.randint(1, 12))
        responded_at = invited_at + response_delay + timedelta(minutes=rng.randint(0, 600))
        if responded_at > timeline.end_moment:
            return
        response_row = {
            "response_id": self.next_id("rsp"),
            "invitation_id": invitation_id,
            "response": response,
            "responded_at": responded_at,
        }
        self.sinks["advocacy_responses"].add(response_row, responded_at, account)

        if response != "accepted" or rng.random() >= 0.8:
            return
        completed_at = responded_at + timedelta(days=rng.randint(7, 45), minutes=rng.randint(0, 600))
        if completed_at > timeline.end_moment:
            return
        completion_row = {
            "completion_id": self.next_id("cmp"),
            "invitation_id": invitation_id,
            "completed_at": completed_at,
        }
        self.sinks["advocacy_completions"].add(completion_row, completed_at, account)

    # ---- opportunities ---------------------------------------------------------------------------

    def write_account_opportunities(
        self,
        account: AccountPlan,
        rng: random.Random,
        renewal_days: list[int],
        expansions: list[tuple[int, float]],
    ) -> None:
        """Write renewal opportunities around each renewal and expansion opportunities behind expansions."""
        timeline = self.timeline
        renewals = [(day, "won") for day in renewal_days]
        if account.churn_day is not None:
            renewals.append((account.churn_day, "lost"))
        renewal_day = timeline.day_of(account.renewal_date)
        if timeline.days - 1 < renewal_day <= timeline.days - 1 + 120:
            renewals.append((renewal_day, "open"))

        for day, outcome in renewals:
            # Renewal opportunities open 90 days ahead; later renewals have none yet.
            created_day = day - 90
            if created_day < max(0, account.first_day) or created_day > timeline.days - 1:
                continue
            self.write_opportunity(
                rng,
                opportunity_type="renewal",
                account=account,
                segment=account.segment,
                region=account.region,
                amount=account.arr if account.arr > 0 else account.initial_arr,
                created_day=created_day,
                close_day=day,
                outcome=outcome,
            )

        for day, change in expansions:
            created_day = day - rng.randint(30, 70)
            if created_day < max(0, account.first_day):
                continue
            self.write_opportunity(
                rng, opportunity_type="expansion", account=account, segment=account.segment, region=account.region,
                amount=change, created_day=created_day, close_day=day, outcome="won",
            )

        if account.story in HEALTHY_USAGE_STORIES and rng.random() < 0.2:
            created_day = timeline.days - rng.randint(10, 60)
            if created_day > account.first_day:
                self.write_opportunity(
                    rng, opportunity_type="expansion", account=account, segment=account.segment, region=account.region,
                    amount=round(account.arr * rng.uniform(0.1, 0.3), 2), created_day=created_day,
                    close_day=timeline.days - 1 + rng.randint(15, 90), outcome="open",
                )

    def write_new_business(self, rng: random.Random) -> None:
        """Write new-business opportunities with prospects and their reference requests.

        A deal on which a reference was used wins more often and closes faster.
        """
        timeline = self.timeline
        count = round(self.config.accounts * 0.5 * timeline.days / 365)
        for _ in range(count):
            segment = weighted_choice(rng, SEGMENT_WEIGHTS)
            created_day = rng.randint(0, timeline.days - 1)
            wants_reference = rng.random() < 0.35
            advocate = None
            if wants_reference and rng.random() < 0.65:
                advocate = self.pick_advocate(rng, timeline.moment(created_day, 0))
            reference_used = advocate is not None

            median_cycle = {"smb": 40, "mid_market": 70, "enterprise": 110}[segment]
            cycle_days = max(7, round(median_cycle * rng.lognormvariate(0, 0.35) * (0.7 if reference_used else 1.0)))
            win_probability = 0.55 if reference_used else 0.32
            outcome = "won" if rng.random() < win_probability else "lost"
            close_day = created_day + cycle_days
            if close_day > timeline.days - 1:
                outcome = "open"

            amount = round(ARR_MEDIAN_BY_SEGMENT[segment] * math.exp(rng.gauss(0, ARR_SIGMA)), 2)
            opportunity_id = self.write_opportunity(
                rng, opportunity_type="new_business", account=None, segment=segment,
                region=weighted_choice(rng, REGION_WEIGHTS), amount=amount,
                created_day=created_day, close_day=close_day, outcome=outcome,
            )
            if wants_reference:
                self.write_reference(rng, opportunity_id, created_day, close_day, advocate)

    def pick_advocate(self, rng: random.Random, before: datetime) -> Advocate | None:
        """Return a random advocate whose account existed before `before`, or None after five misses."""
        if not self.advocates:
            return None
        for _ in range(5):
            candidate = rng.choice(self.advocates)
            if candidate.created_at < before:
                return candidate
        return None

    def write_opportunity(
        self,
        rng: random.Random,
        opportunity_type: str,
        account: AccountPlan | None,
        segment: str,
        region: str,
        amount: float,
        created_day: int,
        close_day: int,
        outcome: str,
    ) -> str:
        """Write one opportunity; `outcome` is won, lost or open. Return its id."""
        timeline = self.timeline
        opportunity_id = self.next_id("opp")
        if outcome == "open":
            elapsed = (timeline.days - 1 - created_day) / max(1, close_day - created_day)
            stage = OPEN_STAGES[min(len(OPEN_STAGES) - 1, int(clamp(elapsed, 0, 0.999) * len(OPEN_STAGES)))]
            last_change = timeline.moment(min(timeline.days - 1, created_day + rng.randint(0, 20)), working_seconds(rng))
        else:
            stage = "closed_won" if outcome == "won" else "closed_lost"
            last_change = timeline.moment(close_day, working_seconds(rng))
        row = {
            "opportunity_id": opportunity_id,
            "account_id": account.account_id if account else None,
            "opportunity_type": opportunity_type,
            "segment": segment,
            "region": region,
            "stage": stage,
            "amount": amount,
            "created_date": timeline.date_of(created_day),
            "close_date": timeline.date_of(close_day),
            "is_closed": outcome != "open",
            "is_won": outcome == "won",
        }
        self.sinks["crm_opportunities"].add(row, min(last_change, timeline.end_moment), account)
        return opportunity_id

    def write_reference(
        self, rng: random.Random, opportunity_id: str, created_day: int, close_day: int, advocate: Advocate | None
    ) -> None:
        """Write a reference request; with an `advocate` it is filled and used before the close.

        Without one, the request stays unfilled, or now and then is filled but never used.
        """
        timeline = self.timeline
        requested_day = created_day + max(1, round((close_day - created_day) * rng.uniform(0.15, 0.4)))
        if requested_day > timeline.days - 1:
            return
        requested_at = timeline.moment(requested_day, working_seconds(rng))

        used_at = None
        if advocate is not None:
            latest_use_day = max(requested_day + 1, min(requested_day + 14, close_day - 1))
            used_day = rng.randint(requested_day + 1, latest_use_day)
            if used_day <= timeline.days - 1:
                used_at = timeline.moment(used_day, working_seconds(rng))
        elif rng.random() < 0.1:
            advocate = self.pick_advocate(rng, requested_at)

        row = {
            "reference_id": self.next_id("ref"),
            "opportunity_id": opportunity_id,
            "program": weighted_choice(rng, REFERENCE_PROGRAM_WEIGHTS),
            "reference_account_id": advocate.account_id if advocate else None,
            "reference_contact_id": advocate.contact_id if advocate else None,
            "requested_at": requested_at,
            "used_at": used_at,
        }
        self.sinks["crm_opportunity_references"].add(row, used_at or requested_at, None)


# --------------------------------------------------------------------------------------------------
# Daily tables expanded in DuckDB
# --------------------------------------------------------------------------------------------------

ACCOUNT_PARAM_COLUMNS = {
    "account_index": "INTEGER",
    "account_id": "VARCHAR",
    "created_date": "DATE",
    "first_day": "INTEGER",
    "last_day": "INTEGER",
    "seats": "INTEGER",
    "health_start": "DOUBLE",
    "health_end": "DOUBLE",
    "change_start": "INTEGER",
    "change_end": "INTEGER",
    "utilization_scale": "DOUBLE",
    "active_rate": "DOUBLE",
    "weekend_rate": "DOUBLE",
    "sessions_per_user": "DOUBLE",
    "events_per_session": "DOUBLE",
    "feature_breadth": "DOUBLE",
    "plan": "VARCHAR",
}
CONTACT_PARAM_COLUMNS = {
    "contact_index": "INTEGER",
    "contact_id": "VARCHAR",
    "account_index": "INTEGER",
    "first_day": "INTEGER",
    "activity_rate": "DOUBLE",
}

# Share of daily rows per fault kind. Each row draws one number and gets at most one kind.
DAILY_QUARANTINE_KINDS = ("negative_count", "null_key", "unknown_account", "future_timestamp", "before_account_created")
DAILY_QUARANTINE_RATE_PER_KIND = 0.0008
DAILY_DUPLICATE_RATES = {"exact_duplicate": 0.0015, "resync_changed": 0.0008, "resync_unchanged": 0.0007}
DAILY_LATE_RATE = 0.004
# Resync and late rows need room before the loader's last run; later days never get them.
DAILY_LATE_MARGIN_DAYS = 25


class DailyTableBuilder:
    """Define DuckDB views that expand the daily product tables from the account and contact plans."""

    def __init__(self, con: duckdb.DuckDBPyConnection, timeline: Timeline, seed: int) -> None:
        self.con = con
        self.timeline = timeline
        self.seed = int(seed)

    def noise(self, salt: int, *keys: str) -> str:
        """Return SQL for a deterministic number in [0, 1) from the seed, a salt and key columns."""
        return f"(hash({self.seed}, {salt}, {', '.join(keys)}) / 18446744073709551616.0)"

    def fault_case(self, keys: tuple[str, ...]) -> str:
        """Return SQL that labels a row with its fault kind (or NULL) from one hash draw."""
        draw = self.noise(100, *keys)
        safe_day = f"day_index <= {self.timeline.days - 1 - DAILY_LATE_MARGIN_DAYS}"
        branches = []
        threshold = 0.0
        for kind in DAILY_QUARANTINE_KINDS:
            threshold += DAILY_QUARANTINE_RATE_PER_KIND
            branches.append(f"WHEN {draw} < {threshold:.6f} THEN '{kind}'")
        threshold += DAILY_DUPLICATE_RATES["exact_duplicate"]
        branches.append(f"WHEN {draw} < {threshold:.6f} THEN 'exact_duplicate'")
        for kind in ("resync_changed", "resync_unchanged"):
            threshold += DAILY_DUPLICATE_RATES[kind]
            branches.append(f"WHEN {draw} < {threshold:.6f} AND {safe_day} THEN '{kind}'")
        threshold += DAILY_LATE_RATE
        branches.append(f"WHEN {draw} < {threshold:.6f} AND {safe_day} THEN 'late_loaded'")
        return "CASE " + " ".join(branches) + " END"

    def loaded_at(self, keys: tuple[str, ...]) -> str:
        """Return SQL for `_loaded_at`: the night after the day, days later for late rows and resyncs."""
        return f"""(
            CAST(activity_date AS TIMESTAMP) + INTERVAL 1 DAY
            + to_seconds(CAST(1800 + floor({self.noise(101, *keys)} * 16200) AS BIGINT))
            + CASE
                WHEN fault = 'late_loaded' THEN to_days(CAST(3 + floor({self.noise(102, *keys)} * 15) AS INTEGER))
                WHEN fault LIKE 'resync%' AND copy_index = 1
                    THEN to_days(CAST(1 + floor({self.noise(103, *keys)} * 6) AS INTEGER))
                ELSE INTERVAL 0 DAY
            END)"""

    def shifted_date(self) -> str:
        """Return SQL for the row's date after the future_timestamp or before_account_created fault."""
        return """CASE fault
                WHEN 'future_timestamp' THEN DATE '2099-01-01' + CAST(day_index AS INTEGER)
                WHEN 'before_account_created' THEN created_date - CAST(1 + day_index AS INTEGER)
                ELSE activity_date
            END"""

    @staticmethod
    def copies() -> str:
        return "unnest(CASE WHEN fault = 'exact_duplicate' OR fault LIKE 'resync%' THEN [0, 1] ELSE [0] END) AS copy_index"

    @staticmethod
    def stale(column: str) -> str:
        """Return SQL that lowers `column` on the earlier-loaded copy of a changed resync (incomplete counts)."""
        return (
            f"CASE WHEN fault = 'resync_changed' AND copy_index = 0 "
            f"THEN CAST(floor({column} * 0.8) AS INTEGER) ELSE {column} END"
        )

    def create_views(self) -> None:
        start = self.timeline.start_date.isoformat()
        day_keys = ("account_index", "day_index")

        self.con.execute(f"""
            CREATE VIEW account_days AS
            WITH expanded AS (
                SELECT *, unnest(range(first_day, last_day + 1)) AS day_index
                FROM account_params
            ),
            shaped AS (
                SELECT *,
                    health_start + (health_end - health_start)
                        * least(1.0, greatest(0.0, (day_index - change_start) / greatest(1, change_end - change_start)))
                        AS health,
                    DATE '{start}' + CAST(day_index AS INTEGER) AS activity_date,
                    isodow(DATE '{start}' + CAST(day_index AS INTEGER)) >= 6 AS is_weekend
                FROM expanded
            ),
            active AS (
                SELECT *,
                    CAST(greatest(1, round(
                        seats * least(0.95, (0.04 + 0.86 * health) * utilization_scale)
                        * (0.8 + 0.4 * {self.noise(2, *day_keys)})
                        * CASE WHEN is_weekend THEN 0.3 ELSE 1.0 END
                    )) AS INTEGER) AS active_users
                FROM shaped
                WHERE {self.noise(1, *day_keys)}
                    < active_rate * CASE WHEN is_weekend THEN weekend_rate ELSE 1.0 END * (0.65 + 0.35 * health)
            ),
            with_sessions AS (
                SELECT *,
                    CAST(greatest(active_users, round(
                        active_users * sessions_per_user * (0.8 + 0.4 * {self.noise(3, *day_keys)})
                    )) AS INTEGER) AS sessions
                FROM active
            )
            SELECT account_index, account_id, created_date, plan, day_index, activity_date, health, is_weekend,
                active_users, sessions,
                CAST(round(sessions * events_per_session * (0.7 + 0.6 * {self.noise(4, *day_keys)})) AS INTEGER) AS events
            FROM with_sessions
        """)

        self.con.execute(f"""
            CREATE VIEW product_usage_daily_rows AS
            WITH labelled AS (
                SELECT *, {self.fault_case(day_keys)} AS fault FROM account_days
            ),
            copied AS (
                SELECT *, {self.copies()} FROM labelled
            )
            SELECT
                CASE fault
                    WHEN 'null_key' THEN NULL
                    WHEN 'unknown_account' THEN 'acc_9' || lpad(CAST(account_index AS VARCHAR), 6, '0')
                    ELSE account_id
                END AS account_id,
                {self.shifted_date()} AS usage_date,
                {self.stale('active_users')} AS active_users,
                {self.stale('sessions')} AS sessions,
                CASE WHEN fault = 'negative_count' THEN -5 ELSE {self.stale('events')} END AS events,
                {self.loaded_at(day_keys)} AS _loaded_at,
                fault,
                copy_index
            FROM copied
        """)

        # Each account adopts a share of its plan's key features (and fewer non-key ones);
        # adopted features are used on a share of active days that rises with health.
        feature_keys = ("account_index", "day_index", "feature_index")
        self.con.execute(f"""
            CREATE VIEW account_features AS
            SELECT p.account_index, f.feature_key, f.feature_index,
                0.2 + 0.35 * {self.noise(21, 'p.account_index', 'f.feature_index')} AS intensity
            FROM account_params AS p
            JOIN plan_features AS f ON f.plan = p.plan
            WHERE {self.noise(20, 'p.account_index', 'f.feature_index')}
                < CASE WHEN f.is_key THEN p.feature_breadth ELSE 0.3 * p.feature_breadth END
        """)
        self.con.execute(f"""
            CREATE VIEW product_feature_usage_daily_rows AS
            WITH used AS (
                SELECT d.account_index, d.account_id, d.created_date, d.day_index, d.activity_date,
                    f.feature_key, f.feature_index,
                    CAST(greatest(1, round(
                        d.active_users * (0.15 + 0.6 * {self.noise(31, 'd.account_index', 'd.day_index', 'f.feature_index')})
                    )) AS INTEGER) AS feature_users
                FROM account_days AS d
                JOIN account_features AS f ON f.account_index = d.account_index
                WHERE {self.noise(30, 'd.account_index', 'd.day_index', 'f.feature_index')}
                    < f.intensity * (0.35 + 0.65 * d.health) * CASE WHEN d.is_weekend THEN 0.6 ELSE 1.0 END
            ),
            labelled AS (
                SELECT *,
                    CAST(round(feature_users * (2 + 18 * {self.noise(32, *feature_keys)})) AS INTEGER) AS feature_events,
                    {self.fault_case(feature_keys)} AS fault
                FROM used
            ),
            copied AS (
                SELECT *, {self.copies()} FROM labelled
            )
            SELECT
                CASE fault
                    WHEN 'null_key' THEN NULL
                    WHEN 'unknown_account' THEN 'acc_9' || lpad(CAST(account_index AS VARCHAR), 6, '0')
                    ELSE account_id
                END AS account_id,
                {self.shifted_date()} AS usage_date,
                feature_key,
                {self.stale('feature_users')} AS active_users,
                CASE WHEN fault = 'negative_count' THEN -5 ELSE {self.stale('feature_events')} END AS events,
                {self.loaded_at(feature_keys)} AS _loaded_at,
                fault,
                copy_index
            FROM copied
        """)

        # Known contacts are active on a share of the account's active days set by persona and health.
        contact_keys = ("contact_index", "day_index")
        self.con.execute(f"""
            CREATE VIEW product_user_activity_daily_rows AS
            WITH active AS (
                SELECT c.contact_index, c.contact_id, d.account_index, d.account_id, d.created_date,
                    d.day_index, d.activity_date, d.health
                FROM account_days AS d
                JOIN contact_params AS c ON c.account_index = d.account_index
                WHERE d.day_index >= c.first_day
                    AND {self.noise(40, 'c.contact_index', 'd.day_index')}
                        < c.activity_rate * (0.4 + 0.6 * d.health) * CASE WHEN d.is_weekend THEN 0.4 ELSE 1.0 END
            ),
            counted AS (
                SELECT *,
                    CAST(1 + floor({self.noise(41, *contact_keys)} * 4 * (0.5 + health)) AS INTEGER) AS user_sessions
                FROM active
            ),
            labelled AS (
                SELECT *,
                    CAST(user_sessions * (4 + floor({self.noise(42, *contact_keys)} * 30)) AS INTEGER) AS user_events,
                    {self.fault_case(contact_keys)} AS fault
                FROM counted
            ),
            copied AS (
                SELECT *, {self.copies()} FROM labelled
            )
            SELECT
                CASE WHEN fault = 'null_key' THEN NULL ELSE contact_id END AS contact_id,
                CASE WHEN fault = 'unknown_account' THEN 'acc_9' || lpad(CAST(account_index AS VARCHAR), 6, '0')
                    ELSE account_id END AS account_id,
                {self.shifted_date()} AS activity_date,
                {self.stale('user_sessions')} AS sessions,
                CASE WHEN fault = 'negative_count' THEN -5 ELSE {self.stale('user_events')} END AS events,
                {self.loaded_at(contact_keys)} AS _loaded_at,
                fault,
                copy_index
            FROM copied
        """)

    def count_faults(self, table: str) -> FaultTally:
        """Count the fault labels of a daily table's rows (a second pass over its view)."""
        counts = self.con.execute(
            f"SELECT fault, count(*) FROM {table}_rows WHERE copy_index = 0 AND fault IS NOT NULL "
            "GROUP BY fault ORDER BY fault"
        ).fetchall()
        tally = FaultTally()
        for kind, count in counts:
            if kind in DAILY_QUARANTINE_KINDS:
                tally.add(tally.quarantine, kind, count)
            elif kind in DAILY_DUPLICATE_RATES:
                tally.add(tally.duplicates, kind, count)
            else:
                tally.add(tally.variants, kind, count)
        return tally


# --------------------------------------------------------------------------------------------------
# Writing the dataset
# --------------------------------------------------------------------------------------------------


@dataclass
class TableResult:
    """One written output file."""

    table: str
    path: Path
    rows: int
    size_bytes: int


def write_parameter_files(accounts: list[AccountPlan], work_dir: Path, timeline: Timeline) -> None:
    """Write the account and contact parameters that the daily SQL expands."""
    with (work_dir / "account_params.csv").open("w", newline="", encoding="utf-8") as account_file, (
        work_dir / "contact_params.csv"
    ).open("w", newline="", encoding="utf-8") as contact_file:
        account_writer = csv.writer(account_file, lineterminator="\n")
        contact_writer = csv.writer(contact_file, lineterminator="\n")
        account_writer.writerow(ACCOUNT_PARAM_COLUMNS)
        contact_writer.writerow(CONTACT_PARAM_COLUMNS)
        for account in accounts:
            account_writer.writerow((
                account.index, account.account_id, account.created_at.date().isoformat(), account.first_day,
                account.last_day, account.seats, account.health_start, account.health_end, account.change_start,
                account.change_end, account.utilization_scale, account.active_rate, account.weekend_rate,
                account.sessions_per_user, account.events_per_session, account.feature_breadth, account.plan,
            ))
            for contact in account.contacts:
                contact_writer.writerow(
                    (contact.index, contact.contact_id, account.index, contact.first_day, contact.activity_rate)
                )


def write_plan_features(work_dir: Path, timeline: Timeline) -> None:
    """Write product_plan_key_features and the feature list (key and non-key) per plan."""
    loaded_at = timeline.moment(0, 3600).strftime("%Y-%m-%d %H:%M:%S")
    with (work_dir / "product_plan_key_features.csv").open("w", newline="", encoding="utf-8") as key_file, (
        work_dir / "plan_features.csv"
    ).open("w", newline="", encoding="utf-8") as feature_file:
        key_writer = csv.writer(key_file, lineterminator="\n")
        feature_writer = csv.writer(feature_file, lineterminator="\n")
        key_writer.writerow(("plan", "feature_key", "_loaded_at"))
        feature_writer.writerow(("plan", "feature_key", "feature_index", "is_key"))
        all_features = list(KEY_FEATURES_BY_PLAN["scale"]) + list(NON_KEY_FEATURES)
        for plan, features in KEY_FEATURES_BY_PLAN.items():
            for feature in features:
                key_writer.writerow((plan, feature, loaded_at))
                feature_writer.writerow((plan, feature, all_features.index(feature), "true"))
            for feature in NON_KEY_FEATURES:
                feature_writer.writerow((plan, feature, all_features.index(feature), "false"))


def read_csv_sql(path: Path, columns: dict[str, str]) -> str:
    """Return a DuckDB read_csv call that reads `path` with exactly `columns`."""
    column_list = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    return (
        f"read_csv('{path.as_posix()}', header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"escape = '\"', columns = {{{column_list}}})"
    )


def copy_options(output_format: str) -> str:
    if output_format == "csv":
        return "(FORMAT csv, HEADER true)"
    return "(FORMAT parquet, COMPRESSION zstd)"


def contract_select(table: str) -> str:
    """Return the SELECT list that casts a table's columns to the contract types, in contract order."""
    return ", ".join(f'CAST("{name}" AS {kind.upper()}) AS "{name}"' for name, kind in TABLE_COLUMNS[table])


def write_outputs(
    con: duckdb.DuckDBPyConnection,
    config: GeneratorConfig,
    work_dir: Path,
    tallies: dict[str, FaultTally],
    daily: DailyTableBuilder,
) -> list[TableResult]:
    """Write every contract table, sorted by all columns (key first), and fill in the row counts."""
    results = []
    config.out_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLE_COLUMNS:
        started = time.perf_counter()
        path = config.out_dir / f"{table}.{config.output_format}"
        if table in DAILY_TABLES:
            source = f"{table}_rows"
            tallies[table] = daily.count_faults(table)
        else:
            source = read_csv_sql(work_dir / f"{table}.csv", {name: "VARCHAR" for name, _ in TABLE_COLUMNS[table]})
        statement = (
            f"COPY (SELECT {contract_select(table)} FROM {source} ORDER BY ALL) "
            f"TO '{path.as_posix()}' {copy_options(config.output_format)}"
        )
        rows = con.execute(statement).fetchone()[0]
        tally = tallies.setdefault(table, FaultTally())
        if table in TABLE_SPECS and tally.rows_written != rows:
            raise RuntimeError(f"{table}: wrote {rows} rows but the sink counted {tally.rows_written}")
        tally.rows_written = rows
        results.append(TableResult(table, path, rows, path.stat().st_size))
        LOGGER.info("wrote %s: %d rows in %.1f s", path, rows, time.perf_counter() - started)
    return results


FAULT_KIND_DESCRIPTIONS = {
    "null_key": "The table's key (its first column, or account_id / contact_id for daily tables) is empty.",
    "unknown_account": "The account id is not in crm_accounts.",
    "unknown_enum": "An enumerated column holds a value outside the contract's list.",
    "future_timestamp": (
        "The row's timestamps and dates were moved into 2099 or 2100. Planned dates (target_date, close_date, "
        "renewal_date) may lie after the end date in valid rows too; only event times mark this fault."
    ),
    "before_account_created": (
        "The row's timestamps and dates were moved before the account's created_at (for daily tables, the "
        "activity date falls before the day the account was created)."
    ),
    "out_of_range_score": "NPS outside 0-10, CSAT or PSAT outside 1-5, ticket CSAT or CSM sentiment outside 1-5.",
    "negative_amount": "A money column that must not be negative is negative (arr or amount).",
    "negative_count": "A count that must not be negative is -5 (events).",
    "response_before_created": "A ticket's first_responded_at precedes its created_at.",
    "exact_duplicate": "The same row, byte for byte, appears twice.",
    "resync_changed": (
        "The key appears twice. The copy with the later _loaded_at carries the current values, the earlier one "
        "a stale version."
    ),
    "resync_unchanged": "The key appears twice with the same values and a later _loaded_at on the second copy.",
    "late_loaded": "Valid row whose _loaded_at is 3 to 20 days after the event.",
    "odd_case_enum": "Valid row with one enumerated value in odd case or with spaces, for example ' P1 '.",
    "offset_timestamp": "Valid row whose text timestamps are ISO 8601 with Z or a UTC offset instead of plain UTC.",
}


def write_fault_manifest(config: GeneratorConfig, tallies: dict[str, FaultTally], path: Path) -> None:
    """Write injected_faults.json: per table, rows written and the faults and duplicates injected."""
    manifest = {
        "parameters": {
            "accounts": config.accounts,
            "days": config.days,
            "end_date": config.end_date.isoformat(),
            "seed": config.seed,
            "format": config.output_format,
        },
        "how_to_read": (
            "quarantine counts rows that staging must quarantine, one kind per row. duplicates counts the extra "
            "rows that deduplication removes. variants counts valid rows that staging must accept and normalize. "
            "Rows that staging keeps = rows_written - quarantine_rows - duplicate_rows."
        ),
        "kinds": FAULT_KIND_DESCRIPTIONS,
        "tables": {table: tallies[table].as_json() for table in TABLE_COLUMNS},
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def write_story_key(accounts: list[AccountPlan], path: Path) -> None:
    """Write account_stories.json: the story behind each account, as an answer key for tests."""
    stories: dict[str, list[str]] = {story: [] for story in STORY_WEIGHTS}
    for account in accounts:
        stories[account.story].append(account.account_id)
    document = {
        "how_to_read": (
            "The story the generator gave each account. Models never read this file; tests use it to find "
            "accounts whose data must show a known pattern (for example churned accounts stop using the product)."
        ),
        "stories": stories,
    }
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


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


def generate(config: GeneratorConfig) -> list[TableResult]:
    """Generate the whole dataset into `config.out_dir` and return the written files."""
    config.validate()
    timeline = Timeline(config.end_date, config.days)

    with tempfile.TemporaryDirectory(prefix="advocacy-generate-") as temp_name:
        work_dir = Path(temp_name)

        started = time.perf_counter()
        accounts = AccountPlanner(config, timeline).plan_all()
        LOGGER.info("planned %d accounts in %.1f s", len(accounts), time.perf_counter() - started)

        started = time.perf_counter()
        writer = SparseTableWriter(config, timeline, work_dir)
        for account in accounts:
            writer.write_account(account)
        writer.write_new_business(random.Random(f"{config.seed}/new_business"))
        tallies = writer.close()
        write_parameter_files(accounts, work_dir, timeline)
        write_plan_features(work_dir, timeline)
        LOGGER.info("wrote sparse tables in %.1f s", time.perf_counter() - started)
        config.out_dir.mkdir(parents=True, exist_ok=True)
        write_story_key(accounts, config.out_dir / "account_stories.json")
        del accounts

        duckdb_config = {"memory_limit": config.memory_limit, "temp_directory": str(work_dir / "duckdb_spill")}
        if config.threads:
            duckdb_config["threads"] = config.threads
        con = duckdb.connect(config=duckdb_config)
        try:
            parameter_tables = {
                "account_params": ACCOUNT_PARAM_COLUMNS,
                "contact_params": CONTACT_PARAM_COLUMNS,
                "plan_features": {"plan": "VARCHAR", "feature_key": "VARCHAR", "feature_index": "INTEGER", "is_key": "BOOLEAN"},
            }
            for name, columns in parameter_tables.items():
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM {read_csv_sql(work_dir / f'{name}.csv', columns)}")
            daily = DailyTableBuilder(con, timeline, config.seed)
            daily.create_views()
            results = write_outputs(con, config, work_dir, tallies, daily)
        finally:
            con.close()

    write_fault_manifest(config, tallies, config.out_dir / "injected_faults.json")
    if config.output_format == "csv":
        write_seed_properties(config.out_dir / "_sample__seeds.yml")
    return results


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------


def parse_arguments(argv: list[str] | None) -> GeneratorConfig:
    parser = argparse.ArgumentParser(
        prog="advocacy-generate",
        description="Write the raw sample dataset (one file per contract table) deterministically from a seed.",
    )
    parser.add_argument("--accounts", type=int, default=300, help="number of customer accounts (default 300)")
    parser.add_argument(
        "--days", type=int, default=456, help=f"length of the window in days, at least {MIN_DAYS} (default 456)"
    )
    parser.add_argument(
        "--end-date", type=date.fromisoformat, default=date(2026, 11, 30),
        help="last day of the window, YYYY-MM-DD (default 2026-11-30)",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--format", dest="output_format", choices=("csv", "parquet"), default="csv", help="output format (default csv)"
    )
    parser.add_argument("--out", type=Path, default=Path("seeds/sample"), help="output folder (default seeds/sample)")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit, for example 4GB (default 4GB)")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    arguments = parser.parse_args(argv)
    return GeneratorConfig(
        accounts=arguments.accounts,
        days=arguments.days,
        end_date=arguments.end_date,
        seed=arguments.seed,
        output_format=arguments.output_format,
        out_dir=arguments.out,
        memory_limit=arguments.memory_limit,
        threads=arguments.threads,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line and print one line per written file."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    config = parse_arguments(argv)
    try:
        config.validate()
    except ValueError as error:
        print(f"advocacy-generate: {error}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    results = generate(config)
    elapsed = time.perf_counter() - started
    for result in results:
        print(f"{result.path}\t{result.rows}\t{result.size_bytes}")
    total_bytes = sum(result.size_bytes for result in results)
    total_rows = sum(result.rows for result in results)
    print(f"total\t{total_rows}\t{total_bytes}\t{elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
