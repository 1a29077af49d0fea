"""The three daily product tables, expanded inside DuckDB SQL. The module writes the parameter files that
the SQL reads (account and contact plans, and the features of each plan) and the
product_plan_key_features table. It also defines the daily fault rates and ``DailyTableBuilder``, which
creates one view per daily table and counts its faults.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from advocacy_tools.generator.accounts import AccountPlan
from advocacy_tools.generator.faults import FaultTally
from advocacy_tools.generator.timeline import Timeline
from advocacy_tools.generator.vocabulary import KEY_FEATURES_BY_PLAN, NON_KEY_FEATURES


ACCOUNT_PARAM_COLUMNS = {
    "account_index": "INTEGER",
    "account_id": "VARCHAR",
    "created_date": "DATE",
    "first_day": "INTEGER",
    "last_day": "INTEGER",
    "seats": "INTEGER",
    "health_start": "DOUBLE",
    "health_end": "DOUBLE",
    "change_start": "INTEGER",
    "change_end": "INTEGER",
    "utilization_scale": "DOUBLE",
    "active_rate": "DOUBLE",
    "weekend_rate": "DOUBLE",
    "sessions_per_user": "DOUBLE",
    "events_per_session": "DOUBLE",
    "feature_breadth": "DOUBLE",
    "plan": "VARCHAR",
}
CONTACT_PARAM_COLUMNS = {
    "contact_index": "INTEGER",
    "contact_id": "VARCHAR",
    "account_index": "INTEGER",
    "first_day": "INTEGER",
    "activity_rate": "DOUBLE",
}

# Share of daily rows per fault kind. Each row draws one number and gets at most one kind.
DAILY_QUARANTINE_KINDS = ("negative_count", "null_key", "unknown_account", "future_timestamp", "before_account_created")
DAILY_QUARANTINE_RATE_PER_KIND = 0.0008
DAILY_DUPLICATE_RATES = {"exact_duplicate": 0.0015, "resync_changed": 0.0008, "resync_unchanged": 0.0007}
DAILY_LATE_RATE = 0.004
# Resync and late rows need room before the loader's last run; later days never get them.
DAILY_LATE_MARGIN_DAYS = 25


class DailyTableBuilder:
    """Define DuckDB views that expand the daily product tables from the account and contact plans."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, timeline: Timeline, seed: int, dense_usage: bool = False
    ) -> None:
        self.con = con
        self.timeline = timeline
        self.seed = int(seed)
        # Dense usage keeps every account day, active or not (a quiet day still has one active user).
        self.dense_usage = dense_usage

    def noise(self, salt: int, *keys: str) -> str:
        """Return SQL for a deterministic number in [0, 1) from the seed, a salt and key columns."""
        return f"(hash({self.seed}, {salt}, {', '.join(keys)}) / 18446744073709551616.0)"

    def fault_case(self, keys: tuple[str, ...]) -> str:
        """Return SQL that labels a row with its fault kind (or NULL) from one hash draw."""
        draw = self.noise(100, *keys)
        safe_day = f"day_index <= {self.timeline.days - 1 - DAILY_LATE_MARGIN_DAYS}"
        branches = []
        threshold = 0.0
        for kind in DAILY_QUARANTINE_KINDS:
            threshold += DAILY_QUARANTINE_RATE_PER_KIND
            branches.append(f"WHEN {draw} < {threshold:.6f} THEN '{kind}'")
        threshold += DAILY_DUPLICATE_RATES["exact_duplicate"]
        branches.append(f"WHEN {draw} < {threshold:.6f} THEN 'exact_duplicate'")
        for kind in ("resync_changed", "resync_unchanged"):
            threshold += DAILY_DUPLICATE_RATES[kind]
            branches.append(f"WHEN {draw} < {threshold:.6f} AND {safe_day} THEN '{kind}'")
        threshold += DAILY_LATE_RATE
        branches.append(f"WHEN {draw} < {threshold:.6f} AND {safe_day} THEN 'late_loaded'")
        return "CASE " + " ".join(branches) + " END"

    def loaded_at(self, keys: tuple[str, ...]) -> str:
        """Return SQL for `_loaded_at`: the night after the day, days later for late rows and resyncs."""
        return f"""(
            CAST(activity_date AS TIMESTAMP) + INTERVAL 1 DAY
            + to_seconds(CAST(1800 + floor({self.noise(101, *keys)} * 16200) AS BIGINT))
            + CASE
                WHEN fault = 'late_loaded' THEN to_days(CAST(3 + floor({self.noise(102, *keys)} * 15) AS INTEGER))
                WHEN fault LIKE 'resync%' AND copy_index = 1
                    THEN to_days(CAST(1 + floor({self.noise(103, *keys)} * 6) AS INTEGER))
                ELSE INTERVAL 0 DAY
            END)"""

    def shifted_date(self) -> str:
        """Return SQL for the row's date after the future_timestamp or before_account_created fault."""
        return """CASE fault
                WHEN 'future_timestamp' THEN DATE '2099-01-01' + CAST(day_index AS INTEGER)
                WHEN 'before_account_created' THEN created_date - CAST(1 + day_index AS INTEGER)
                ELSE activity_date
            END"""

    @staticmethod
    def copies() -> str:
        return "unnest(CASE WHEN fault = 'exact_duplicate' OR fault LIKE 'resync%' THEN [0, 1] ELSE [0] END) AS copy_index"

    @staticmethod
    def stale(column: str) -> str:
        """Return SQL that lowers `column` on the earlier-loaded copy of a changed resync (incomplete counts)."""
        return (
            f"CASE WHEN fault = 'resync_changed' AND copy_index = 0 "
            f"THEN CAST(floor({column} * 0.8) AS INTEGER) ELSE {column} END"
        )

    def create_views(self) -> None:
        start = self.timeline.start_date.isoformat()
        day_keys = ("account_index", "day_index")

        active_filter = (
            "true" if self.dense_usage else
            f"{self.noise(1, *day_keys)} < active_rate * CASE WHEN is_weekend THEN weekend_rate ELSE 1.0 END"
            " * (0.65 + 0.35 * health)"
        )
        self.con.execute(f"""
            CREATE VIEW account_days AS
            WITH expanded AS (
                SELECT *, unnest(range(first_day, last_day + 1)) AS day_index
                FROM account_params
            ),
            shaped AS (
                SELECT *,
                    health_start + (health_end - health_start)
                        * least(1.0, greatest(0.0, (day_index - change_start) / greatest(1, change_end - change_start)))
                        AS health,
                    DATE '{start}' + CAST(day_index AS INTEGER) AS activity_date,
                    isodow(DATE '{start}' + CAST(day_index AS INTEGER)) >= 6 AS is_weekend
                FROM expanded
            ),
            active AS (
                SELECT *,
                    CAST(greatest(1, round(
                        seats * least(0.95, (0.04 + 0.86 * health) * utilization_scale)
                        * (0.8 + 0.4 * {self.noise(2, *day_keys)})
                        * CASE WHEN is_weekend THEN 0.3 ELSE 1.0 END
                    )) AS INTEGER) AS active_users
                FROM shaped
                WHERE {active_filter}
            ),
            with_sessions AS (
                SELECT *,
                    CAST(greatest(active_users, round(
                        active_users * sessions_per_user * (0.8 + 0.4 * {self.noise(3, *day_keys)})
                    )) AS INTEGER) AS sessions
                FROM active
            )
            SELECT account_index, account_id, created_date, plan, day_index, activity_date, health, is_weekend,
                active_users, sessions,
                CAST(round(sessions * events_per_session * (0.7 + 0.6 * {self.noise(4, *day_keys)})) AS INTEGER) AS events
            FROM with_sessions
        """)

        self.con.execute(f"""
            CREATE VIEW product_usage_daily_rows AS
            WITH labelled AS (
                SELECT *, {self.fault_case(day_keys)} AS fault FROM account_days
            ),
            copied AS (
                SELECT *, {self.copies()} FROM labelled
            )
            SELECT
                CASE fault
                    WHEN 'null_key' THEN NULL
                    WHEN 'unknown_account' THEN 'acc_9' || lpad(CAST(account_index AS VARCHAR), 6, '0')
                    ELSE account_id
                END AS account_id,
                {self.shifted_date()} AS usage_date,
                {self.stale('active_users')} AS active_users,
                {self.stale('sessions')} AS sessions,
                CASE WHEN fault = 'negative_count' THEN -5 ELSE {self.stale('events')} END AS events,
                {self.loaded_at(day_keys)} AS _loaded_at,
                fault,
                copy_index
            FROM copied
        """)

        # Each account adopts a share of its plan's key features (and fewer non-key ones);
        # adopted features are used on a share of active days that rises with health.
        feature_keys = ("account_index", "day_index", "feature_index")
        self.con.execute(f"""
            CREATE VIEW account_features AS
            SELECT p.account_index, f.feature_key, f.feature_index,
                0.2 + 0.35 * {self.noise(21, 'p.account_index', 'f.feature_index')} AS intensity
            FROM account_params AS p
            JOIN plan_features AS f ON f.plan = p.plan
            WHERE {self.noise(20, 'p.account_index', 'f.feature_index')}
                < CASE WHEN f.is_key THEN p.feature_breadth ELSE 0.3 * p.feature_breadth END
        """)
        self.con.execute(f"""
            CREATE VIEW product_feature_usage_daily_rows AS
            WITH used AS (
                SELECT d.account_index, d.account_id, d.created_date, d.day_index, d.activity_date,
                    f.feature_key, f.feature_index,
                    CAST(greatest(1, round(
                        d.active_users * (0.15 + 0.6 * {self.noise(31, 'd.account_index', 'd.day_index', 'f.feature_index')})
                    )) AS INTEGER) AS feature_users
                FROM account_days AS d
                JOIN account_features AS f ON f.account_index = d.account_index
                WHERE {self.noise(30, 'd.account_index', 'd.day_index', 'f.feature_index')}
                    < f.intensity * (0.35 + 0.65 * d.health) * CASE WHEN d.is_weekend THEN 0.6 ELSE 1.0 END
            ),
            labelled AS (
                SELECT *,
                    CAST(round(feature_users * (2 + 18 * {self.noise(32, *feature_keys)})) AS INTEGER) AS feature_events,
                    {self.fault_case(feature_keys)} AS fault
                FROM used
            ),
            copied AS (
                SELECT *, {self.copies()} FROM labelled
            )
            SELECT
                CASE fault
                    WHEN 'null_key' THEN NULL
                    WHEN 'unknown_account' THEN 'acc_9' || lpad(CAST(account_index AS VARCHAR), 6, '0')
                    ELSE account_id
                END AS account_id,
                {self.shifted_date()} AS usage_date,
                feature_key,
                {self.stale('feature_users')} AS active_users,
                CASE WHEN fault = 'negative_count' THEN -5 ELSE {self.stale('feature_events')} END AS events,
                {self.loaded_at(feature_keys)} AS _loaded_at,
                fault,
                copy_index
            FROM copied
        """)

        # Known contacts are active on a share of the account's active days set by persona and health.
        contact_keys = ("contact_index", "day_index")
        self.con.execute(f"""
            CREATE VIEW product_user_activity_daily_rows AS
            WITH active AS (
                SELECT c.contact_index, c.contact_id, d.account_index, d.account_id, d.created_date,
                    d.day_index, d.activity_date, d.health
                FROM account_days AS d
                JOIN contact_params AS c ON c.account_index = d.account_index
                WHERE d.day_index >= c.first_day
                    AND {self.noise(40, 'c.contact_index', 'd.day_index')}
                        < c.activity_rate * (0.4 + 0.6 * d.health) * CASE WHEN d.is_weekend THEN 0.4 ELSE 1.0 END
            ),
            counted AS (
                SELECT *,
                    CAST(1 + floor({self.noise(41, *contact_keys)} * 4 * (0.5 + health)) AS INTEGER) AS user_sessions
                FROM active
            ),
            labelled AS (
                SELECT *,
                    CAST(user_sessions * (4 + floor({self.noise(42, *contact_keys)} * 30)) AS INTEGER) AS user_events,
                    {self.fault_case(contact_keys)} AS fault
                FROM counted
            ),
            copied AS (
                SELECT *, {self.copies()} FROM labelled
            )
            SELECT
                CASE WHEN fault = 'null_key' THEN NULL ELSE contact_id END AS contact_id,
                CASE WHEN fault = 'unknown_account' THEN 'acc_9' || lpad(CAST(account_index AS VARCHAR), 6, '0')
                    ELSE account_id END AS account_id,
                {self.shifted_date()} AS activity_date,
                {self.stale('user_sessions')} AS sessions,
                CASE WHEN fault = 'negative_count' THEN -5 ELSE {self.stale('user_events')} END AS events,
                {self.loaded_at(contact_keys)} AS _loaded_at,
                fault,
                copy_index
            FROM copied
        """)

    def count_faults(self, table: str) -> FaultTally:
        """Count the fault labels of a daily table's rows (a second pass over its view)."""
        counts = self.con.execute(
            f"SELECT fault, count(*) FROM {table}_rows WHERE copy_index = 0 AND fault IS NOT NULL "
            "GROUP BY fault ORDER BY fault"
        ).fetchall()
        tally = FaultTally()
        for kind, count in counts:
            if kind in DAILY_QUARANTINE_KINDS:
                tally.add(tally.quarantine, kind, count)
            elif kind in DAILY_DUPLICATE_RATES:
                tally.add(tally.duplicates, kind, count)
            else:
                tally.add(tally.variants, kind, count)
        return tally


