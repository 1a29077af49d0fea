"""End-to-end runs on outside data: the public RavenStack dataset and Fivetran-shaped connector files.

Each run lands the files with advocacy_tools.land_files (read from the shared data folder, never copied into
the repository), runs the full `dbt build` with the matching mapping switched on, and checks counts and values
against expectations that the tests compute from the CSV files with the csv module, independently of the models.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from advocacy_tools.land_files import land_folder

from .conftest import PROJECT_ROOT, Build, run_dbt

REAL_DATA = PROJECT_ROOT.parent / "shared" / "data" / "real"
RAVENSTACK = REAL_DATA / "ravenstack"
FIVETRAN = REAL_DATA / "fivetran"

pytestmark = pytest.mark.skipif(not RAVENSTACK.is_dir(), reason=f"real input files not found in {REAL_DATA}")

# Fivetran integration-test seeds are named <table>_data.csv; the connector lands them as <table>.
FIVETRAN_RENAMES = {
    "zendesk": {
        "ticket_data": "ticket",
        "organization_data": "organization",
        "satisfaction_rating_data__historical": "satisfaction_rating",
    },
    "salesforce": {
        "sf_account_data": "account",
        "sf_opportunity_data": "opportunity",
        "sf_opportunity_history_data": "opportunity_history",
    },
    "recurly": {
        "account_history_data": "account_history",
        "plan_history_data": "plan_history",
        "subscription_history_data": "subscription_history",
    },
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def land(folder: Path, database: Path, schema: str, renames: dict[str, str] | None = None) -> None:
    """Run the loader as a user would, through its command line."""
    command = [sys.executable, "-m", "advocacy_tools.land_files", str(folder), "--schema", schema,
               "--database", str(database)]
    for stem, table in (renames or {}).items():
        command += ["--rename", f"{stem}={table}"]
    completed = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def assert_no_errors(build: Build) -> None:
    output = build.result.output
    assert " ERROR=0 " in output, output[-4000:]
    # The only warnings allowed: the governed config seeds name sample accounts that other data lacks.
    for line in output.splitlines():
        if " WARN " in line and "relationships_advocacy_" not in line:
            raise AssertionError(f"unexpected warning: {line}")


# ---- RavenStack --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ravenstack_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work_dir = tmp_path_factory.mktemp("ravenstack_build")
    database = work_dir / "ravenstack.duckdb"
    land(RAVENSTACK, database, "landing_ravenstack")
    result = run_dbt(
        ["build", "--vars", '{"use_sample_data": false, "ravenstack_enabled": true}'], database, work_dir
    )
    result.assert_success()
    return Build(database=database, work_dir=work_dir, result=result)


@pytest.fixture(scope="module")
def ravenstack_files() -> dict[str, list[dict[str, str]]]:
    return {
        name: read_csv(RAVENSTACK / f"ravenstack_{name}.csv")
        for name in ("accounts", "subscriptions", "feature_usage", "support_tickets", "churn_events")
    }


def usage_exclusions(files: dict[str, list[dict[str, str]]]) -> list[bool]:
    """For each usage row, whether it is excluded: outside its subscription's dates, or a repeated line."""
    windows = {row["subscription_id"]: (row["start_date"], row["end_date"]) for row in files["subscriptions"]}
    seen = set()
    excluded = []
    for row in files["feature_usage"]:
        start, end = windows[row["subscription_id"]]
        # ISO dates compare correctly as text; an empty end_date means the subscription is still running.
        outside = row["usage_date"] < start or (end != "" and row["usage_date"] > end)
        key = (row["subscription_id"], row["usage_date"], row["feature_name"])
        repeated = key in seen
        seen.add(key)
        excluded.append(outside or repeated)
    return excluded


def test_ravenstack_build_has_no_errors(ravenstack_build: Build) -> None:
    assert_no_errors(ravenstack_build)


def test_ravenstack_landing_rows_all_accounted(ravenstack_build: Build, ravenstack_files: dict) -> None:
    counts = {
        table: (landing, mapped, excluded)
        for table, landing, mapped, excluded in ravenstack_build.query(
            "select landing_table, landing_rows, mapped_rows, excluded_rows from main_staging.map_ravenstack__row_counts"
        )
    }
    excluded_usage = sum(usage_exclusions(ravenstack_files))
    expected = {
        "ravenstack.accounts": (len(ravenstack_files["accounts"]), len(ravenstack_files["accounts"]), 0),
        "ravenstack.subscriptions": (len(ravenstack_files["subscriptions"]), len(ravenstack_files["subscriptions"]), 0),
        "ravenstack.feature_usage": (25000, 25000 - excluded_usage, excluded_usage),
        "ravenstack.support_tickets": (2000, 2000, 0),
        "ravenstack.churn_events": (600, 600, 0),
    }
    assert counts == expected


