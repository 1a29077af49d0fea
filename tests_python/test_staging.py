"""Staging on the sample data: every raw row is accounted for and personal data stays in staging."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import duckdb

from .conftest import PROJECT_ROOT, Build, run_dbt

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def test_sample_build_has_no_warnings(sample_build: Build) -> None:
    summary = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", sample_build.result.output)
    assert summary is not None, sample_build.result.output[-2000:]
    passed, warned, errored, skipped = (int(value) for value in summary.groups())
    assert passed > 0
    assert warned == 0
    assert errored == 0
    assert skipped == 0


def test_row_counts_conserved_per_table(sample_build: Build) -> None:
    rows = sample_build.query(
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows"
        " from main_staging.stg_quarantine__row_counts"
    )
    assert rows, "stg_quarantine__row_counts is empty"
    for source_table, raw, staged, quarantined, superseded in rows:
        assert raw == staged + quarantined + superseded, source_table
        assert raw > 0, f"{source_table} has no raw rows in the sample data"


def find_email_values(build: Build, schemas: tuple[str, ...]) -> list[tuple]:
    """Return (schema, table, column, value) for every text value in `schemas` that looks like an email."""
    schema_list = ", ".join(f"'{schema}'" for schema in schemas)
    text_columns = build.query(
        f"""
        select table_schema, table_name, column_name
        from information_schema.columns
        where table_schema in ({schema_list}) and data_type = 'VARCHAR'
        """
    )
    found = []
    for schema, table, column in text_columns:
        values = build.query(f'select distinct "{column}" from "{schema}"."{table}" where "{column}" like \'%@%\'')
        found.extend((schema, table, column, value) for (value,) in values if value and EMAIL.search(value))
    return found


def test_no_email_beyond_staging(sample_build: Build) -> None:
    later_schemas = ("main_intermediate", "main_marts")
    tables = sample_build.query(
        f"select count(*) from information_schema.tables where table_schema in {later_schemas}"
    )[0][0]
    assert tables > 0, "no intermediate or mart tables were built"
    assert find_email_values(sample_build, later_schemas) == []


def test_email_scan_finds_staged_contacts(sample_build: Build) -> None:
    # The scanner must find the emails that staging legitimately holds, or the test above proves nothing.
    found = find_email_values(sample_build, ("main_staging",))
    assert any(table == "stg_crm__contacts" and column == "email" for _, table, column, _ in found)


# Rows that staging must quarantine, with the reason it must give. Each is inserted into a copy of the
# sample tables that the build then reads as "your own warehouse" (use_sample_data: false).
BROKEN_ROWS = [
    (
        "support_tickets",
        "insert into landing.support_tickets (ticket_id, account_id, priority, status, created_at,"
        " first_responded_at, first_response_sla_minutes, resolution_sla_hours, is_escalated, _loaded_at)"
        " select 'broken-ticket-1', account_id, 'P1', 'open', '2026-05-01 10:00:00', '2026-05-01 09:00:00',"
        " 60, 24, false, timestamp '2026-05-02 00:00:00' from landing.crm_accounts where account_id is not null"
        " order by account_id limit 1",
        "first_responded_at '2026-05-01 09:00:00' is before",
    ),
    (
        "surveys_responses",
        "insert into landing.surveys_responses (response_id, account_id, survey_type, score, responded_at, _loaded_at)"
        " select 'broken-nps-1', account_id, 'NPS', 11, '2026-05-01 10:00:00', timestamp '2026-05-02 00:00:00'"
        " from landing.crm_accounts where account_id is not null order by account_id limit 1",
        "score '11' is outside 0 to 10",
    ),
    (
        "product_usage_daily",
        "insert into landing.product_usage_daily (account_id, usage_date, active_users, sessions, events, _loaded_at)"
        " values ('account-nobody-knows', date '2026-05-01', 3, 4, 5, timestamp '2026-05-02 00:00:00')",
        "account_id 'account-nobody-knows' is not found",
    ),
    (
        "crm_csm_sentiment",
        "insert into landing.crm_csm_sentiment (sentiment_id, account_id, csm_id, recorded_at, sentiment_score, _loaded_at)"
        " values (null, 'whatever', 'csm', '2026-05-01 10:00:00', 3, timestamp '2026-05-02 00:00:00')",
        "sentiment_id is missing",
    ),
]


def test_broken_rows_are_quarantined_and_counted(tmp_path: Path) -> None:
    database = tmp_path / "own_warehouse.duckdb"
    run_dbt(["seed"], database, tmp_path).assert_success()

    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema landing")
        tables = [row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'main_raw'"
        ).fetchall()]
        for table in tables:
            connection.execute(f"create table landing.{table} as select * from main_raw.{table}")
        # A re-synced copy of one account: same key, later load. It must be counted as superseded.
        connection.execute(
            "insert into landing.crm_accounts select * replace (_loaded_at + interval 1 day as _loaded_at)"
            " from landing.crm_accounts where account_id is not null order by account_id limit 1"
        )
        for _, statement, _ in BROKEN_ROWS:
            connection.execute(statement)
        connection.execute("drop schema main_raw cascade")

    result = run_dbt(
        ["build", "--select", "staging", "--vars", '{"use_sample_data": false, "raw_schema": "landing"}'],
        database,
        tmp_path,
    )
    result.assert_success()

    with duckdb.connect(str(database), read_only=True) as connection:
        counts = connection.execute(
            "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows"
            " from main_staging.stg_quarantine__row_counts"
        ).fetchall()
        reasons = [row[0] for row in connection.execute(
            "select quarantine_reason from main_staging.stg_quarantine__rows"
        ).fetchall()]
        own_accounts = connection.execute("select count(*) from landing.crm_accounts").fetchone()[0]

    for source_table, raw, staged, quarantined, superseded in counts:
        assert raw == staged + quarantined + superseded, source_table

    raw_accounts = {row[0]: row[1] for row in counts}["crm.accounts"]
    assert raw_accounts == own_accounts, "staging did not read the landing schema"

    for table, _, expected_reason in BROKEN_ROWS:
        assert any(expected_reason in reason for reason in reasons), f"{table}: no reason containing {expected_reason!r}"


# Each fault kind the generator injects, and a pattern that staging's reason for it must match.
FAULT_REASON_PATTERNS = {
    "null_key": r"^\w+ is missing$",
    "unknown_account": r"is not found in stg_crm__accounts$",
    "unknown_enum": r"is not one of",
    "future_timestamp": r"is in the future$",
    "before_account_created": r"is before the account creation",
    "negative_amount": r"^(arr|amount|lifetime_value) '.*' is negative$",
    "negative_count": r"^(events|sessions|active_users) '.*' is negative$",
    "out_of_range_score": r"is outside",
    "response_before_created": r"^first_responded_at '.*' is before the ticket creation",
}


def test_quarantine_matches_injected_faults(sample_build: Build) -> None:
    manifest = json.loads((PROJECT_ROOT / "seeds" / "sample" / "injected_faults.json").read_text())["tables"]
    identifiers = {
        source_table: source_table.replace(".", "_")
        for (source_table,) in sample_build.query("select source_table from main_staging.stg_quarantine__row_counts")
    }
    counts = {
        identifiers[source_table]: (raw, quarantined, superseded)
        for source_table, raw, quarantined, superseded in sample_build.query(
            "select source_table, raw_rows, quarantined_rows, superseded_rows from main_staging.stg_quarantine__row_counts"
        )
    }
    found: dict[str, Counter] = {identifier: Counter() for identifier in counts}
    for source_table, reason in sample_build.query(
        "select source_table, quarantine_reason from main_staging.stg_quarantine__rows"
    ):
        kinds = {
            kind
            for part in reason.split("; ")
            for kind, pattern in FAULT_REASON_PATTERNS.items()
            if re.search(pattern, part)
        }
        assert kinds, f"{source_table}: reason matches no injected fault kind: {reason}"
        found[identifiers[source_table]].update(kinds)

    assert set(manifest) == set(counts)
    for table, injected in manifest.items():
        raw, quarantined, superseded = counts[table]
        assert raw == injected["rows_written"], table
        assert quarantined == injected["quarantine_rows"], table
        assert superseded == injected["duplicate_rows"], table
        assert found[table] == Counter(injected["quarantine"]), table
