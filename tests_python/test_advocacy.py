"""Advocacy on the sample data: routed asks pass every gate, caps hold, CRM tasks are stable and never lost.

Checks that re-run dbt work on a copy of the sample build, change the data there (an invitation sent, an
exclusion added) and run only the advocacy models again, as the daily schedule would after the change. The
point-in-time check builds the project twice: once on all sample data for a past as-of date, once on the
sample data cut after that date.
"""

from __future__ import annotations

import json
import math
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from advocacy_tools.summary import summarize_advocacy

from .conftest import RAW_ROW_DATES, Build, DbtResult, run_dbt

# The defaults in dbt_project.yml that these checks rely on.
CAP_PER_CONTACT = 2
CAP_PER_ACCOUNT = 2
CAP_WINDOW_DAYS = 91

ADVOCACY_SELECTION = ["intermediate.advocacy", "marts.advocacy"]
ELIGIBILITY = "main_marts.fct_advocacy_eligibility"
ROUTING = "main_marts.fct_advocacy_routing"
TASKS = "main_marts.fct_crm_task_queue"

POINT_IN_TIME_DATE = date(2026, 9, 30)

# Fields a source fills in later on an existing row, and the values the row held before that.
RAW_LATER_FIELDS = {
    "support_tickets": [
        ("first_responded_at", "first_responded_at = null"),
        ("resolved_at", "resolved_at = null, csat_score = null, status = 'open'"),
        ("escalated_at", "escalated_at = null, is_escalated = false"),
    ],
    "success_milestones": [("achieved_date", "achieved_date = null, is_outcome_verified = false")],
    "crm_opportunity_references": [("used_at", "used_at = null")],
}