def test_ravenstack_usage_exclusion_reasons(ravenstack_build: Build, ravenstack_files: dict) -> None:
    windows = {row["subscription_id"]: (row["start_date"], row["end_date"]) for row in ravenstack_files["subscriptions"]}
    outside = sum(
        1
        for row in ravenstack_files["feature_usage"]
        if row["usage_date"] < windows[row["subscription_id"]][0]
        or (windows[row["subscription_id"]][1] != "" and row["usage_date"] > windows[row["subscription_id"]][1])
    )
    keys = Counter((row["subscription_id"], row["usage_date"], row["feature_name"]) for row in ravenstack_files["feature_usage"])
    repeats = sum(count - 1 for count in keys.values())
    found_outside, found_repeats = ravenstack_build.query(
        "select"
        " sum(case when exclusion_reason like '%is outside subscription%' then 1 else 0 end),"
        " sum(case when exclusion_reason like '%repeats subscription_id, usage_date and feature_name%' then 1 else 0 end)"
        " from main_staging.map_ravenstack__excluded_rows"
    )[0]
    assert outside == 19432  # fixed figure of these files, so a changed file is noticed
    assert found_outside == outside
    assert repeats == 3
    assert found_repeats == repeats


def test_ravenstack_contract_row_counts(ravenstack_build: Build, ravenstack_files: dict) -> None:
    accounts_of = {row["subscription_id"]: row["account_id"] for row in ravenstack_files["subscriptions"]}
    usable = [
        row for row, excluded in zip(ravenstack_files["feature_usage"], usage_exclusions(ravenstack_files))
        if not excluded
    ]
    feature_days = {(accounts_of[row["subscription_id"]], row["usage_date"], row["feature_name"]) for row in usable}
    usage_days = {(accounts_of[row["subscription_id"]], row["usage_date"]) for row in usable}
    ended = sum(1 for row in ravenstack_files["subscriptions"] if row["end_date"] != "")
    counts = {
        table: (raw, staged, quarantined, superseded)
        for table, raw, staged, quarantined, superseded in ravenstack_build.query(
            "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows"
            " from main_staging.stg_quarantine__row_counts"
        )
    }
    for table, (raw, staged, quarantined, superseded) in counts.items():
        assert raw == staged + quarantined + superseded, table

    assert counts["crm.accounts"] == (500, 500, 0, 0)
    assert counts["product.feature_usage_daily"][0] == len(feature_days)
    assert counts["product.usage_daily"][0] == len(usage_days)
    # One start event per subscription, one end event per ended subscription, one per churn event.
    assert counts["billing.subscription_events"][0] == 5000 + ended + 600
    for table in ("crm.contacts", "surveys.responses", "crm.opportunities", "advocacy.consent_records"):
        assert counts[table] == (0, 0, 0, 0), table


def test_ravenstack_tickets_before_signup_quarantined(ravenstack_build: Build, ravenstack_files: dict) -> None:
    signup = {row["account_id"]: row["signup_date"] for row in ravenstack_files["accounts"]}
    before_signup = [row for row in ravenstack_files["support_tickets"] if row["submitted_at"] < signup[row["account_id"]]]
    raw, staged, quarantined = ravenstack_build.query(
        "select raw_rows, staged_rows, quarantined_rows from main_staging.stg_quarantine__row_counts"
        " where source_table = 'support.tickets'"
    )[0]
    assert (raw, staged, quarantined) == (2000, 2000 - len(before_signup), len(before_signup))
    reasons = ravenstack_build.query(
        "select quarantine_reason from main_staging.stg_quarantine__rows where source_table = 'support.tickets'"
    )
    assert all("is before the account creation" in reason for (reason,) in reasons)


