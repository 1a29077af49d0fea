"""Incremental runs of fct_account_health_daily and the other models that replace whole days give the same
rows as a full refresh.

The builds read "your own warehouse" (use_sample_data: false) from a `landing` schema holding the sample
tables cut at a day, so the test can add the next days and run dbt again as a daily schedule would.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from .conftest import RAW_ROW_DATES, DbtResult, run_dbt

FIRST_RUN_CUTOFF = date(2026, 11, 20)
SECOND_RUN_CUTOFF = date(2026, 11, 25)
# A churn event dated inside the look-back of the second run that arrives only after the first run.
LATE_CHURN_DATE = date(2026, 11, 18)

# The health mart, the account gates that read it, and every model they depend on. The other marts are not
# needed to compare them.
HEALTH_SELECTION = "+fct_account_health_daily +int_advocacy__account_gates_daily"
LANDING_VARS = '{"use_sample_data": false, "raw_schema": "landing"}'
HEALTH_TABLE = "main_marts.fct_account_health_daily"
KEY_COLUMNS = ("account_id", "score_date")
# Intermediate models that replace whole days as the mart does, with their key columns.
INCREMENTAL_DAY_MODELS = {
    "int_health__account_measures": KEY_COLUMNS,
    "int_health__measure_scores": KEY_COLUMNS,
    "int_health__account_scores": KEY_COLUMNS,
    "int_persona__account_health": KEY_COLUMNS,
    "int_advocacy__score_gates_daily": ("account_id", "gate_date"),
    "int_advocacy__risk_gates_daily": ("account_id", "gate_date"),
    "int_advocacy__contact_gates_daily": ("contact_id", "gate_date"),
    "int_advocacy__relationship_gates_daily": ("account_id", "gate_date"),
    "int_advocacy__account_gates_daily": ("account_id", "gate_date"),
}

# Fields that a source fills in later on an existing row, each with the SQL assignments that reset the row
# to how it was before that day. A ticket's CSAT rating is given once it is solved, so it goes with the
# resolution.
# NOTE: opportunity stage and close fields are not rolled back; no health model reads opportunities.
LATER_FIELDS = {
    "support_tickets": [
        ("first_responded_at", "first_responded_at = null"),
        ("resolved_at", "resolved_at = null, csat_score = null, status = 'open'"),
        ("escalated_at", "escalated_at = null, is_escalated = false"),
    ],
    "success_milestones": [
        ("achieved_date", "achieved_date = null, is_outcome_verified = false"),
    ],
    "crm_opportunity_references": [
        ("used_at", "used_at = null"),
    ],
}


def utc_day(column: str) -> str:
    """Return SQL for the UTC day of a raw date or ISO 8601 text column, or null when the text does not parse.

    The connection must use the UTC time zone, so text without an offset is read as UTC, as staging does.
    """
    return f"cast(timezone('UTC', try_cast({column} as timestamptz)) as date)"


def keep_sample_copy(database: Path) -> None:
    """Move the seeded sample tables of `database` to schema `full_sample`, dropping the seed schema.

    With main_raw gone, a build can only read the tables the test writes into `landing`.
    """
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema full_sample")
        for table in raw_tables(connection, "main_raw"):
            connection.execute(f"create table full_sample.{table} as select * from main_raw.{table}")
        connection.execute("drop schema main_raw cascade")


def raw_tables(connection: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ? order by table_name", [schema]
    ).fetchall()
    return [row[0] for row in rows]


def dated_after(column: str) -> str:
    """Return an SQL condition that `column` is dated after the cutoff (a ? parameter) but not after today.

    A value dated after today is a fault that staging quarantines. It stays as it is, so both builds
    quarantine its row. Resetting it would turn the quarantined row into a valid one.
    """
    return f"{utc_day(column)} > ? and {utc_day(column)} <= current_date"


def load_landing_until(database: Path, cutoff: date) -> None:
    """Replace schema `landing` with the sample data as the sources held it at the end of `cutoff` (UTC).

    Rows dated later are removed, and fields filled in later are reset. Rows whose date does not parse
    are kept: staging quarantines them either way.
    """
    with duckdb.connect(str(database)) as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute("create schema if not exists landing")
        tables = raw_tables(connection, "full_sample")
        unknown = sorted(set(RAW_ROW_DATES) - set(tables))
        assert not unknown, f"RAW_ROW_DATES names tables that the sample data lacks: {unknown}"

        for table in tables:
            connection.execute(f"create or replace table landing.{table} as select * from full_sample.{table}")
            if table in RAW_ROW_DATES:
                connection.execute(f"delete from landing.{table} where {dated_after(RAW_ROW_DATES[table])}", [cutoff])
            for column, assignments in LATER_FIELDS.get(table, []):
                connection.execute(f"update landing.{table} set {assignments} where {dated_after(column)}", [cutoff])


def add_late_churn(database: Path) -> str:
    """Insert a churn event dated LATE_CHURN_DATE for the first account that has none, and return its id."""
    with duckdb.connect(str(database)) as connection:
        account_id = connection.execute(
            "select account_id from landing.crm_accounts where account_id not in ("
            "  select account_id from landing.billing_subscription_events"
            "  where event_type = 'churn' and account_id is not null"
            ") and account_id is not null order by account_id limit 1"
        ).fetchone()[0]
        connection.execute(
            "insert into landing.billing_subscription_events (event_id, account_id, event_type, occurred_at,"
            " arr_change, _loaded_at) values ('late-churn-1', ?, 'churn', ?, -1000.00, ?)",
            [account_id, f"{LATE_CHURN_DATE.isoformat()} 12:00:00", FIRST_RUN_CUTOFF + timedelta(days=1)],
        )
    return account_id


def build_health(
    database: Path,
    work_dir: Path,
    *extra_args: str,
    selection: str = HEALTH_SELECTION,
    dbt_vars: str = LANDING_VARS,
) -> DbtResult:
    """Build `selection` with the data tests whose parents are all selected; unit tests run elsewhere."""
    command = [
        "build",
        "--select", selection,
        "--indirect-selection", "cautious",
        "--exclude-resource-type", "unit_test",
        "--vars", dbt_vars,
        *extra_args,
    ]
    return run_dbt(command, database, work_dir)


def fetch_health_rows(
    database: Path, where: str = "true", table: str = HEALTH_TABLE, key_columns: tuple[str, ...] = KEY_COLUMNS
) -> tuple[list[str], dict[tuple, tuple]]:
    """Return the column names of `table` (the daily health mart by default) and its rows keyed by
    `key_columns`."""
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(f"select * from {table} where {where}")
        columns = [description[0] for description in cursor.description]
        rows = cursor.fetchall()
    key_positions = [columns.index(name) for name in key_columns]
    keyed = {tuple(row[position] for position in key_positions): row for row in rows}
    assert len(keyed) == len(rows), f"{table} in {database} has duplicate {key_columns} keys"
    return columns, keyed


def fetch_day_model_rows(database: Path) -> dict[str, tuple[list[str], dict[tuple, tuple]]]:
    """Return the columns and keyed rows of every model in INCREMENTAL_DAY_MODELS."""
    return {
        model: fetch_health_rows(database, table=f"main_intermediate.{model}", key_columns=key_columns)
        for model, key_columns in INCREMENTAL_DAY_MODELS.items()
    }


def is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def values_match(actual: object, expected: object) -> bool:
    """Compare two cell values: numbers within 1e-9 relative (or 1e-9 absolute near zero), others exactly.

    Scores are in points from 0 to 100, so 1e-9 absolute only forgives float rounding around zero.
    """
    if is_number(actual) and is_number(expected):
        return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-9)
    return actual == expected


def differing_cells(
    columns: list[str], actual: dict[tuple, tuple], expected: dict[tuple, tuple], limit: int = 10
) -> list[str]:
    """List up to `limit` cells that differ between two keyed row sets, for an assertion message."""
    differences = []
    for key in sorted(set(actual) & set(expected)):
        for column, actual_value, expected_value in zip(columns, actual[key], expected[key], strict=True):
            if not values_match(actual_value, expected_value):
                differences.append(f"{key} {column}: {actual_value!r} != {expected_value!r}")
                if len(differences) == limit:
                    return differences
    return differences


def describe_key_difference(actual: dict[tuple, tuple], expected: dict[tuple, tuple]) -> str:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    return f"{len(missing)} rows missing, e.g. {missing[:5]}; {len(extra)} rows extra, e.g. {extra[:5]}"


@dataclass
class IncrementalBuilds:
    """The daily mart after each run, and the full refresh of the final data to compare with."""

    columns: list[str]
    first_run: dict[tuple, tuple]
    second_run: dict[tuple, tuple]
    second_run_sql: str
    full_refresh: dict[tuple, tuple]
    full_refresh_columns: list[str]
    rerun: dict[tuple, tuple]
    late_churn_account: str
    # Per model of INCREMENTAL_DAY_MODELS: its columns and rows after the second run, and after the full refresh.
    day_models_second_run: dict[str, tuple[list[str], dict[tuple, tuple]]]
    day_models_full_refresh: dict[str, tuple[list[str], dict[tuple, tuple]]]
    day_models_second_run_sql: dict[str, str]


@pytest.fixture(scope="module")
def incremental_builds(tmp_path_factory: pytest.TempPathFactory) -> IncrementalBuilds:
    work_dir = tmp_path_factory.mktemp("incremental")
    daily = work_dir / "daily.duckdb"
    run_dbt(["seed"], daily, work_dir / "seed").assert_success()
    keep_sample_copy(daily)

    load_landing_until(daily, FIRST_RUN_CUTOFF)
    build_health(daily, work_dir / "first_run").assert_success()
    columns, first_run = fetch_health_rows(daily)

    load_landing_until(daily, SECOND_RUN_CUTOFF)
    late_churn_account = add_late_churn(daily)
    refreshed = work_dir / "full_refresh.duckdb"
    shutil.copyfile(daily, refreshed)

    build_health(daily, work_dir / "second_run").assert_success()
    _, second_run = fetch_health_rows(daily)
    second_run_sql = next((work_dir / "second_run" / "target" / "run").rglob("fct_account_health_daily.sql")).read_text()
    day_models_second_run = fetch_day_model_rows(daily)
    day_models_second_run_sql = {
        model: next((work_dir / "second_run" / "target" / "run").rglob(f"{model}.sql")).read_text()
        for model in INCREMENTAL_DAY_MODELS
    }

    build_health(refreshed, work_dir / "full_refresh", "--full-refresh").assert_success()
    full_refresh_columns, full_refresh = fetch_health_rows(refreshed)
    day_models_full_refresh = fetch_day_model_rows(refreshed)

    # No new data: only the mart runs, its parents are unchanged.
    build_health(daily, work_dir / "rerun", selection="fct_account_health_daily").assert_success()
    _, rerun = fetch_health_rows(daily)

    return IncrementalBuilds(
        columns=columns,
        first_run=first_run,
        second_run=second_run,
        second_run_sql=second_run_sql,
        full_refresh=full_refresh,
        full_refresh_columns=full_refresh_columns,
        rerun=rerun,
        late_churn_account=late_churn_account,
        day_models_second_run=day_models_second_run,
        day_models_full_refresh=day_models_full_refresh,
        day_models_second_run_sql=day_models_second_run_sql,
    )


def test_first_run_ends_at_cutoff(incremental_builds: IncrementalBuilds) -> None:
    last_day = max(score_date for _, score_date in incremental_builds.first_run)
    assert last_day == FIRST_RUN_CUTOFF, "the landing data was not cut at the first cutoff"


def test_second_run_adds_new_days(incremental_builds: IncrementalBuilds) -> None:
    last_day = max(score_date for _, score_date in incremental_builds.second_run)
    assert last_day == SECOND_RUN_CUTOFF


def test_second_run_is_incremental(incremental_builds: IncrementalBuilds) -> None:
    # delete+insert into the existing table, not a rebuild from scratch.
    assert "insert into" in incremental_builds.second_run_sql.lower(), incremental_builds.second_run_sql[:2000]


def test_late_churn_ends_account_days(incremental_builds: IncrementalBuilds) -> None:
    account_days = [
        score_date for account_id, score_date in incremental_builds.second_run
        if account_id == incremental_builds.late_churn_account
    ]
    assert account_days, f"{incremental_builds.late_churn_account} has no scored days"
    assert max(account_days) == LATE_CHURN_DATE, "days after a churn that arrived late were kept"


def test_incremental_keys_match_full_refresh(incremental_builds: IncrementalBuilds) -> None:
    actual, expected = incremental_builds.second_run, incremental_builds.full_refresh
    assert set(actual) == set(expected), describe_key_difference(actual, expected)


def test_incremental_columns_match_full_refresh(incremental_builds: IncrementalBuilds) -> None:
    assert incremental_builds.columns == incremental_builds.full_refresh_columns


def test_incremental_values_match_full_refresh(incremental_builds: IncrementalBuilds) -> None:
    differences = differing_cells(
        incremental_builds.columns, incremental_builds.second_run, incremental_builds.full_refresh
    )
    assert differences == [], "incremental run differs from the full refresh:\n" + "\n".join(differences)


@pytest.mark.parametrize("model", INCREMENTAL_DAY_MODELS)
def test_day_model_run_is_incremental(incremental_builds: IncrementalBuilds, model: str) -> None:
    sql = incremental_builds.day_models_second_run_sql[model]
    assert "insert into" in sql.lower(), sql[:2000]


@pytest.mark.parametrize("model", INCREMENTAL_DAY_MODELS)
def test_day_model_matches_full_refresh(incremental_builds: IncrementalBuilds, model: str) -> None:
    columns, actual = incremental_builds.day_models_second_run[model]
    expected_columns, expected = incremental_builds.day_models_full_refresh[model]
    assert columns == expected_columns
    assert set(actual) == set(expected), describe_key_difference(actual, expected)
    differences = differing_cells(columns, actual, expected)
    assert differences == [], f"incremental {model} differs from the full refresh:\n" + "\n".join(differences)


def test_rerun_keeps_keys(incremental_builds: IncrementalBuilds) -> None:
    actual, expected = incremental_builds.rerun, incremental_builds.second_run
    assert set(actual) == set(expected), describe_key_difference(actual, expected)


def test_rerun_keeps_values(incremental_builds: IncrementalBuilds) -> None:
    differences = differing_cells(incremental_builds.columns, incremental_builds.rerun, incremental_builds.second_run)
    assert differences == [], "a run without new data changed rows:\n" + "\n".join(differences)
