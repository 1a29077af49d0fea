"""Browser tests of the dashboard (Debian's headless chromium on 127.0.0.1), and of publishing a build.

The dashboard runs on a published copy of the session's sample build. Expected numbers come from
queries on that copy, never from constants. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from advocacy_tools.publish import publish, read_build_info, read_run_results

from .conftest import PROJECT_ROOT, Build
from .dashboard_server import chromium_context, running_dashboard, save_screenshot

# URL path of each page; the default page (health) is served at the root.
PAGE_PATHS = {"health": "", "account": "account", "queue": "queue", "outcomes": "outcomes", "kpis": "kpis",
    "governance": "governance"}
WAIT_MS = 60_000
# A hung build must not hold the suite forever; a full sample build takes a few minutes.
REFRESH_TIMEOUT_SECONDS = 40 * 60


def metric_value(page: Page, key: str):
    """Return the locator of the value of the headline metric drawn with show_metric(..., key)."""
    return page.locator(f".st-key-{key} [data-testid='stMetricValue']")


def wait_for_page(page: Page) -> None:
    """Wait until the dashboard has drawn its build line and finished running the page script."""
    page.wait_for_selector(".st-key-build-info", timeout=WAIT_MS)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
        timeout=WAIT_MS,
    )


def query_one(database: Path, sql: str, parameters: list | None = None) -> tuple:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchone()


def publish_sample(sample_build: Build, published_database: Path) -> None:
    publish(sample_build.database, published_database, read_run_results(sample_build.work_dir / "target"))


@pytest.fixture(scope="module")
def published_sample(sample_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published copy of the session's sample build."""
    published_database = tmp_path_factory.mktemp("published") / "advocacy.duckdb"
    publish_sample(sample_build, published_database)
    return published_database