def test_ravenstack_ticket_values(ravenstack_build: Build, ravenstack_files: dict) -> None:
    signup = {row["account_id"]: row["signup_date"] for row in ravenstack_files["accounts"]}
    staged_rows = [row for row in ravenstack_files["support_tickets"] if row["submitted_at"] >= signup[row["account_id"]]]
    ticket = staged_rows[0]
    # closed_at such as '2023-07-28 3:00' has a one-digit hour; the first response is the submission
    # date's midnight plus first_response_time_minutes.
    expected_resolved = datetime.strptime(ticket["closed_at"], "%Y-%m-%d %H:%M")
    expected_response = datetime.strptime(ticket["submitted_at"], "%Y-%m-%d") + timedelta(
        minutes=int(ticket["first_response_time_minutes"])
    )
    priority = {"urgent": "p1", "high": "p2", "medium": "p3", "low": "p4"}[ticket["priority"]]
    row = ravenstack_build.query(
        "select priority, status, first_responded_at, resolved_at, csat_score"
        f" from main_staging.stg_support__tickets where ticket_id = '{ticket['ticket_id']}'"
    )
    expected_csat = int(ticket["satisfaction_score"]) if ticket["satisfaction_score"] else None
    assert row == [(priority, "solved", expected_response, expected_resolved, expected_csat)]

    rated = [row for row in staged_rows if row["satisfaction_score"] != ""]
    csat = ravenstack_build.query(
        "select csat_score, count(*) from main_staging.stg_support__tickets where csat_score is not null group by 1"
    )
    assert dict(csat) == dict(Counter(int(row["satisfaction_score"]) for row in rated))
    assert set(dict(csat)) <= {3, 4, 5}


def test_ravenstack_account_arr(ravenstack_build: Build, ravenstack_files: dict) -> None:
    account = ravenstack_files["accounts"][0]
    open_arr = sum(
        int(row["arr_amount"])
        for row in ravenstack_files["subscriptions"]
        if row["account_id"] == account["account_id"] and row["end_date"] == ""
    )
    first_start = min(
        row["start_date"] for row in ravenstack_files["subscriptions"] if row["account_id"] == account["account_id"]
    )
    segment = {"Basic": "smb", "Pro": "mid_market", "Enterprise": "enterprise"}[account["plan_tier"]]
    row = ravenstack_build.query(
        "select arr, lifetime_value, segment, licensed_seats, cast(contract_start_date as varchar), csm_id"
        f" from main_staging.stg_crm__accounts where account_id = '{account['account_id']}'"
    )
    assert row == [(open_arr, None, segment, int(account["seats"]), first_start, None)]


def test_ravenstack_churn_flag_conflicts(ravenstack_build: Build, ravenstack_files: dict) -> None:
    events = Counter(row["account_id"] for row in ravenstack_files["churn_events"])
    flagged_without_event = sum(1 for row in ravenstack_files["accounts"] if row["churn_flag"] == "TRUE" and not events[row["account_id"]])
    events_without_flag = sum(1 for row in ravenstack_files["accounts"] if row["churn_flag"] == "FALSE" and events[row["account_id"]])
    found = dict(ravenstack_build.query(
        "select is_flagged_churned, count(*) from main_staging.map_ravenstack__churn_flag_conflicts group by 1"
    ))
    assert (flagged_without_event, events_without_flag) == (35, 277)
    assert found == {True: flagged_without_event, False: events_without_flag}


def test_ravenstack_completeness_is_honest(ravenstack_build: Build) -> None:
    # RavenStack can back only these measures (weights from dbt_project.yml, in percent of the score):
    # usage_trend 50 x 20 % = 10, csat 15 x 20 % = 3, arr_momentum 10 x 25 % = 2.5, overage 10 x 10 % = 1
    # (an account with billing events but no overage scores "none"). It has no user counts, plan key
    # features, milestones, SLA targets, NPS, CSM entries, renewal forecasts or payments, so the most an
    # account can reach is 16.5 %.
    bands, highest = ravenstack_build.query(
        "select string_agg(distinct band, ','), max(signal_completeness) from main_marts.fct_account_health_daily"
    )[0]
    assert bands == "insufficient_data"
    assert highest == pytest.approx(16.5)
    utilization = ravenstack_build.query(
        "select count(*) from main_marts.fct_account_health_measures_daily where license_utilization_score is not null"
    )[0][0]
    assert utilization == 0, "license utilization was scored without any user counts"


def test_ravenstack_eligibility_names_missing_data(ravenstack_build: Build) -> None:
    rows = ravenstack_build.query("select is_eligible, failed_gates from main_marts.fct_advocacy_eligibility")
    assert rows, "fct_advocacy_eligibility is empty"
    for is_eligible, failed_gates in rows:
        assert not is_eligible
        assert "champion: no verified champion: no key contact on record" in failed_gates
        assert "sponsor: no executive sponsor: no key contact on record" in failed_gates
        assert "consent: no key contact on record" in failed_gates
        assert re.search(r"completeness: signal completeness [0-9.]+ % below the minimum 60 % \(no data: [a-z, ]*outcomes", failed_gates)


