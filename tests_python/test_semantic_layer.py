"""MetricFlow metrics return the numbers the marts hold, and `dbt docs generate` documents the exposures.

`mf query` reads the semantic manifest from <project>/target/, so the tests parse a copy of the project
in a temporary folder and point MetricFlow at it (DBT_PROJECT_DIR); the working tree's target/ stays
untouched. Queries run on a copy of the session's sample build.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT_ROOT, Build, run_dbt

MF = Path(sys.executable).with_name("mf")
DBT = Path(sys.executable).with_name("dbt")
PROJECT_FILES = ["dbt_project.yml", "models", "macros", "seeds", "tests", "analyses"]


class SemanticLayer:
    """A parsed copy of the project and a copy of the sample database that `mf query` runs on."""

    def __init__(self, project_dir: Path, database: Path, output_dir: Path) -> None:
        self.project_dir = project_dir
        self.database = database
        self.output_dir = output_dir
        self.env = {
            **os.environ,
            "DBT_PROJECT_DIR": str(project_dir),
            "DBT_PROFILES_DIR": str(PROJECT_ROOT / "profiles"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "ADVOCACY_DUCKDB_PATH": str(database),
        }

    def query(self, name: str, arguments: list[str]) -> list[dict[str, str]]:
        """Run `mf query` with `arguments` and return the rows of its CSV output."""
        output = self.output_dir / f"{name}.csv"
        completed = subprocess.run(
            [str(MF), "query", *arguments, "--csv", str(output)],
            cwd=self.project_dir,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, f"mf query {arguments} failed:\n{completed.stdout[-4000:]}{completed.stderr[-4000:]}"
        assert output.exists(), f"mf query {arguments} wrote no CSV file:\n{completed.stdout[-4000:]}"
        with output.open(newline="") as handle:
            return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def semantic_layer(sample_build: Build, tmp_path_factory: pytest.TempPathFactory) -> SemanticLayer:
    work_dir = tmp_path_factory.mktemp("semantic_layer")
    project_dir = work_dir / "project"
    project_dir.mkdir()
    for name in PROJECT_FILES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, project_dir / name)
        else:
            shutil.copy2(source, project_dir / name)
    database = work_dir / "advocacy.duckdb"
    shutil.copyfile(sample_build.database, database)

    layer = SemanticLayer(project_dir, database, work_dir)
    parse = subprocess.run(
        [str(DBT), "parse", "--project-dir", str(project_dir)],
        cwd=project_dir,
        env=layer.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert parse.returncode == 0, f"dbt parse failed:\n{parse.stdout[-4000:]}"
    assert (project_dir / "target" / "semantic_manifest.json").exists()
    return layer


def as_number(value: str) -> float | None:
    return None if value == "" else float(value)


def test_acceptance_metrics_match_ask_ledger(semantic_layer: SemanticLayer, sample_build: Build) -> None:
    rows = semantic_layer.query(
        "acceptance",
        ["--metrics", "invitations,accepted_invitations,acceptance_rate,compliance_incidents", "--group-by", "invitation__program"],
    )
    metrics = {row["invitation__program"]: row for row in rows}
    expected = sample_build.query(
        """
        select
            program,
            count(*),
            count(*) filter (where response = 'accepted'),
            count(*) filter (where response = 'accepted') / count(*),
            count(*) filter (where is_compliance_incident)
        from main_marts.fct_advocacy_ask_ledger
        group by program
        """
    )

    assert set(metrics) == {program for program, *_ in expected}
    for program, invitations, accepted, acceptance_rate, incidents in expected:
        row = metrics[program]
        assert as_number(row["invitations"]) == invitations, program
        assert as_number(row["accepted_invitations"]) == accepted, program
        assert as_number(row["acceptance_rate"]) == pytest.approx(acceptance_rate, rel=1e-9), program
        assert as_number(row["compliance_incidents"]) == incidents, program


def test_eligibility_metrics_match_marts(semantic_layer: SemanticLayer, sample_build: Build) -> None:
    rows = semantic_layer.query(
        "eligibility",
        [
            "--metrics",
            "active_accounts,eligible_accounts,qualified_advocates_per_100_accounts",
            "--group-by",
            "account__segment",
        ],
    )
    metrics = {row["account__segment"]: row for row in rows}
    expected = sample_build.query(
        """
        select
            accounts.segment,
            count(*),
            count(*) filter (where eligibility.is_eligible),
            100.0 * count(*) filter (where eligibility.is_eligible) / count(*)
        from main_marts.fct_advocacy_eligibility as eligibility
        inner join main_marts.dim_accounts as accounts on eligibility.account_id = accounts.account_id
        group by accounts.segment
        """
    )

    assert set(metrics) == {segment for segment, *_ in expected}
    for segment, active, eligible, per_100 in expected:
        row = metrics[segment]
        assert as_number(row["active_accounts"]) == active, segment
        assert as_number(row["eligible_accounts"]) == eligible, segment
        assert as_number(row["qualified_advocates_per_100_accounts"]) == pytest.approx(per_100, rel=1e-9), segment


def test_health_metrics_match_marts_on_as_of_date(semantic_layer: SemanticLayer, sample_build: Build) -> None:
    (as_of_date,) = sample_build.query("select max(score_date) from main_marts.fct_account_health_daily")[0]
    rows = semantic_layer.query(
        "health",
        [
            "--metrics",
            "scored_accounts,healthy_accounts,average_health_score,signal_completeness_pct",
            "--group-by",
            "metric_time__day",
            "--start-time",
            as_of_date.isoformat(),
            "--end-time",
            as_of_date.isoformat(),
        ],
    )
    expected = sample_build.query(
        f"""
        select count(*), count(*) filter (where band = 'healthy'), avg(health_score), avg(signal_completeness)
        from main_marts.fct_account_health_daily
        where score_date = date '{as_of_date.isoformat()}'
        """
    )[0]

    assert len(rows) == 1
    row = rows[0]
    assert row["metric_time__day"].startswith(as_of_date.isoformat())
    assert as_number(row["scored_accounts"]) == expected[0]
    assert as_number(row["healthy_accounts"]) == expected[1]
    assert as_number(row["average_health_score"]) == pytest.approx(expected[2], rel=1e-9)
    assert as_number(row["signal_completeness_pct"]) == pytest.approx(expected[3], rel=1e-9)


def test_docs_generate_lists_exposures(sample_build: Build, tmp_path: Path) -> None:
    database = tmp_path / "advocacy.duckdb"
    shutil.copyfile(sample_build.database, database)

    result = run_dbt(["docs", "generate"], database, tmp_path)

    result.assert_success()
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    dashboard = manifest["exposures"]["exposure.customer_advocacy.advocacy_dashboard"]
    crm_sync = manifest["exposures"]["exposure.customer_advocacy.crm_task_sync"]
    assert "model.customer_advocacy.fct_account_health_daily" in dashboard["depends_on"]["nodes"]
    assert crm_sync["depends_on"]["nodes"] == ["model.customer_advocacy.fct_crm_task_queue"]
    assert "model.customer_advocacy.fct_crm_task_queue" in catalog["nodes"]
    assert "model.customer_advocacy.metricflow_time_spine" in catalog["nodes"]


def assert_same_number(actual: str, expected: object, label: str) -> None:
    """Compare a CSV cell of `mf query` with a mart value; an empty cell must match NULL."""
    if expected is None:
        assert actual == "", f"{label}: expected NULL, got {actual!r}"
    else:
        assert as_number(actual) == pytest.approx(float(expected), rel=1e-9), label


def test_monthly_kpi_metrics_match_maturity_mart(semantic_layer: SemanticLayer, sample_build: Build) -> None:
    rows = semantic_layer.query(
        "maturity",
        [
            "--metrics",
            "monthly_acceptance_rate,false_positive_advocacy_pct,monthly_compliance_incidents,influenced_won_arr",
            "--group-by",
            "metric_time__month",
        ],
    )
    metrics = {row["metric_time__month"][:10]: row for row in rows}
    expected = sample_build.query(
        """
        select month_start, acceptance_rate, false_positive_advocacy_pct, compliance_incidents, influenced_won_arr
        from main_marts.fct_advocacy_maturity_kpis_monthly
        order by month_start
        """
    )

    assert set(metrics) == {month_start.isoformat() for month_start, *_ in expected}
    for month_start, acceptance_rate, false_positive_pct, incidents, won_arr in expected:
        row = metrics[month_start.isoformat()]
        assert_same_number(row["monthly_acceptance_rate"], acceptance_rate, f"acceptance rate {month_start}")
        assert_same_number(row["false_positive_advocacy_pct"], false_positive_pct, f"false-positive % {month_start}")
        assert_same_number(row["monthly_compliance_incidents"], incidents, f"compliance incidents {month_start}")
        assert_same_number(row["influenced_won_arr"], won_arr, f"influenced won ARR {month_start}")


def test_influenced_pipeline_matches_attribution_mart(semantic_layer: SemanticLayer, sample_build: Build) -> None:
    rows = semantic_layer.query(
        "pipeline",
        [
            "--metrics",
            "influenced_pipeline",
            "--group-by",
            "metric_time__month,attribution_row__segment",
            "--where",
            "{{ Dimension('attribution_row__program') }} = 'all'",
        ],
    )
    metrics = {(row["metric_time__month"][:10], row["attribution_row__segment"]): row for row in rows}
    expected = sample_build.query(
        """
        select month_start, segment, influenced_pipeline_amount
        from main_marts.fct_advocacy_attribution_monthly
        where program = 'all'
        """
    )

    assert set(metrics) == {(month_start.isoformat(), segment) for month_start, segment, _ in expected}
    for month_start, segment, amount in expected:
        row = metrics[(month_start.isoformat(), segment)]
        assert_same_number(row["influenced_pipeline"], amount, f"influenced pipeline {month_start} {segment}")