def query(database: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def as_of_date(database: Path) -> date:
    return query(database, "select as_of_date from main_intermediate.int_health__scoring_period")[0][0]


def run_advocacy_models(database: Path, work_dir: Path) -> DbtResult:
    """Run only the advocacy models (their parents are already built in `database`)."""
    return run_dbt(["run", "--select", *ADVOCACY_SELECTION], database, work_dir)


def copy_build(build: Build, target: Path) -> Path:
    shutil.copyfile(build.database, target)
    return target


def open_tasks(database: Path) -> dict[str, tuple]:
    """Return the open tasks keyed by task_id: (natural key, type, account, contact, program)."""
    rows = query(
        database,
        f"select task_id, task_natural_key, task_type, account_id, contact_id, program from {TASKS}"
        " where status = 'open'",
    )
    return {row[0]: row[1:] for row in rows}


def cap_violations(database: Path) -> list[str]:
    """List contacts and accounts whose invitations in the cap window plus open ask tasks exceed their cap.

    Open ask tasks are the routed asks of every run so far that the CRM has not sent yet.
    """
    as_of = as_of_date(database)
    window_start = as_of - timedelta(days=CAP_WINDOW_DAYS - 1)
    violations = []
    for key_column, cap in (("contact_id", CAP_PER_CONTACT), ("account_id", CAP_PER_ACCOUNT)):
        rows = query(
            database,
            f"""
            with asks as (
                select {key_column} as asked
                from main_staging.stg_advocacy__invitations
                where cast(invited_at as date) between ? and ?
                union all
                select {key_column} as asked from {TASKS} where status = 'open' and task_type = 'advocacy_ask'
            )
            select asked, count(*) from asks group by asked having count(*) > ?
            """,
            [window_start, as_of, cap],
        )
        violations.extend(f"{key_column} {asked}: {asks} asks (cap {cap})" for asked, asks in rows)
    return violations


def test_sample_shortlist_is_not_empty(sample_build: Build) -> None:
    routed = sample_build.query(f"select count(*), count(distinct account_id) from {ROUTING}")[0]
    assert routed[0] > 0, "no ask was routed on the sample data"
    assert routed[1] > 1


def test_open_p1_account_never_routed(sample_build: Build) -> None:
    as_of = as_of_date(sample_build.database)
    blocked = {
        account_id
        for (account_id,) in sample_build.query(
            f"""
            select distinct account_id
            from main_staging.stg_support__tickets
            where (priority = 'p1' or is_escalated)
                and cast(created_at as date) <= date '{as_of}'
                and (resolved_at is null or cast(resolved_at as date) > date '{as_of}')
            """
        )
    }
    assert blocked, "the sample data has no open P1 ticket or escalation on the as-of date"
    routed = {account_id for (account_id,) in sample_build.query(f"select account_id from {ROUTING}")}
    assert routed.isdisjoint(blocked)

    support_gate = dict(
        sample_build.query(f"select account_id, passes_support_gate from {ELIGIBILITY}")
    )
    assert all(support_gate[account_id] is False for account_id in blocked if account_id in support_gate)


def consent_in_force(build: Build, contact_id: str, program: str, day: date) -> str | None:
    """Return the status of the latest consent record for the program or all programs recorded by `day`."""
    rows = build.query(
        f"""
        select consent_status
        from main_staging.stg_advocacy__consent_records
        where contact_id = '{contact_id}'
            and consent_scope in ('all_programs', '{program}')
            and cast(recorded_at as date) <= date '{day}'
        order by recorded_at desc, consent_id desc
        limit 1
        """
    )
    return rows[0][0] if rows else None


def test_unconsented_contact_never_routed(sample_build: Build) -> None:
    as_of = as_of_date(sample_build.database)
    routed = sample_build.query(f"select contact_id, program from {ROUTING}")
    for contact_id, program in routed:
        assert consent_in_force(sample_build, contact_id, program, as_of) == "granted", (contact_id, program)

    # Routed accounts have contacts without consent for the routed program: the check above is not vacuous.
    unconsented = sample_build.query(
        f"""
        select count(*)
        from {ROUTING} as routing
        inner join main_marts.dim_contacts as contacts on routing.account_id = contacts.account_id
        where contacts.contact_id <> routing.contact_id
        """
    )[0][0]
    assert unconsented > 0


def test_routed_asks_pass_every_gate(sample_build: Build) -> None:
    gate_columns = [
        name
        for (name,) in sample_build.query(
            "select column_name from information_schema.columns"
            " where table_schema = 'main_marts' and table_name = 'fct_advocacy_eligibility'"
            " and column_name like 'passes_%_gate'"
        )
    ]
    assert len(gate_columns) == 15
    failing = sample_build.query(
        f"""
        select routing.account_id, routing.program, eligibility.failed_gates
        from {ROUTING} as routing
        inner join {ELIGIBILITY} as eligibility on routing.account_id = eligibility.account_id
        where not ({" and ".join(f"eligibility.{column}" for column in gate_columns)})
        """
    )
    assert failing == []

    contacts = sample_build.query(
        f"""
        select routing.contact_id, gates.is_within_contact_cap, gates.is_resting, gates.has_consent
        from {ROUTING} as routing
        left join main_intermediate.int_advocacy__contact_gates_daily as gates
            on routing.contact_id = gates.contact_id and routing.as_of_date = gates.gate_date
        """
    )
    for contact_id, within_cap, resting, has_consent in contacts:
        assert within_cap is True, contact_id
        assert resting is False, contact_id
        assert has_consent is True, contact_id


def test_routed_asks_stay_within_caps(sample_build: Build) -> None:
    assert cap_violations(sample_build.database) == []


def test_eligibility_lists_every_failed_gate(sample_build: Build) -> None:
    rows = sample_build.query(f"select failed_gates, failed_gate_count, is_eligible from {ELIGIBILITY}")
    for failed_gates, failed_gate_count, is_eligible in rows:
        listed = 0 if failed_gates is None else len(failed_gates.split("; "))
        assert listed == failed_gate_count, failed_gates
        assert is_eligible == (failed_gate_count == 0)
    assert any(count >= 2 for _, count, _ in rows), "no account fails two gates at once"


def test_summary_shows_shortlist_and_gates(sample_build: Build) -> None:
    with duckdb.connect(str(sample_build.database), read_only=True) as connection:
        summary = summarize_advocacy(connection)
    assert "Advocate shortlist" in summary
    assert "persistence" in summary
    assert "@" not in summary


@dataclass
class Rerun:
    """A copy of the sample build, its open tasks before and after running the advocacy models again."""

    database: Path
    work_dir: Path
    tasks_before: dict[str, tuple]
    tasks_after: dict[str, tuple]
    rows_before: int
    rows_after: int


@pytest.fixture(scope="module")
def rerun(sample_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Rerun:
    work_dir = tmp_path_factory.mktemp("advocacy_rerun")
    database = copy_build(sample_build, work_dir / "rerun.duckdb")
    tasks_before = open_tasks(database)
    rows_before = query(database, f"select count(*) from {TASKS}")[0][0]
    run_advocacy_models(database, work_dir / "second_run").assert_success()
    return Rerun(
        database=database,
        work_dir=work_dir,
        tasks_before=tasks_before,
        tasks_after=open_tasks(database),
        rows_before=rows_before,
        rows_after=query(database, f"select count(*) from {TASKS}")[0][0],
    )


def test_task_ids_stable_across_runs(rerun: Rerun) -> None:
    assert rerun.tasks_before, "the first run opened no task"
    assert rerun.tasks_after == rerun.tasks_before


def test_rerun_creates_no_duplicate_tasks(rerun: Rerun) -> None:
    assert rerun.rows_after == rerun.rows_before
    duplicates = query(
        rerun.database,
        f"select task_natural_key from {TASKS} where status = 'open' group by task_natural_key having count(*) > 1",
    )
    assert duplicates == []


def test_caps_hold_on_rerun(rerun: Rerun) -> None:
    assert cap_violations(rerun.database) == []
    routed = set(query(rerun.database, f"select account_id, contact_id, program from {ROUTING}"))
    open_asks = {task[2:] for task in rerun.tasks_after.values() if task[1] == "advocacy_ask"}
    assert open_asks == routed


def test_caps_hold_after_routed_asks_are_sent(rerun: Rerun, tmp_path: Path) -> None:
    """Record every routed ask as an invitation, run again: the sent asks count toward the caps."""
    database = tmp_path / "sent.duckdb"
    shutil.copyfile(rerun.database, database)
    routed = query(database, f"select account_id, contact_id, program, as_of_date from {ROUTING}")
    assert routed
    ask_tasks = query(database, f"select task_id from {TASKS} where status = 'open' and task_type = 'advocacy_ask'")

    with duckdb.connect(str(database)) as connection:
        for number, (account_id, contact_id, program, as_of) in enumerate(routed, start=1):
            connection.execute(
                "insert into main_staging.stg_advocacy__invitations"
                " (invitation_id, account_id, contact_id, program, invited_at, invited_by, loaded_at)"
                " values (?, ?, ?, ?, ?, 'csm_test', ?)",
                [f"sent_{number}", account_id, contact_id, program, f"{as_of} 12:00:00", f"{as_of} 13:00:00"],
            )

    run_advocacy_models(database, tmp_path).assert_success()

    assert cap_violations(database) == []
    closed = dict(query(database, f"select task_id, close_reason from {TASKS} where status = 'closed'"))
    for (task_id,) in ask_tasks:
        assert closed.get(task_id) == "invitation sent", task_id


def test_task_closed_when_account_excluded(sample_build: Build, tmp_path: Path) -> None:
    database = copy_build(sample_build, tmp_path / "excluded.duckdb")
    as_of = as_of_date(database)
    account_id, task_id = query(
        database,
        f"select account_id, task_id from {TASKS} where status = 'open' and task_type = 'advocacy_ask'"
        " order by priority_rank limit 1",
    )[0]
    rows_before = query(database, f"select count(*) from {TASKS}")[0][0]

    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "insert into main_config.advocacy_exclusions (account_id, reason, excluded_from, excluded_until, noted_by)"
            " values (?, 'legal_hold', ?, null, 'legal_test')",
            [account_id, as_of],
        )

    run_advocacy_models(database, tmp_path).assert_success()

    status, closed_on, close_reason = query(
        database, f"select status, closed_on, close_reason from {TASKS} where task_id = ?", [task_id]
    )[0]
    assert status == "closed"
    assert closed_on == as_of
    assert "exclusion: excluded indefinitely: legal_hold" in close_reason
    assert query(database, f"select count(*) from {TASKS}")[0][0] == rows_before
    assert query(database, f"select count(*) from {ROUTING} where account_id = ?", [account_id])[0][0] == 0


# ---- Point in time ------------------------------------------------------------------------------------


def utc_day(column: str) -> str:
    """SQL for the UTC day of a raw date or ISO 8601 text column; null when it does not parse (UTC session)."""
    return f"cast(timezone('UTC', try_cast({column} as timestamptz)) as date)"


def cut_landing_after(database: Path, cut_day: date) -> None:
    """Move the seeded sample tables to schema `landing` as the sources held them at the end of `cut_day`.

    Only dates up to today are rolled back: a date later than that is an injected fault (a year such as
    2099), which staging quarantines in both builds, and resetting it would turn a faulty row into a good one.
    """
    with duckdb.connect(str(database)) as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute("create schema landing")
        tables = [
            table
            for (table,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'main_raw'"
            ).fetchall()
        ]
        assert set(RAW_ROW_DATES) <= set(tables), sorted(set(RAW_ROW_DATES) - set(tables))
        for table in tables:
            connection.execute(f"create table landing.{table} as select * from main_raw.{table}")
            if table in RAW_ROW_DATES:
                connection.execute(
                    f"delete from landing.{table} where {utc_day(RAW_ROW_DATES[table])} between ? and current_date",
                    [cut_day + timedelta(days=1)],
                )
            for column, assignments in RAW_LATER_FIELDS.get(table, []):
                connection.execute(
                    f"update landing.{table} set {assignments} where {utc_day(column)} between ? and current_date",
                    [cut_day + timedelta(days=1)],
                )
        connection.execute("drop schema main_raw cascade")


def keyed_rows(database: Path, table: str, key_columns: tuple[str, ...]) -> tuple[list[str], dict[tuple, tuple]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(f"select * from {table}")
        columns = [description[0] for description in cursor.description]
        rows = cursor.fetchall()
    positions = [columns.index(name) for name in key_columns]
    keyed = {tuple(row[position] for position in positions): row for row in rows}
    assert len(keyed) == len(rows), f"duplicate keys in {table}"
    return columns, keyed


def same_value(left: object, right: object) -> bool:
    numbers = (int, float, Decimal)
    if isinstance(left, numbers) and isinstance(right, numbers) and not isinstance(left, bool):
        return math.isclose(float(left), float(right), rel_tol=1e-9, abs_tol=1e-9)
    return left == right


def differences(columns: list[str], actual: dict[tuple, tuple], expected: dict[tuple, tuple]) -> list[str]:
    found = [f"missing {key}" for key in sorted(set(expected) - set(actual))[:5]]
    found += [f"extra {key}" for key in sorted(set(actual) - set(expected))[:5]]
    for key in sorted(set(actual) & set(expected)):
        for column, left, right in zip(columns, actual[key], expected[key], strict=True):
            if not same_value(left, right):
                found.append(f"{key} {column}: {left!r} != {right!r}")
    return found[:20]


@dataclass
class PointInTimeBuilds:
    full_data: Path
    cut_data: Path


@pytest.fixture(scope="module")
def point_in_time_builds(tmp_path_factory: pytest.TempPathFactory) -> PointInTimeBuilds:
    work_dir = tmp_path_factory.mktemp("advocacy_point_in_time")
    seeded = work_dir / "seeded.duckdb"
    run_dbt(["seed"], seeded, work_dir / "seed").assert_success()

    full_data = work_dir / "full_data.duckdb"
    cut_data = work_dir / "cut_data.duckdb"
    shutil.copyfile(seeded, full_data)
    shutil.copyfile(seeded, cut_data)
    cut_landing_after(cut_data, POINT_IN_TIME_DATE)

    selection = ["--select", "+fct_advocacy_eligibility", "+fct_advocacy_routing"]
    as_of = {"as_of_date": POINT_IN_TIME_DATE.isoformat()}
    run_dbt(["run", *selection, "--vars", json.dumps(as_of)], full_data, work_dir / "full").assert_success()
    cut_vars = {**as_of, "use_sample_data": False, "raw_schema": "landing"}
    run_dbt(["run", *selection, "--vars", json.dumps(cut_vars)], cut_data, work_dir / "cut").assert_success()
    return PointInTimeBuilds(full_data=full_data, cut_data=cut_data)


def test_point_in_time_eligibility_matches_cut_data(point_in_time_builds: PointInTimeBuilds) -> None:
    columns, from_full_data = keyed_rows(point_in_time_builds.full_data, ELIGIBILITY, ("account_id",))
    cut_columns, from_cut_data = keyed_rows(point_in_time_builds.cut_data, ELIGIBILITY, ("account_id",))
    assert columns == cut_columns
    assert from_full_data, "eligibility is empty on the point-in-time date"
    assert {row[columns.index("as_of_date")] for row in from_full_data.values()} == {POINT_IN_TIME_DATE}
    assert any(row[columns.index("is_eligible")] for row in from_full_data.values()), "nobody is eligible then"
    assert differences(columns, from_full_data, from_cut_data) == []


def test_point_in_time_daily_gates_match_cut_data(point_in_time_builds: PointInTimeBuilds) -> None:
    table = "main_intermediate.int_advocacy__account_gates_daily"
    columns, from_full_data = keyed_rows(point_in_time_builds.full_data, table, ("account_id", "gate_date"))
    _, from_cut_data = keyed_rows(point_in_time_builds.cut_data, table, ("account_id", "gate_date"))
    assert differences(columns, from_full_data, from_cut_data) == []


def test_point_in_time_routing_matches_cut_data(point_in_time_builds: PointInTimeBuilds) -> None:
    columns, from_full_data = keyed_rows(point_in_time_builds.full_data, ROUTING, ("account_id", "program"))
    _, from_cut_data = keyed_rows(point_in_time_builds.cut_data, ROUTING, ("account_id", "program"))
    assert from_full_data, "no ask was routed on the point-in-time date"
    assert differences(columns, from_full_data, from_cut_data) == []


# ---- Configuration ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "expected_message"),
    [
        (
            {"advocacy_ask_caps": {"per_contact": 0, "per_account": 2, "window_days": 91}},
            "advocacy_ask_caps.per_contact is 0, expected a whole number from 1 to 50",
        ),
        (
            {"advocacy_play_triggers": {"decline_points_30_days": 10, "neutral_stuck_days": 120, "at_risk_stuck_days": 60}},
            "advocacy_play_triggers.decline_points_30_days is 10, expected a negative number",
        ),
        (
            {"advocacy_value_floors": {"smb": {"arr": 5000, "lifetime_value": 10000}, "mid_market": {"arr": -1, "lifetime_value": 0}}},
            "advocacy_value_floors has no floor for segment enterprise",
        ),
        (
            {"advocacy_minimum_sponsor_health": 120},
            "advocacy_minimum_sponsor_health is 120, expected a persona health score from 0 to 100",
        ),
    ],
)
def test_invalid_advocacy_configuration_fails(override: dict, expected_message: str, tmp_path: Path) -> None:
    result = run_dbt(
        ["run", "--select", "int_calendar__days", "--vars", json.dumps(override)], tmp_path / "config.duckdb", tmp_path
    )
    assert result.returncode != 0
    assert expected_message in result.output
