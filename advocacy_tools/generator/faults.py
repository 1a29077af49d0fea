"""Fault injection for the tables written from Python, and the manifest of what was injected. The module
defines the out-of-contract enum values, the per-table fault counts (``FaultTally``), the schedule and
rates of each treatment, and the per-table rules (``TABLE_SPECS``) with their out-of-range and
stale-version helpers. It also writes ``injected_faults.json``, which describes every fault kind.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from advocacy_tools.generator.config import GeneratorConfig
from advocacy_tools.generator.contract import TABLE_COLUMNS


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
