"""as_of_date recomputes the daily health mart as it was on that day, without reading later data.

Two full-refresh builds with the same as_of_date: one on the whole sample, one on the sample cut at the
as-of date (later rows removed, later fields reset, as the sources held it then). They must agree row for
row, and their days must equal the same days of the daily build on the whole sample (`sample_build`).
No column of fct_account_health_daily depends on the as-of date itself: every measure, band run and
trend looks back from its own score_date, so none is left out of the comparison.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from .conftest import Build, run_dbt
from .test_incremental import (
    LANDING_VARS,
    build_health,
    describe_key_difference,
    differing_cells,
    fetch_health_rows,
    keep_sample_copy,
    load_landing_until,
)

# Accounts acc_000017 and acc_000272 were created just before this day and some of their key contacts just
# after it; account acc_000298 was created after it.
AS_OF_DATE = date(2026, 10, 12)

# The fct mart cannot show a key contact scored before the CRM created it when that contact has no signal
# yet (its persona scores are null either way), so the contact days are compared too.
CONTACT_DAYS_QUERY = "select contact_id, score_date from main_intermediate.int_persona__contact_health"


@dataclass
class PointInTimeBuilds:
    """The daily health mart built for AS_OF_DATE from the whole sample and from the cut sample."""

    whole_columns: list[str]
    whole_sample: dict[tuple, tuple]
    cut_columns: list[str]
    cut_sample: dict[tuple, tuple]
    whole_accounts: int
    cut_accounts: int
    whole_contact_days: set[tuple]
    cut_contact_days: set[tuple]


@pytest.fixture(scope="module")
def point_in_time_builds(tmp_path_factory: pytest.TempPathFactory) -> PointInTimeBuilds:
    work_dir = tmp_path_factory.mktemp("point_in_time")
    whole = work_dir / "whole_sample.duckdb"
    cut = work_dir / "cut_sample.duckdb"
    as_of_vars = {"as_of_date": AS_OF_DATE.isoformat()}

    run_dbt(["seed"], whole, work_dir / "seed").assert_success()
    shutil.copyfile(whole, cut)
    keep_sample_copy(cut)
    load_landing_until(cut, AS_OF_DATE)

    # The seeds are loaded already, so the whole-sample build skips them.
    build_health(
        whole, work_dir / "whole_build", "--full-refresh", "--exclude-resource-type", "seed",
        dbt_vars=json.dumps(as_of_vars),
    ).assert_success()
    build_health(
        cut, work_dir / "cut_build", "--full-refresh",
        dbt_vars=json.dumps({**json.loads(LANDING_VARS), **as_of_vars}),
    ).assert_success()

    whole_columns, whole_sample = fetch_health_rows(whole)
    cut_columns, cut_sample = fetch_health_rows(cut)
    with duckdb.connect(str(cut), read_only=True) as connection:
        whole_accounts = connection.execute("select count(*) from full_sample.crm_accounts").fetchone()[0]
        cut_accounts = connection.execute("select count(*) from landing.crm_accounts").fetchone()[0]
        cut_contact_days = set(connection.execute(CONTACT_DAYS_QUERY).fetchall())
    with duckdb.connect(str(whole), read_only=True) as connection:
        whole_contact_days = set(connection.execute(CONTACT_DAYS_QUERY).fetchall())

    return PointInTimeBuilds(
        whole_columns=whole_columns,
        whole_sample=whole_sample,
        cut_columns=cut_columns,
        cut_sample=cut_sample,
        whole_accounts=whole_accounts,
        cut_accounts=cut_accounts,
        whole_contact_days=whole_contact_days,
        cut_contact_days=cut_contact_days,
    )


def test_cut_removes_later_accounts(point_in_time_builds: PointInTimeBuilds) -> None:
    # Without removed rows the comparison below would prove nothing.
    assert point_in_time_builds.cut_accounts < point_in_time_builds.whole_accounts


def test_whole_sample_ends_on_as_of_date(point_in_time_builds: PointInTimeBuilds) -> None:
    last_day = max(score_date for _, score_date in point_in_time_builds.whole_sample)
    assert last_day == AS_OF_DATE


def test_cut_sample_ends_on_as_of_date(point_in_time_builds: PointInTimeBuilds) -> None:
    last_day = max(score_date for _, score_date in point_in_time_builds.cut_sample)
    assert last_day == AS_OF_DATE


def test_cut_columns_match_whole(point_in_time_builds: PointInTimeBuilds) -> None:
    assert point_in_time_builds.cut_columns == point_in_time_builds.whole_columns


def test_cut_keys_match_whole(point_in_time_builds: PointInTimeBuilds) -> None:
    actual, expected = point_in_time_builds.whole_sample, point_in_time_builds.cut_sample
    assert set(actual) == set(expected), describe_key_difference(actual, expected)


def test_cut_values_match_whole(point_in_time_builds: PointInTimeBuilds) -> None:
    differences = differing_cells(
        point_in_time_builds.whole_columns, point_in_time_builds.whole_sample, point_in_time_builds.cut_sample
    )
    assert differences == [], "the as-of build read data dated after the as-of date:\n" + "\n".join(differences)


def test_cut_contact_days_match_whole(point_in_time_builds: PointInTimeBuilds) -> None:
    whole, cut = point_in_time_builds.whole_contact_days, point_in_time_builds.cut_contact_days
    only_whole = sorted(whole - cut)
    only_cut = sorted(cut - whole)
    assert whole == cut, f"contact days only in the whole sample: {only_whole[:5]}; only in the cut: {only_cut[:5]}"


def daily_history(sample_build: Build) -> tuple[list[str], dict[tuple, tuple]]:
    return fetch_health_rows(sample_build.database, where=f"score_date <= date '{AS_OF_DATE.isoformat()}'")


def test_history_columns_match_daily_build(point_in_time_builds: PointInTimeBuilds, sample_build: Build) -> None:
    columns, _ = daily_history(sample_build)
    assert point_in_time_builds.whole_columns == columns


def test_history_keys_match_daily_build(point_in_time_builds: PointInTimeBuilds, sample_build: Build) -> None:
    _, expected = daily_history(sample_build)
    actual = point_in_time_builds.whole_sample
    assert set(actual) == set(expected), describe_key_difference(actual, expected)


def test_history_values_match_daily_build(point_in_time_builds: PointInTimeBuilds, sample_build: Build) -> None:
    _, expected = daily_history(sample_build)
    differences = differing_cells(point_in_time_builds.whole_columns, point_in_time_builds.whole_sample, expected)
    assert differences == [], "the as-of build differs from the daily build on the same days:\n" + "\n".join(
        differences
    )
