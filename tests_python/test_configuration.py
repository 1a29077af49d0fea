"""The governed scoring configuration is validated before any dbt command runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_dbt

VALID_COMPONENTS = {"adoption": 50, "outcomes": 25, "sentiment": 15, "commercial": 10}


def run_calendar_with_vars(vars_override: dict, tmp_path: Path):
    # The on-run-start hook validates the configuration; the calendar is the cheapest model to run after it.
    return run_dbt(
        ["run", "--select", "int_calendar__days", "--vars", json.dumps(vars_override)],
        tmp_path / "config.duckdb",
        tmp_path,
    )


def test_default_configuration_is_valid(tmp_path: Path) -> None:
    result = run_calendar_with_vars({}, tmp_path)
    result.assert_success()


@pytest.mark.parametrize(
    ("override", "expected_message"),
    [
        (
            {"health_component_weights": {**VALID_COMPONENTS, "adoption": 45}},
            "health_component_weights sum to 95 %, not 100 %",
        ),
        (
            {"health_component_weights": {"adoption": 70, "outcomes": 20, "sentiment": 0, "commercial": 10}},
            "health_component_weights.adoption is 70 %, outside its allowed range 40-60 %",
        ),
        (
            {"health_band_hysteresis_points": 40},
            "health_band_hysteresis_points is 40, expected a number from 0 to 20",
        ),
        (
            {"as_of_date": "last tuesday"},
            "as_of_date is last tuesday, expected null or a date as YYYY-MM-DD",
        ),
        (
            {"persona_rollup_weights": {"champion": 50, "budget_owner": 20, "executive_sponsor": 40}},
            "persona_rollup_weights sum to 110 %, not 100 %",
        ),
        (
            {"bi_reader_role": "BI Reader; drop table x"},
            "bi_reader_role is BI Reader; drop table x, expected null or a role name of lower-case letters",
        ),
        (
            # These tests run on DuckDB, which has no roles to grant to.
            {"bi_reader_role": "bi_reader"},
            "bi_reader_role is bi_reader, but the duckdb adapter has no grants in this project",
        ),
    ],
)
def test_invalid_configuration_fails_with_message(override: dict, expected_message: str, tmp_path: Path) -> None:
    result = run_calendar_with_vars(override, tmp_path)
    assert result.returncode != 0
    assert expected_message in result.output