@pytest.fixture(scope="module")
def dashboard_url(published_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("dashboard") / "streamlit.log"
    with running_dashboard(published_sample, log_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    with chromium_context() as context:
        yield context


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


# ---- Publishing ---------------------------------------------------------------------------------------


def test_publish_copies_marts_only(sample_build: Build, published_sample: Path) -> None:
    with duckdb.connect(str(published_sample), read_only=True) as connection:
        schemas = connection.execute("select distinct table_schema from information_schema.tables").fetchall()
    assert {name for (name,) in schemas} == {"main_marts", "publication"}

    build_tables = sample_build.query(
        "select table_name from information_schema.tables where table_schema = 'main_marts' order by table_name"
    )
    for (table,) in build_tables:
        (built_rows,) = sample_build.query(f"select count(*) from main_marts.{table}")[0]
        (published_rows,) = query_one(published_sample, f"select count(*) from main_marts.{table}")
        assert published_rows == built_rows, f"main_marts.{table}: {published_rows} rows published, {built_rows} built"


def test_publish_records_build_time(sample_build: Build, published_sample: Path) -> None:
    run_results = read_run_results(sample_build.work_dir / "target")
    info = read_build_info(published_sample)
    assert info.dbt_invocation_id == run_results["metadata"]["invocation_id"]
    assert info.built_at.isoformat().startswith(run_results["metadata"]["generated_at"][:19])
    (as_of_date,) = sample_build.query("select max(score_date) from main_marts.fct_account_health_daily")[0]
    assert info.as_of_date == as_of_date


def test_publish_rejects_failed_build(sample_build: Build, tmp_path: Path) -> None:
    published_database = tmp_path / "advocacy.duckdb"
    failed_run = {"metadata": {}, "results": [{"unique_id": "model.customer_advocacy.dim_accounts", "status": "error"}]}
    with pytest.raises(ValueError, match="dim_accounts"):
        publish(sample_build.database, published_database, failed_run)
    assert not published_database.exists()
    assert list(tmp_path.iterdir()) == []


# ---- Browser ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_PATHS)
def test_dashboard_page_loads(dashboard_url: str, published_sample: Path, page: Page, name: str) -> None:
    page.goto(f"{dashboard_url}/{PAGE_PATHS[name]}")
    wait_for_page(page)
    save_screenshot(page, f"dashboard-{name}")

    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    built_at = read_build_info(published_sample).built_at
    expect(page.locator(".st-key-build-info")).to_contain_text(f"Data built {built_at:%Y-%m-%d %H:%M:%S} UTC")


def test_dashboard_segment_filter_changes_numbers(dashboard_url: str, published_sample: Path, page: Page) -> None:
    latest_accounts = """
        select count(*)
        from main_marts.fct_account_health_daily as health
        inner join main_marts.dim_accounts as accounts on health.account_id = accounts.account_id
        where health.score_date = (select max(score_date) from main_marts.fct_account_health_daily)
            and (? is null or accounts.segment = ?)
    """
    (segment,) = query_one(
        published_sample,
        "select segment from main_marts.dim_accounts group by segment order by count(*), segment limit 1",
    )
    (all_accounts,) = query_one(published_sample, latest_accounts, [None, None])
    (segment_accounts,) = query_one(published_sample, latest_accounts, [segment, segment])
    assert segment_accounts != all_accounts, "the smallest segment holds every account; the test cannot tell"

    page.goto(dashboard_url)
    wait_for_page(page)
    expect(metric_value(page, "metric-accounts")).to_have_text(f"{all_accounts:,}")

    page.get_by_role("combobox", name="Segment").click()
    page.get_by_role("option", name=segment, exact=True).click()
    page.keyboard.press("Escape")

    expect(metric_value(page, "metric-accounts")).to_have_text(f"{segment_accounts:,}", timeout=WAIT_MS)
    save_screenshot(page, "dashboard-health-filtered")


def test_dashboard_drill_down_matches_marts(dashboard_url: str, published_sample: Path, page: Page) -> None:
    # The ineligible account with the most failed gates: a page that shows the wrong account differs.
    (account_id,) = query_one(
        published_sample,
        """
        select account_id
        from main_marts.fct_advocacy_eligibility
        where not is_eligible and score_change_30_days is not null
        order by failed_gate_count desc, account_id
        limit 1
        """,
    )
    health_score, band, days_in_band, completeness, change_30_days, persona_health = query_one(
        published_sample,
        """
        select health_score, band, days_in_band, signal_completeness, score_change_30_days, persona_health_score
        from main_marts.fct_account_health_daily
        where account_id = ? and score_date = (select max(score_date) from main_marts.fct_account_health_daily)
        """,
        [account_id],
    )
    failed_gates, failed_gate_count = query_one(
        published_sample,
        "select failed_gates, failed_gate_count from main_marts.fct_advocacy_eligibility where account_id = ?",
        [account_id],
    )

    page.goto(f"{dashboard_url}/account")
    wait_for_page(page)
    page.get_by_role("combobox", name="Account").click()
    page.keyboard.type(account_id)
    page.get_by_role("option", name=account_id).first.click()

    expect(metric_value(page, "account-health-score")).to_have_text(f"{health_score:,.1f}", timeout=WAIT_MS)
    assert page.url.endswith(f"account={account_id}")
    expect(metric_value(page, "account-band")).to_have_text(band)
    expect(metric_value(page, "account-days-in-band")).to_have_text(f"{days_in_band:,}")
    expect(metric_value(page, "account-completeness")).to_have_text(f"{completeness:,.1f}")
    expect(metric_value(page, "account-change-30-days")).to_have_text(f"{change_30_days:,.1f}")
    expect(metric_value(page, "account-persona-health")).to_have_text(f"{persona_health:,.1f}")

    eligibility = page.locator(".st-key-account-eligibility")
    expect(eligibility).to_contain_text(f"{failed_gate_count} gates fail")
    for reason in failed_gates.split("; "):
        expect(eligibility).to_contain_text(reason)
    save_screenshot(page, "dashboard-account")


# ---- Refresh while the dashboard is open --------------------------------------------------------------


def refresh_environment(build_database: Path, published_database: Path, work_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_ROOT / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "ADVOCACY_DUCKDB_PATH": str(build_database),
        "ADVOCACY_PUBLISHED_PATH": str(published_database),
    }


def test_refresh_with_dashboard_open(sample_build: Build, browser: BrowserContext, tmp_path: Path) -> None:
    build_database = tmp_path / "build.duckdb"
    published_database = tmp_path / "published" / "advocacy.duckdb"
    shutil.copyfile(sample_build.database, build_database)
    publish_sample(sample_build, published_database)
    first_build = read_build_info(published_database)
    first_inode = published_database.stat().st_ino
    (active_accounts,) = query_one(published_database, "select count(*) from main_marts.fct_advocacy_eligibility")

    with running_dashboard(published_database, tmp_path / "streamlit.log") as url:
        page = browser.new_page()
        page.goto(url)
        wait_for_page(page)
        build_line = page.locator(".st-key-build-info")
        first_line = f"Data built {first_build.built_at:%Y-%m-%d %H:%M:%S} UTC"
        expect(build_line).to_contain_text(first_line)
        accounts_shown = metric_value(page, "metric-accounts").inner_text()

        # Output goes to a file: an unread pipe fills up and blocks dbt.
        refresh_log_path = tmp_path / "refresh.log"
        refresh_log = refresh_log_path.open("w")
        refresh = subprocess.Popen(
            [sys.executable, "-m", "advocacy_tools.refresh", "--target", "duckdb"],
            cwd=PROJECT_ROOT,
            env=refresh_environment(build_database, published_database, tmp_path),
            stdout=refresh_log,
            stderr=subprocess.STDOUT,
        )
        # While dbt writes, reload the open page: it must keep serving the last good build.
        reloads_during_build = 0
        deadline = time.monotonic() + REFRESH_TIMEOUT_SECONDS
        while refresh.poll() is None:
            if time.monotonic() > deadline:
                refresh.kill()
                pytest.fail(f"refresh still running after {REFRESH_TIMEOUT_SECONDS} s:\n{refresh_log_path.read_text()[-4000:]}")
            page.reload()
            wait_for_page(page)
            line_shown = build_line.inner_text()
            accounts_now = metric_value(page, "metric-accounts").inner_text()
            # Check only when the page was drawn before the publication replaced the file.
            if published_database.stat().st_ino == first_inode:
                assert first_line in line_shown
                assert accounts_now == accounts_shown
                reloads_during_build += 1
            if reloads_during_build == 1:
                save_screenshot(page, "dashboard-during-refresh")
            time.sleep(5)
        refresh_log.close()
        output = refresh_log_path.read_text()

        assert refresh.returncode == 0, f"refresh failed while the dashboard was open:\n{output[-6000:]}"
        assert reloads_during_build >= 1, "the build ended before the page could be reloaded during it"
        second_build = read_build_info(published_database)
        assert second_build.built_at > first_build.built_at

        # The open page notices the new publication by itself and redraws on it.
        expect(build_line).to_contain_text(
            f"Data built {second_build.built_at:%Y-%m-%d %H:%M:%S} UTC", timeout=WAIT_MS
        )
        expect(metric_value(page, "metric-accounts")).to_have_text(f"{active_accounts:,}")
        save_screenshot(page, "dashboard-after-refresh")


def test_failed_refresh_keeps_last_good_build(sample_build: Build, tmp_path: Path) -> None:
    build_database = tmp_path / "build.duckdb"
    published_database = tmp_path / "published" / "advocacy.duckdb"
    shutil.copyfile(sample_build.database, build_database)
    publish_sample(sample_build, published_database)
    before = read_build_info(published_database)
    inode_before = published_database.stat().st_ino

    # A band cut-off above 100 fails the configuration check before any model runs.
    refresh = subprocess.run(
        [sys.executable, "-m", "advocacy_tools.refresh", "--vars", "{health_band_healthy_from: 500}"],
        cwd=PROJECT_ROOT,
        env=refresh_environment(build_database, published_database, tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert refresh.returncode != 0
    assert "still holds the last good build" in refresh.stderr
    assert published_database.stat().st_ino == inode_before
    assert read_build_info(published_database) == before