def test_ravenstack_plays_without_owner(ravenstack_build: Build) -> None:
    plays, without_owner = ravenstack_build.query(
        "select count(*), sum(case when owner_id is null then 1 else 0 end) from main_marts.fct_advocacy_plays"
    )[0]
    assert plays > 0
    assert without_owner == plays  # RavenStack names no CSM, and no owner is invented


# ---- Fivetran ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fivetran_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """All three connectors on, every other contract table from the sample data in main_raw."""
    work_dir = tmp_path_factory.mktemp("fivetran_build")
    database = work_dir / "fivetran.duckdb"
    for connector, renames in FIVETRAN_RENAMES.items():
        land(FIVETRAN / connector, database, connector, renames)
    run_dbt(["seed"], database, work_dir).assert_success()
    variables = (
        '{"use_sample_data": false, "raw_schema": "main_raw", "fivetran_zendesk_enabled": true,'
        ' "fivetran_salesforce_enabled": true, "fivetran_recurly_enabled": true}'
    )
    result = run_dbt(["build", "--vars", variables], database, work_dir)
    result.assert_success()
    return Build(database=database, work_dir=work_dir, result=result)


def mapping_counts(build: Build, connector: str) -> dict[str, tuple[int, int, int]]:
    return {
        table: (landing, mapped, excluded)
        for table, landing, mapped, excluded in build.query(
            f"select landing_table, landing_rows, mapped_rows, excluded_rows from main_staging.map_{connector}__row_counts"
        )
    }


def contract_counts(build: Build) -> dict[str, tuple[int, int, int, int]]:
    return {
        table: (raw, staged, quarantined, superseded)
        for table, raw, staged, quarantined, superseded in build.query(
            "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows"
            " from main_staging.stg_quarantine__row_counts"
        )
    }


def test_fivetran_build_has_no_errors(fivetran_build: Build) -> None:
    assert_no_errors(fivetran_build)
    for table, (raw, staged, quarantined, superseded) in contract_counts(fivetran_build).items():
        assert raw == staged + quarantined + superseded, table


def test_zendesk_tickets(fivetran_build: Build) -> None:
    tickets = read_csv(FIVETRAN / "zendesk" / "ticket_data.csv")
    deleted = [row for row in tickets if row["status"] == "deleted"]
    assert mapping_counts(fivetran_build, "zendesk")["zendesk.ticket"] == (len(tickets), len(tickets) - len(deleted), len(deleted))
    # The sample accounts do not include Zendesk organizations, so every ticket is quarantined, and the
    # reason must carry the 12-digit organization id with every digit.
    assert contract_counts(fivetran_build)["support.tickets"] == (len(tickets) - len(deleted), 0, len(tickets) - len(deleted), 0)
    reasons = " ".join(
        reason for (reason,) in fivetran_build.query(
            "select quarantine_reason from main_staging.stg_quarantine__rows where source_table = 'support.tickets'"
        )
    )
    for row in tickets:
        if row["status"] != "deleted" and row["organization_id"]:
            assert f"account_id '{row['organization_id']}' is not found" in reasons
    excluded = fivetran_build.query(
        "select record_key from main_staging.map_zendesk__excluded_rows where landing_table = 'zendesk.ticket'"
    )
    assert sorted(key for (key,) in excluded) == sorted(row["id"] for row in deleted)


def test_zendesk_ratings(fivetran_build: Build) -> None:
    ratings = read_csv(FIVETRAN / "zendesk" / "satisfaction_rating_data__historical.csv")
    # The seed file contains hashed scores, none of Zendesk's good, bad, offered or unoffered.
    unknown = [row for row in ratings if row["score"] not in ("good", "bad", "offered", "unoffered")]
    assert mapping_counts(fivetran_build, "zendesk")["zendesk.satisfaction_rating"] == (len(ratings), len(ratings) - len(unknown), len(unknown))
    assert Counter(row["id"] for row in ratings).most_common(1)[0] == ("36594", 2)
    # '2020-09-03 7:43:30' has a one-digit hour and still parses.
    parsed = fivetran_build.query(
        "select responded_at_utc from main_staging.map_zendesk__rating_rows where response_id = '36565'"
    )
    assert parsed == [(datetime(2020, 9, 3, 7, 43, 30),)]


