"""sqlfluff with the dbt templater reports no violations in the project's SQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
