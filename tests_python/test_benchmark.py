"""Tests of the benchmark's building blocks: dense generator output, raw views and process-tree memory.

No test here times anything: speed and memory are printed by `python -m advocacy_tools.benchmark`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from advocacy_tools.benchmark import (
    END_DATE,
    build_phases,
    raw_views_sql,
    replay_compiled_sql,
    seconds_by_node_type,
    tree_rss_bytes,
)
from advocacy_tools.generator import pipeline
from advocacy_tools.generator.config import GeneratorConfig

ACCOUNTS = 40
DAYS = 90


@pytest.fixture(scope="module")
def dense_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("dense")
    config = GeneratorConfig(
        accounts=ACCOUNTS, days=DAYS, end_date=END_DATE, output_format="parquet", out_dir=out_dir, dense_usage=True
    )
    pipeline.generate(config)
    return out_dir


def test_dense_usage_has_every_account_day(dense_raw: Path) -> None:
    usage = (dense_raw / "product_usage_daily.parquet").as_posix()
    first_day = END_DATE - timedelta(days=DAYS - 1)
    rows, account_days = duckdb.execute(
        f"select count(*), count(distinct (account_id, usage_date)) filter ("
        f"  where account_id like 'acc_0%' and usage_date between date '{first_day}' and date '{END_DATE}')"
        f" from read_parquet('{usage}')"
    ).fetchone()
    # Injected duplicates add rows. Faults that blank the key or move the date take under 1 % of the
    # account days; the default shape skips about a third of them.
    assert rows >= ACCOUNTS * DAYS
    assert account_days >= 0.99 * ACCOUNTS * DAYS


def test_dense_usage_keeps_no_churned_story(dense_raw: Path) -> None:
    stories = json.loads((dense_raw / "account_stories.json").read_text(encoding="utf-8"))["stories"]
    assert stories["churned"] == []
    assert stories["onboarding"] == []
    assert stories["declining"]


def test_default_usage_skips_inactive_days(tmp_path: Path) -> None:
    config = GeneratorConfig(accounts=ACCOUNTS, days=DAYS, end_date=END_DATE, output_format="parquet", out_dir=tmp_path)
    pipeline.generate(config)
    usage = (tmp_path / "product_usage_daily.parquet").as_posix()
    rows = duckdb.execute(f"select count(*) from read_parquet('{usage}')").fetchone()[0]
    assert rows < ACCOUNTS * DAYS


def test_raw_views_hide_the_last_day(dense_raw: Path) -> None:
    con = duckdb.connect()
    for statement in raw_views_sql(dense_raw, END_DATE):
        con.execute(statement)
    hidden = con.execute(f"select count(*) from raw.product_usage_daily where usage_date = date '{END_DATE}'")
    assert hidden.fetchone()[0] == 0
    earlier = con.execute(f"select count(*) from raw.product_usage_daily where usage_date = date '{END_DATE - timedelta(days=1)}'")
    assert earlier.fetchone()[0] >= ACCOUNTS

    for statement in raw_views_sql(dense_raw, None):
        con.execute(statement)
    shown = con.execute(f"select count(*) from raw.product_usage_daily where usage_date = date '{END_DATE}'")
    assert shown.fetchone()[0] >= ACCOUNTS


def test_tree_memory_includes_children() -> None:
    # The child allocates about 200 MiB, so the tree must report more than the parent alone.
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; block = bytearray(200 * 2**20); sys.stdout.write('ready\\n');"
         " sys.stdout.flush(); time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        own = tree_rss_bytes(child.pid)
        assert own > 200 * 2**20
        assert tree_rss_bytes(os.getpid()) > own
    finally:
        child.kill()
        child.wait()


def test_node_time_is_summed_per_type(tmp_path: Path) -> None:
    results = [
        {"unique_id": "model.customer_advocacy.int_a", "execution_time": 2.5},
        {"unique_id": "model.customer_advocacy.int_b", "execution_time": 1.0},
        {"unique_id": "test.customer_advocacy.not_null_int_a_id.1a2b", "execution_time": 0.25},
        {"unique_id": "unit_test.customer_advocacy.int_a.int_a_ranks", "execution_time": 0.5},
    ]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}), encoding="utf-8")

    totals = seconds_by_node_type(tmp_path)

    assert totals == {"model": 3.5, "unit_test": 0.5, "test": 0.25}
    assert list(totals) == ["model", "unit_test", "test"]


def test_skip_refresh_drops_incremental_phase() -> None:
    full_run = build_phases(skip_refresh=False)
    short_run = build_phases(skip_refresh=True)

    assert [name for name, _, _ in full_run] == ["full_build", "incremental"]
    assert [name for name, _, _ in short_run] == ["full_build"]
    # The full build hides the last generated day, and the refresh shows it again.
    assert full_run[0][1] == END_DATE
    assert full_run[1][1] is None


def test_refresh_only_phase_and_missing_database(tmp_path: Path) -> None:
    assert [name for name, _, _ in build_phases(skip_refresh=False, refresh_only=True)] == ["incremental"]

    # Without the database of an earlier full build, the command exits with code 2 and names the missing file.
    completed = subprocess.run(
        [sys.executable, "-m", "advocacy_tools.benchmark", "--accounts", "7", "--refresh-only",
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 2
    assert "accounts7_days365_seed42" in completed.stderr


def test_replay_rebuilds_models_and_counts_tests(tmp_path: Path) -> None:
    database_path = tmp_path / "replay.duckdb"
    with duckdb.connect(str(database_path)) as con:
        con.execute("create table accounts as select 1 as account_id")
        con.execute("create view account_ids as select account_id from accounts")
    nodes = {
        "model.customer_advocacy.accounts": {"config": {"materialized": "table"}},
        "model.customer_advocacy.account_ids": {"config": {"materialized": "view"}},
    }
    results = [
        # The compiled SQL ends in a line comment, as a model's may.
        {"unique_id": "model.customer_advocacy.accounts", "relation_name": '"replay"."main"."accounts"',
         "compiled_code": "select * from range(3) as ids(account_id) -- three accounts"},
        {"unique_id": "model.customer_advocacy.account_ids", "relation_name": '"replay"."main"."account_ids"',
         "compiled_code": "select account_id + 100 as account_id from accounts"},
        {"unique_id": "test.customer_advocacy.not_null_accounts_account_id.1a2b", "relation_name": None,
         "compiled_code": "select * from accounts where account_id is null"},
        {"unique_id": "unit_test.customer_advocacy.account_ids.account_ids_add_offset", "relation_name": None,
         "compiled_code": "with accounts as (select 7 as account_id) select account_id + 100 from accounts"},
        {"unique_id": "seed.customer_advocacy.plans", "relation_name": '"replay"."main"."plans"',
         "compiled_code": None},
    ]
    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}), encoding="utf-8")

    seconds = replay_compiled_sql(database_path, tmp_path)

    assert set(seconds) == {"model", "test", "unit_test"}
    assert all(value > 0 for value in seconds.values())
    with duckdb.connect(str(database_path), read_only=True) as con:
        assert con.execute("select max(account_id) from account_ids").fetchone() == (102,)
        # The seed was skipped, so no table was made for it.
        assert con.execute("select count(*) from duckdb_tables() where table_name = 'plans'").fetchone() == (0,)