def test_salesforce_deleted_and_ended(fivetran_build: Build) -> None:
    accounts = read_csv(FIVETRAN / "salesforce" / "sf_account_data.csv")
    history = read_csv(FIVETRAN / "salesforce" / "sf_opportunity_history_data.csv")
    current = read_csv(FIVETRAN / "salesforce" / "sf_opportunity_data.csv")
    excluded_accounts = [row for row in accounts if row["is_deleted"] == "true" or row["_fivetran_active"] == "false"]
    counts = mapping_counts(fivetran_build, "salesforce")
    assert counts["salesforce.account"] == (10, 10 - len(excluded_accounts), len(excluded_accounts))
    assert counts["salesforce.opportunity_history"] == (len(history), 0, len(history))  # every row is_deleted
    assert counts["salesforce.opportunity"] == (len(current), 0, len(current))

    reasons = dict(fivetran_build.query(
        "select record_key, exclusion_reason from main_staging.map_salesforce__excluded_rows"
        " where landing_table = 'salesforce.opportunity_history'"
    ))
    ended = {row["id"] for row in history if not row["_fivetran_end"].startswith("9999-12-31")}
    for opportunity_id, reason in reasons.items():
        assert ("none is in force" in reason) == (opportunity_id in ended), opportunity_id
    over_hundred = {row["id"] for row in history if float(row["probability"]) > 100}
    assert over_hundred == {"006q000000HddohAAB"}
    assert "probability '1000' is outside 0 to 100" in reasons["006q000000HddohAAB"]

    # The one account kept has an apostrophe in its name; staging quarantines it because Salesforce has no plan.
    kept = [row for row in accounts if row not in excluded_accounts]
    assert [row["name"] for row in kept] == ["Eric's Test"]
    quarantined = fivetran_build.query(
        "select record_key, quarantine_reason from main_staging.stg_quarantine__rows where source_table = 'crm.accounts'"
    )
    assert [key for key, _ in quarantined] == [kept[0]["id"]]
    assert "plan 'null' is not one of" in quarantined[0][1]


def test_recurly_versions(fivetran_build: Build) -> None:
    subscriptions = read_csv(FIVETRAN / "recurly" / "subscription_history_data.csv")
    ended = [row for row in subscriptions if row["expires_at"] or row["canceled_at"]]
    versions = Counter(row["id"] for row in subscriptions)
    older_versions = sum(count - 1 for count in versions.values())
    assert mapping_counts(fivetran_build, "recurly")["recurly.subscription_history"] == (len(subscriptions), len(subscriptions), 0)
    raw, staged, quarantined, superseded = contract_counts(fivetran_build)["billing.subscription_events"]
    assert raw == len(subscriptions) + len(ended)
    assert superseded == older_versions == 1
    # Latest version wins: of the two versions of the repeated id, the later updated_at stays.
    repeated = versions.most_common(1)[0][0]
    latest = max(row["updated_at"] for row in subscriptions if row["id"] == repeated)
    kept = fivetran_build.query(
        "select strftime(_loaded_at, '%Y-%m-%d %H:%M:%S') from main_staging.base_billing__subscription_events"
        f" where event_id = '{repeated}:start' and not _is_superseded"
    )
    assert kept == [(latest,)]
    # ARR = subtotal x 12 for a monthly plan (interval_length 1 month in plan_history).
    largest = max(subscriptions, key=lambda row: float(row["subtotal"]))
    arr = fivetran_build.query(
        "select arr_change from main_staging.map_recurly__billing_subscription_events"
        f" where event_id = '{largest['id']}:start'"
    )
    assert [float(value) for (value,) in arr] == [float(largest["subtotal"]) * 12]


# ---- Loader ----------------------------------------------------------------------------------------------


def test_loader_keeps_text_and_row_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "things.csv").write_text("id,when\n360003529474,2020-09-03 7:43:30\n007,\n", encoding="utf-8")
    database = tmp_path / "landing.duckdb"
    landed = land_folder(folder, database, "landing", {"things": "renamed"})
    assert [(table.table, table.rows) for table in landed] == [("landing.renamed", 2)]
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute("select _file_row_number, id, \"when\" from landing.landing.renamed order by 1").fetchall()
    assert rows == [(1, "360003529474", "2020-09-03 7:43:30"), (2, "007", None)]


def test_loader_rejects_ragged_row(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "broken.csv").write_text("a,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: 3 fields where the header has 2"):
        land_folder(folder, tmp_path / "landing.duckdb", "landing")