def write_parameter_files(accounts: list[AccountPlan], work_dir: Path, timeline: Timeline) -> None:
    """Write the account and contact parameters that the daily SQL expands."""
    with (work_dir / "account_params.csv").open("w", newline="", encoding="utf-8") as account_file, (
        work_dir / "contact_params.csv"
    ).open("w", newline="", encoding="utf-8") as contact_file:
        account_writer = csv.writer(account_file, lineterminator="\n")
        contact_writer = csv.writer(contact_file, lineterminator="\n")
        account_writer.writerow(ACCOUNT_PARAM_COLUMNS)
        contact_writer.writerow(CONTACT_PARAM_COLUMNS)
        for account in accounts:
            account_writer.writerow((
                account.index, account.account_id, account.created_at.date().isoformat(), account.first_day,
                account.last_day, account.seats, account.health_start, account.health_end, account.change_start,
                account.change_end, account.utilization_scale, account.active_rate, account.weekend_rate,
                account.sessions_per_user, account.events_per_session, account.feature_breadth, account.plan,
            ))
            for contact in account.contacts:
                contact_writer.writerow(
                    (contact.index, contact.contact_id, account.index, contact.first_day, contact.activity_rate)
                )


def write_plan_features(work_dir: Path, timeline: Timeline) -> None:
    """Write product_plan_key_features and the feature list (key and non-key) per plan."""
    loaded_at = timeline.moment(0, 3600).strftime("%Y-%m-%d %H:%M:%S")
    with (work_dir / "product_plan_key_features.csv").open("w", newline="", encoding="utf-8") as key_file, (
        work_dir / "plan_features.csv"
    ).open("w", newline="", encoding="utf-8") as feature_file:
        key_writer = csv.writer(key_file, lineterminator="\n")
        feature_writer = csv.writer(feature_file, lineterminator="\n")
        key_writer.writerow(("plan", "feature_key", "_loaded_at"))
        feature_writer.writerow(("plan", "feature_key", "feature_index", "is_key"))
        all_features = list(KEY_FEATURES_BY_PLAN["scale"]) + list(NON_KEY_FEATURES)
        for plan, features in KEY_FEATURES_BY_PLAN.items():
            for feature in features:
                key_writer.writerow((plan, feature, loaded_at))
                feature_writer.writerow((plan, feature, all_features.index(feature), "true"))
            for feature in NON_KEY_FEATURES:
                feature_writer.writerow((plan, feature, all_features.index(feature), "false"))
