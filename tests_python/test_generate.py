"""Tests of the sample-data generator (advocacy_tools.generate).

Every test generates a small dataset into a temporary folder and reads it back with DuckDB.
"""

from __future__ import annotations

import csv
import filecmp
import functools
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from advocacy_tools import generate
from advocacy_tools.generator import pipeline
from advocacy_tools.generator.accounts import STORY_WEIGHTS
from advocacy_tools.generator.config import GeneratorConfig
from advocacy_tools.generator.contract import TABLE_COLUMNS
from advocacy_tools.generator.vocabulary import INTENT_ACTIVITY_WEIGHTS, PROGRAMS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
END_DATE = date(2026, 11, 30)
RUN_TIME = "2026-12-01 02:00:00"

# A scale at which every story gets at least one account and the test suite stays fast.
STORY_ACCOUNTS = 60
STORY_DAYS = 180


def run_generator(out_dir: Path, accounts: int, days: int, seed: int = 42, output_format: str = "csv") -> Path:
    config = GeneratorConfig(
        accounts=accounts, days=days, end_date=END_DATE, seed=seed, output_format=output_format, out_dir=out_dir
    )
    pipeline.generate(config)
    return out_dir


def contract_tables() -> dict[str, list[tuple[str, str]]]:
    """Read every table's identifier and columns (name, data_type) from the sources YAML files."""
    tables = {}
    for path in sorted((PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        # A contract system stages its tables through base_ models. A folder without base/ contains an
        # input mapping (RavenStack), whose landed tables are not part of the raw contract.
        if not (path.parent / "base").is_dir():
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in document["sources"]:
            for table in source["tables"]:
                identifier = table.get("identifier", table["name"])
                tables[identifier] = [(column["name"], column["data_type"]) for column in table["columns"]]
    return tables


def csv_rows(folder: Path, table: str) -> int:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


@functools.cache
def sample_database(folder: Path) -> duckdb.DuckDBPyConnection:
    """Load every CSV file of `folder` once into an in-memory database, every column as text."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for table in TABLE_COLUMNS:
        path = (folder / f"{table}.csv").as_posix()
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")
    return con


def query(folder: Path, sql: str) -> list[tuple]:
    return sample_database(folder).execute(sql).fetchall()


@pytest.fixture(scope="module")
def story_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_generator(tmp_path_factory.mktemp("stories"), STORY_ACCOUNTS, STORY_DAYS)


@pytest.fixture(scope="module")
def default_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_generator(tmp_path_factory.mktemp("default"), 300, 456)


@pytest.fixture(scope="module")
def manifest(default_sample: Path) -> dict:
    return json.loads((default_sample / "injected_faults.json").read_text(encoding="utf-8"))


# ---- determinism ------------------------------------------------------------------------------------


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = run_generator(tmp_path / "first", 25, 90)
    second = run_generator(tmp_path / "second", 25, 90)
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    matches, mismatches, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatches == []
    assert errors == []


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    first = run_generator(tmp_path / "first", 25, 90, seed=1)
    second = run_generator(tmp_path / "second", 25, 90, seed=2)
    for table in ("crm_accounts", "support_tickets", "product_usage_daily"):
        assert (first / f"{table}.csv").read_bytes() != (second / f"{table}.csv").read_bytes(), table


# ---- contract -----------------------------------------------------------------------------------------


def test_generator_contract_matches_sources_yaml() -> None:
    contract = contract_tables()
    assert len(contract) == 19
    assert {table: list(columns) for table, columns in TABLE_COLUMNS.items()} == contract


def test_every_table_has_contract_columns_in_order(story_sample: Path) -> None:
    for table, columns in contract_tables().items():
        with (story_sample / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [name for name, _ in columns], table
        assert csv_rows(story_sample, table) > 0, table


def test_seed_properties_give_contract_types(story_sample: Path) -> None:
    document = yaml.safe_load((story_sample / "_sample__seeds.yml").read_text(encoding="utf-8"))
    seeds = {seed["name"]: seed for seed in document["seeds"]}
    contract = contract_tables()
    assert set(seeds) == set(contract)
    for table, columns in contract.items():
        assert seeds[table]["config"]["column_types"] == dict(columns), table
        assert seeds[table]["description"], table


def test_default_sample_stays_small(default_sample: Path) -> None:
    total_bytes = sum(path.stat().st_size for path in default_sample.glob("*.csv"))
    assert total_bytes < 25 * 1024 * 1024
    assert csv_rows(default_sample, "crm_accounts") >= 300


# ---- scale ----------------------------------------------------------------------------------------------


def test_row_counts_scale_with_accounts(tmp_path: Path) -> None:
    small = run_generator(tmp_path / "small", 40, 120)
    large = run_generator(tmp_path / "large", 120, 120)
    for table in ("crm_contacts", "product_usage_daily", "product_feature_usage_daily", "support_tickets"):
        ratio = csv_rows(large, table) / csv_rows(small, table)
        assert 2.0 < ratio < 4.0, (table, ratio)


def test_row_counts_scale_with_days(tmp_path: Path) -> None:
    short = run_generator(tmp_path / "short", 60, 90)
    long = run_generator(tmp_path / "long", 60, 270)
    for table in ("product_usage_daily", "product_user_activity_daily", "crm_csm_sentiment"):
        ratio = csv_rows(long, table) / csv_rows(short, table)
        assert 2.0 < ratio < 4.5, (table, ratio)
    assert csv_rows(long, "crm_accounts") == csv_rows(short, "crm_accounts")


def test_daily_rows_per_usage_day(default_sample: Path) -> None:
    usage_rows = csv_rows(default_sample, "product_usage_daily")
    for table in ("product_feature_usage_daily", "product_user_activity_daily"):
        ratio = csv_rows(default_sample, table) / usage_rows
        assert 1.0 <= ratio <= 2.0, (table, ratio)


# ---- stories -------------------------------------------------------------------------------------------


def story_accounts(folder: Path) -> dict[str, list[str]]:
    return json.loads((folder / "account_stories.json").read_text(encoding="utf-8"))["stories"]


def in_list(account_ids: list[str]) -> str:
    return "(" + ", ".join(f"'{account_id}'" for account_id in account_ids) + ")"


def test_every_story_has_an_account(story_sample: Path) -> None:
    stories = story_accounts(story_sample)
    assert set(stories) == set(STORY_WEIGHTS)
    for story, account_ids in stories.items():
        assert account_ids, story


def test_churned_accounts_stop_using_the_product(story_sample: Path) -> None:
    churned = story_accounts(story_sample)["churned"]
    rows = query(story_sample, f"""
        SELECT b.account_id, count(u.account_id)
        FROM billing_subscription_events AS b
        LEFT JOIN product_usage_daily AS u
            ON u.account_id = b.account_id AND CAST(u.usage_date AS DATE) > CAST(b.occurred_at AS TIMESTAMPTZ)
                AND CAST(u.usage_date AS DATE) < DATE '2099-01-01'
        WHERE b.event_type = 'churn' AND b.account_id IN {in_list(churned)}
        GROUP BY b.account_id
    """)
    assert {account_id for account_id, _ in rows} == set(churned)
    for account_id, later_usage_days in rows:
        assert later_usage_days == 0, account_id


def test_open_escalation_accounts_have_a_recent_open_p1(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["open_escalation"]
    rows = query(story_sample, f"""
        SELECT DISTINCT account_id FROM support_tickets
        WHERE priority = 'p1' AND status = 'open' AND is_escalated = 'true' AND resolved_at IS NULL
            AND CAST(created_at AS TIMESTAMPTZ) > TIMESTAMPTZ '2026-10-25 00:00:00+00'
            AND account_id IN {in_list(accounts)}
    """)
    assert {row[0] for row in rows} == set(accounts)


def test_missing_survey_accounts_have_no_responses(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["missing_surveys"]
    rows = query(story_sample, f"SELECT count(*) FROM surveys_responses WHERE account_id IN {in_list(accounts)}")
    assert rows[0][0] == 0
    usage = query(story_sample, f"SELECT count(DISTINCT account_id) FROM product_usage_daily WHERE account_id IN {in_list(accounts)}")
    assert usage[0][0] == len(accounts)


def test_absent_sponsor_never_attends(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["absent_sponsor"]
    rows = query(story_sample, f"""
        SELECT c.account_id,
            count(*) FILTER (WHERE e.attended = 'true') AS attended,
            count(*) AS invited,
            bool_or(champion.contact_id IS NOT NULL) AS has_verified_champion
        FROM crm_contacts AS c
        JOIN crm_stakeholder_engagements AS e ON e.contact_id = c.contact_id
        LEFT JOIN crm_contacts AS champion
            ON champion.account_id = c.account_id AND champion.persona = 'champion' AND champion.is_verified_champion = 'true'
        WHERE c.persona = 'executive_sponsor' AND c.account_id IN {in_list(accounts)}
        GROUP BY c.account_id
    """)
    assert len(rows) == len(accounts)
    for account_id, attended, invited, has_verified_champion in rows:
        assert invited > 0, account_id
        assert attended == 0, account_id
        assert has_verified_champion, account_id


def test_loud_accounts_are_small_and_active_in_community(story_sample: Path) -> None:
    stories = story_accounts(story_sample)
    loud = stories["loud_low_value"]
    rows = query(story_sample, f"""
        WITH intent AS (SELECT account_id, count(*) AS activities FROM community_intent_activities GROUP BY account_id)
        SELECT a.account_id, CAST(a.arr AS DECIMAL(18, 2)), coalesce(i.activities, 0)
        FROM crm_accounts AS a LEFT JOIN intent AS i USING (account_id)
        WHERE a.account_id IN {in_list(loud + stories['healthy'])}
    """)
    loud_rows = [row for row in rows if row[0] in loud]
    healthy_rows = [row for row in rows if row[0] not in loud]
    assert max(row[1] for row in loud_rows) < 4000
    assert min(row[2] for row in loud_rows) > max(row[2] for row in healthy_rows)


def test_onboarding_accounts_are_new_with_first_value_milestone(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["onboarding"]
    rows = query(story_sample, f"""
        SELECT a.account_id, CAST(a.created_at AS TIMESTAMPTZ), bool_or(m.is_first_value = 'true')
        FROM crm_accounts AS a JOIN success_milestones AS m USING (account_id)
        WHERE a.account_id IN {in_list(accounts)} AND m.milestone_type = 'onboarding'
        GROUP BY ALL
    """)
    assert len(rows) == len(accounts)
    for account_id, created_at, has_first_value in rows:
        assert created_at.date() > date(2026, 8, 1), account_id
        assert has_first_value, account_id


def usage_ratio(folder: Path, accounts: list[str], early_days: int, late_days: int) -> dict[str, float]:
    """Return late / early average active users per account over the first and last days of the window."""
    rows = query(folder, f"""
        SELECT account_id,
            avg(CAST(active_users AS INTEGER)) FILTER (WHERE CAST(usage_date AS DATE) > DATE '{END_DATE}' - {late_days})
            / avg(CAST(active_users AS INTEGER)) FILTER (WHERE CAST(usage_date AS DATE) <= DATE '{END_DATE}' - {STORY_DAYS - early_days})
        FROM product_usage_daily
        WHERE account_id IN {in_list(accounts)} AND CAST(usage_date AS DATE) BETWEEN DATE '2020-01-01' AND DATE '{END_DATE}'
        GROUP BY account_id
    """)
    return dict(rows)


def test_declining_accounts_fall_and_turn_negative(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["declining"]
    for account_id, ratio in usage_ratio(story_sample, accounts, 60, 20).items():
        assert ratio < 0.6, account_id
    detractors = query(story_sample, f"""
        SELECT count(DISTINCT account_id) FROM surveys_responses
        WHERE survey_type = 'nps' AND CAST(score AS INTEGER) BETWEEN 0 AND 4
            AND CAST(responded_at AS TIMESTAMPTZ) > TIMESTAMPTZ '2026-10-01 00:00:00+00'
            AND account_id IN {in_list(accounts)}
    """)
    assert detractors[0][0] == len(accounts)
    at_risk = query(story_sample, f"""
        SELECT count(DISTINCT account_id) FROM billing_subscription_events
        WHERE renewal_status = 'at_risk' AND account_id IN {in_list(accounts)}
    """)
    assert at_risk[0][0] == len(accounts)


def test_recovering_accounts_rise(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["recovering"]
    ratios = usage_ratio(story_sample, accounts, 50, 50)
    assert set(ratios) == set(accounts)
    for account_id, ratio in ratios.items():
        assert ratio > 1.8, account_id


def test_healthy_accounts_score_well_and_consent(story_sample: Path) -> None:
    accounts = story_accounts(story_sample)["healthy"]
    rows = query(story_sample, f"""
        SELECT avg(CAST(score AS INTEGER)) FROM surveys_responses
        WHERE survey_type = 'nps' AND account_id IN {in_list(accounts)} AND CAST(score AS INTEGER) BETWEEN 0 AND 10
    """)
    assert rows[0][0] > 8
    consent = query(story_sample, f"""
        SELECT count(DISTINCT account_id) FROM advocacy_consent_records
        WHERE consent_status = 'granted' AND account_id IN {in_list(accounts)}
    """)
    assert consent[0][0] >= len(accounts) // 2


def test_sample_covers_every_enumeration(default_sample: Path) -> None:
    expected = {
        ("community_intent_activities", "activity_type"): set(INTENT_ACTIVITY_WEIGHTS),
        ("billing_subscription_events", "event_type"): {
            "new", "renewal", "expansion", "contraction", "churn", "overage", "payment", "renewal_forecast",
        },
        ("advocacy_invitations", "program"): set(PROGRAMS),
        ("advocacy_responses", "response"): {"accepted", "declined", "no_answer"},
        ("advocacy_consent_records", "consent_status"): {"granted", "withdrawn"},
        ("crm_opportunities", "opportunity_type"): {"new_business", "expansion", "renewal"},
        ("support_tickets", "priority"): {"p1", "p2", "p3", "p4"},
        ("surveys_responses", "survey_type"): {"nps", "csat", "psat"},
        ("crm_stakeholder_engagements", "engagement_type"): {"qbr", "executive_meeting", "success_review"},
    }
    for (table, column), values in expected.items():
        rows = query(default_sample, f"SELECT DISTINCT lower(trim({column})) FROM {table} WHERE {column} IS NOT NULL")
        assert values <= {row[0] for row in rows}, (table, column)


def test_referenced_opportunities_win_more_often(default_sample: Path) -> None:
    rows = query(default_sample, """
        WITH referenced AS (SELECT DISTINCT opportunity_id FROM crm_opportunity_references WHERE used_at IS NOT NULL)
        SELECT o.opportunity_id IN (SELECT opportunity_id FROM referenced) AS has_reference,
            avg(CASE WHEN o.is_won = 'true' THEN 1.0 ELSE 0.0 END)
        FROM crm_opportunities AS o
        WHERE o.opportunity_type = 'new_business' AND o.is_closed = 'true'
        GROUP BY ALL
    """)
    win_rate = dict(rows)
    assert win_rate[True] > win_rate[False]


# ---- injected faults -----------------------------------------------------------------------------------


def test_manifest_counts_out_of_range_nps(default_sample: Path, manifest: dict) -> None:
    rows = query(default_sample, """
        SELECT count(*) FROM surveys_responses
        WHERE (lower(trim(survey_type)) = 'nps' AND CAST(score AS INTEGER) NOT BETWEEN 0 AND 10)
            OR (lower(trim(survey_type)) IN ('csat', 'psat') AND CAST(score AS INTEGER) NOT BETWEEN 1 AND 5)
    """)
    expected = manifest["tables"]["surveys_responses"]["quarantine"]["out_of_range_score"]
    assert expected > 0
    assert rows[0][0] == expected


@pytest.mark.parametrize("table", ["support_tickets", "surveys_responses", "crm_csm_sentiment", "billing_subscription_events"])
def test_manifest_counts_future_timestamps(default_sample: Path, manifest: dict, table: str) -> None:
    text_timestamps = [name for name, kind in TABLE_COLUMNS[table] if kind == "varchar" and name.endswith("_at")]
    condition = " OR ".join(f"CAST({name} AS TIMESTAMPTZ) > TIMESTAMPTZ '{RUN_TIME}+00'" for name in text_timestamps)
    rows = query(default_sample, f"SELECT count(*) FROM {table} WHERE {condition}")
    expected = manifest["tables"][table]["quarantine"].get("future_timestamp", 0)
    assert expected > 0
    assert rows[0][0] == expected


@pytest.mark.parametrize("table", ["support_tickets", "surveys_responses", "community_intent_activities", "product_usage_daily"])
def test_manifest_counts_rows_before_account_created(default_sample: Path, manifest: dict, table: str) -> None:
    time_columns = [
        name for name, kind in TABLE_COLUMNS[table] if (kind == "varchar" and name.endswith("_at")) or kind == "date"
    ]
    condition = " OR ".join(f"CAST(t.{name} AS TIMESTAMPTZ) < a.created_at" for name in time_columns)
    rows = query(default_sample, f"""
        WITH accounts AS (
            SELECT account_id, max(CAST(created_at AS TIMESTAMPTZ)) AS created_at FROM crm_accounts GROUP BY account_id
        )
        SELECT count(*) FROM {table} AS t JOIN accounts AS a USING (account_id) WHERE {condition}
    """)
    assert rows[0][0] == manifest["tables"][table]["quarantine"]["before_account_created"]


@pytest.mark.parametrize("table", ["product_usage_daily", "product_feature_usage_daily", "product_user_activity_daily"])
def test_manifest_counts_daily_faults(default_sample: Path, manifest: dict, table: str) -> None:
    key = "contact_id" if table == "product_user_activity_daily" else "account_id"
    counts = query(default_sample, f"""
        SELECT
            count(*) FILTER (WHERE CAST(events AS INTEGER) < 0),
            count(*) FILTER (WHERE {key} IS NULL),
            count(*) FILTER (WHERE account_id IS NOT NULL AND account_id NOT IN (SELECT account_id FROM crm_accounts))
        FROM {table}
    """)[0]
    expected = manifest["tables"][table]["quarantine"]
    assert counts == (expected["negative_count"], expected["null_key"], expected["unknown_account"])


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("support_tickets", "ticket_id"),
        ("crm_opportunities", "opportunity_id"),
        ("product_usage_daily", "account_id, usage_date"),
        ("product_user_activity_daily", "contact_id, activity_date"),
    ],
)
def test_manifest_counts_duplicate_rows(default_sample: Path, manifest: dict, table: str, key: str) -> None:
    first_key_column = key.split(",")[0]
    rows = query(default_sample, f"""
        SELECT count(*) - count(DISTINCT ({key})) FROM {table} WHERE {first_key_column} IS NOT NULL
    """)
    expected = manifest["tables"][table]["duplicate_rows"]
    assert expected > 0
    assert rows[0][0] == expected


def test_manifest_rows_match_files(default_sample: Path, manifest: dict) -> None:
    for table in TABLE_COLUMNS:
        assert manifest["tables"][table]["rows_written"] == csv_rows(default_sample, table), table


def test_resynced_ticket_keeps_resolution_on_latest_row(default_sample: Path) -> None:
    rows = query(default_sample, """
        SELECT ticket_id, arg_max(status, CAST(_loaded_at AS TIMESTAMP)), arg_min(status, CAST(_loaded_at AS TIMESTAMP))
        FROM support_tickets WHERE ticket_id IS NOT NULL
        GROUP BY ticket_id HAVING count(DISTINCT status) > 1
    """)
    assert rows
    for ticket_id, latest_status, earliest_status in rows:
        assert earliest_status == "open", ticket_id
        assert latest_status.strip().lower() in ("solved", "closed"), ticket_id


def test_text_variants_are_present(default_sample: Path) -> None:
    rows = query(default_sample, """
        SELECT
            count(*) FILTER (WHERE priority <> lower(trim(priority))),
            count(*) FILTER (WHERE created_at LIKE '%Z' OR created_at LIKE '%+__:__' OR created_at LIKE '%-__:__')
        FROM support_tickets
    """)
    odd_priority, offset_timestamps = rows[0]
    assert odd_priority > 0
    assert offset_timestamps > 0


# ---- parquet and command line --------------------------------------------------------------------------


def test_parquet_matches_csv_row_counts(tmp_path: Path) -> None:
    csv_folder = run_generator(tmp_path / "csv", 30, 90)
    parquet_folder = run_generator(tmp_path / "parquet", 30, 90, output_format="parquet")
    con = duckdb.connect()
    for table in TABLE_COLUMNS:
        parquet_path = (parquet_folder / f"{table}.parquet").as_posix()
        parquet_rows = con.execute(f"SELECT count(*) FROM read_parquet('{parquet_path}')").fetchone()[0]
        assert parquet_rows == csv_rows(csv_folder, table), table
    usage_path = (parquet_folder / "product_usage_daily.parquet").as_posix()
    column_types = dict(con.execute(f"DESCRIBE SELECT * FROM read_parquet('{usage_path}')").fetchall()[i][:2] for i in range(6))
    assert column_types["usage_date"] == "DATE"
    assert column_types["_loaded_at"] == "TIMESTAMP"
    assert not (parquet_folder / "_sample__seeds.yml").exists()


def test_command_line_rejects_invalid_days(capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--days", "5"]) == 2
    assert "invalid --days 5" in capsys.readouterr().err


def test_command_line_writes_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--accounts", "12", "--days", "60", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "crm_accounts.csv").exists()
    assert "total" in capsys.readouterr().out
