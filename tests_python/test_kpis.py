"""The KPI configuration is validated before every dbt command, and the KPI marts built on the sample data
agree with counts taken straight from staging. The KPI formulas themselves are checked by the dbt unit
tests in models/*/kpis/_kpis__unit_tests.yml, which the sample build runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Build, run_dbt

ATTRIBUTION = "main_marts.fct_advocacy_attribution_monthly"
MATURITY = "main_marts.fct_advocacy_maturity_kpis_monthly"
BANDS = "main_marts.fct_advocacy_band_distribution_monthly"
BIAS = "main_marts.fct_advocacy_bias_checks_monthly"
CLOSED_LOOP = "main_marts.fct_advocacy_closed_loop"


@pytest.mark.parametrize(
    ("override", "expected_message"),
    [
        (
            {"kpi_attribution": {"comparable_opportunity_types": ["upsell"], "minimum_comparable_opportunities": 3}},
            "kpi_attribution.comparable_opportunity_types contains upsell, expected one of new_business, expansion, renewal",
        ),
        (
            {"kpi_false_positive": {"window_days": 0, "detractor_nps_below": 7}},
            "kpi_false_positive.window_days is 0, expected a whole number from 1 to 365",
        ),
        (
            {"kpi_bias_check": {"tolerance_points": 150, "minimum_eligible_accounts": 5}},
            "kpi_bias_check.tolerance_points is 150, expected percentage points above 0 and below 100",
        ),
        (
            {"kpi_active_advocate_window_days": "a year"},
            "kpi_active_advocate_window_days is a year, expected a whole number from 1 to 1095",
        ),
    ],
)
def test_invalid_kpi_configuration_fails(override: dict, expected_message: str, tmp_path: Path) -> None:
    result = run_dbt(
        ["run", "--select", "int_calendar__days", "--vars", json.dumps(override)],
        tmp_path / "config.duckdb",
        tmp_path,
    )
    assert result.returncode != 0
    assert "Invalid KPI configuration" in result.output
    assert expected_message in result.output


def test_influenced_opportunities_match_staging(sample_build: Build) -> None:
    # Recount influenced opportunities from staging with the documented rule, independently of the models.
    expected = sample_build.query(
        """
        select count(distinct opportunities.opportunity_id)
        from main_staging.stg_crm__opportunities as opportunities
        inner join main_staging.stg_crm__opportunity_references as refs
            on opportunities.opportunity_id = refs.opportunity_id
        cross join main_intermediate.int_health__scoring_period as period
        where refs.used_at is not null
            and refs.reference_account_id is not null
            and cast(refs.used_at as date) <= period.as_of_date
            and opportunities.created_date <= period.as_of_date
            and (not opportunities.is_closed or cast(refs.used_at as date) <= opportunities.close_date)
        """
    )[0][0]
    reported = sample_build.query(
        f"select sum(influenced_opportunities) from {ATTRIBUTION} where program = 'all' and segment = 'all'"
    )[0][0]
    assert expected > 0
    assert reported == expected


def test_maturity_counts_every_ask_once(sample_build: Build) -> None:
    asks = sample_build.query("select count(*) from main_marts.fct_advocacy_ask_ledger")[0][0]
    sent, accepted = sample_build.query(f"select sum(invitations_sent), sum(invitations_accepted) from {MATURITY}")[0]
    ledger_accepted = sample_build.query(
        "select count(*) from main_marts.fct_advocacy_ask_ledger where response = 'accepted'"
    )[0][0]
    assert sent == asks
    assert accepted == ledger_accepted


def test_rates_are_null_without_denominator(sample_build: Build) -> None:
    wrong_acceptance = sample_build.query(
        f"select month_start, program, segment, acceptance_rate from {ATTRIBUTION}"
        " where (invitations_sent = 0) <> (acceptance_rate is null)"
    )
    wrong_false_positive = sample_build.query(
        f"select month_start, false_positive_advocacy_pct from {MATURITY}"
        " where (judged_invited_accounts = 0) <> (false_positive_advocacy_pct is null)"
    )
    months_without_asks = sample_build.query(f"select count(*) from {ATTRIBUTION} where invitations_sent = 0")[0][0]
    assert wrong_acceptance == []
    assert wrong_false_positive == []
    assert months_without_asks > 0


def test_recent_asks_are_not_judged(sample_build: Build) -> None:
    judged_open_windows = sample_build.query(
        f"select invitation_id from {CLOSED_LOOP} where not is_outcome_window_closed and is_false_positive is not null"
    )
    open_windows = sample_build.query(f"select count(*) from {CLOSED_LOOP} where not is_outcome_window_closed")[0][0]
    assert judged_open_windows == []
    assert open_windows > 0


def test_shares_sum_to_100_percent(sample_build: Build) -> None:
    band_totals = sample_build.query(
        f"select month_start, sum(share_of_accounts_pct) from {BANDS} group by month_start"
    )
    base_totals = sample_build.query(
        f"select month_start, dimension, sum(base_share_pct) from {BIAS} group by month_start, dimension"
    )
    assert band_totals
    for month_start, total in band_totals:
        assert total == pytest.approx(100), month_start
    for month_start, dimension, total in base_totals:
        assert total == pytest.approx(100), (month_start, dimension)
