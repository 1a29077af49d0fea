"""sqlfluff with the dbt templater reports no violations in the project's SQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT_ROOT

SQLFLUFF = Path(sys.executable).with_name("sqlfluff")


def test_sqlfluff_reports_no_violations(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # The templater opens the DuckDB profile; give it its own file so no other connection blocks it.
        "ADVOCACY_DUCKDB_PATH": str(tmp_path / "lint.duckdb"),
    }
    completed = subprocess.run(
        [str(SQLFLUFF), "lint", "models", "tests", "analyses", "--format", "human", "--processes", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-8000:]
    assert "FAIL" not in completed.stdout, output[-8000:]
    # The dbt templater can exit 0 when a model fails to compile; such files are reported as skipped.
    assert "Skipped" not in output, output[-8000:]


# The input mappings are disabled by default and listed in .sqlfluffignore; each is linted with its
# switches on (the RavenStack and Fivetran switches cannot be on together, because they provide the same tables).
MAPPING_LINT_RUNS = {
    "models/staging/ravenstack": {"ravenstack_enabled": True},
    "models/staging/fivetran": {
        "fivetran_zendesk_enabled": True,
        "fivetran_salesforce_enabled": True,
        "fivetran_recurly_enabled": True,
    },
}


@pytest.mark.parametrize("folder", sorted(MAPPING_LINT_RUNS))
def test_sqlfluff_lints_input_mappings(folder: str, tmp_path: Path) -> None:
    switches = {"use_sample_data": False, **MAPPING_LINT_RUNS[folder]}
    config = tmp_path / "mapping.sqlfluff"
    config.write_text(
        "[sqlfluff:templater:dbt:context]\n" + "".join(f"{name} = {value}\n" for name, value in switches.items()),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ADVOCACY_DUCKDB_PATH": str(tmp_path / "lint.duckdb"),
    }
    completed = subprocess.run(
        [str(SQLFLUFF), "lint", folder, "--config", str(config), "--disregard-sqlfluffignores", "--format", "human"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-8000:]
    assert "FAIL" not in completed.stdout, output[-8000:]
    assert "Skipped" not in output, output[-8000:]
