"""Shared fixtures: run dbt into throw-away DuckDB files so tests never touch warehouse/."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from .postgres_server import PostgresServer, PostgresSettings, PostgresUnavailableError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")

# Column that dates each row of a raw table, for tests that cut the data at a day: a row dated after the
# cut did not exist yet. product_plan_key_features (configuration) and success_milestones (planned ahead)
# have none, so they keep every row.
RAW_ROW_DATES = {
    "crm_accounts": "created_at",
    "crm_contacts": "created_at",
    "crm_csm_sentiment": "recorded_at",
    "crm_stakeholder_engagements": "scheduled_at",
    "crm_opportunities": "created_date",
    "crm_opportunity_references": "requested_at",
    "product_usage_daily": "usage_date",
    "product_feature_usage_daily": "usage_date",
    "product_user_activity_daily": "activity_date",
    "support_tickets": "created_at",
    "surveys_responses": "responded_at",
    "billing_subscription_events": "occurred_at",
    "community_intent_activities": "occurred_at",
    "advocacy_invitations": "invited_at",
    "advocacy_responses": "responded_at",
    "advocacy_completions": "completed_at",
    "advocacy_consent_records": "recorded_at",
}


# Lines that Spark's JVM writes to the same output as dbt: warning and info records ("26/12/05 02:10:03 WARN ...")
# and stage progress bars ("[Stage 1438:=>(1 + 1) / 2]").
ENGINE_NOISE = re.compile(r"^\s*(\d{2}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} (WARN|INFO)|\[Stage \d+)")


@dataclass
class DbtResult:
    """Outcome of one dbt command."""

    args: list[str]
    returncode: int
    output: str

    def assert_success(self) -> None:
        assert self.returncode == 0, f"dbt {' '.join(self.args)} failed:\n{self.dbt_lines()[-6000:]}"

    def dbt_lines(self) -> str:
        """The output without the lines Spark writes on its own (log records and stage progress bars).

        On Spark those lines fill the tail of the output and push dbt's error summary out of view.
        """
        dbt_output = [line for line in self.output.splitlines() if not ENGINE_NOISE.search(line) and line.strip()]
        return "\n".join(dbt_output)


def run_dbt(args: list[str], database: Path, work_dir: Path, extra_env: dict[str, str] | None = None) -> DbtResult:
    """Run dbt with the project's profiles against the DuckDB file `database`.

    Each call gets its own target and log folders under `work_dir`, so parallel or repeated builds
    do not overwrite each other's artifacts.
    """
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_ROOT / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ADVOCACY_DUCKDB_PATH": str(database),
        **(extra_env or {}),
    }
    command = [
        str(DBT),
        *args,
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    completed = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtResult(args=args, returncode=completed.returncode, output=completed.stdout + completed.stderr)


@dataclass
class Build:
    """A finished `dbt build` on the sample data."""

    database: Path
    work_dir: Path
    result: DbtResult

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.execute(sql).fetchall()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build every seed, model and test on the bundled sample data once per test session."""
    work_dir = tmp_path_factory.mktemp("sample_build")
    database = work_dir / "advocacy.duckdb"
    result = run_dbt(["build"], database, work_dir)
    result.assert_success()
    return Build(database=database, work_dir=work_dir, result=result)


def _raise_keyboard_interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt(f"received signal {signal.Signals(signal_number).name}")


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[PostgresSettings]:
    """Start a throw-away PostgreSQL server on 127.0.0.1 for the test session and yield its settings.

    The finalizer stops the server and deletes its folder after the session, after a failed start,
    and after Ctrl-C. SIGTERM is turned into KeyboardInterrupt while the server runs, so a terminated
    pytest also runs the finalizer. A missing PostgreSQL fails the tests with the package to install.
    """
    server = PostgresServer()
    request.addfinalizer(server.stop)

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        request.addfinalizer(lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL))

    try:
        settings = server.start()
    except PostgresUnavailableError as error:
        unavailable_message = str(error)
    else:
        unavailable_message = None

    # Fail outside the except block, so the report shows the message alone, without a traceback.
    if unavailable_message is not None:
        pytest.fail(unavailable_message, pytrace=False)
    yield settings
