"""The sink that writes one sparse table to a temporary CSV file (``TableSink``): it formats rows
as the raw source would, adds ``_loaded_at``, applies the scheduled faults and text variants of
``advocacy_tools.generator.faults``, and counts them. The timestamp and odd-case formatting it
uses are here too.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from advocacy_tools.generator.accounts import AccountPlan
from advocacy_tools.generator.contract import TABLE_COLUMNS
from advocacy_tools.generator.faults import (
    ENUM_COLUMNS,
    EXACT_DUPLICATE_RATE,
    LATE_RATE,
    ODD_CASE_RATE,
    OFFSET_TIMESTAMP_RATE,
    QUARANTINE_RATE,
    RESYNC_RATE,
    UNKNOWN_ENUM_VALUES,
    FaultTally,
    Schedule,
    TableSpec,
    unknown_account_id,
)
from advocacy_tools.generator.timeline import Timeline, uniform_int


# Dates of plans rather than events: they may lie after the end date without being faults.
PLANNED_DATE_COLUMNS = frozenset({"target_date", "close_date", "renewal_date"})

# Offsets written in the "offset_timestamp" variant; the shown local time equals UTC plus the offset.
TIMESTAMP_OFFSETS_MINUTES = (0, 60, 120, -300, 330, 540, -180)


class TableSink:
    """Write one table's rows to a temporary CSV file, injecting faults and counting them.

    Rows arrive as dicts of Python values: datetime for text timestamps (columns ending in _at),
    date for dates, float for money, bool, int and str. The sink formats them as the raw
    source would, adds `_loaded_at` and records every fault in `tally`.
    """

    def __init__(self, spec: TableSpec, path: Path, timeline: Timeline, seed: int) -> None:
        self.spec = spec
        self.timeline = timeline
        self.rng = random.Random(f"{seed}/faults/{spec.name}")
        self.columns = [name for name, _ in TABLE_COLUMNS[spec.name]]
        column_types = dict(TABLE_COLUMNS[spec.name])
        self.key_column = self.columns[0]
        self.time_columns = [
            name for name in self.columns
            if (column_types[name] == "varchar" and name.endswith("_at")) or column_types[name] == "date"
        ]
        self.enum_columns = [name for name in self.columns if name in ENUM_COLUMNS]
        self.money_columns = {name for name in self.columns if column_types[name].startswith("decimal")}
        self.text_timestamp_columns = {name for name in self.time_columns if column_types[name] == "varchar"}
        self.event_time_columns = [name for name in self.time_columns if name not in PLANNED_DATE_COLUMNS]
        self.file = path.open("w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.file, lineterminator="\n")
        self.writer.writerow(self.columns)
        self.tally = FaultTally()
        self.position = 0
        self.fresh_key_count = 0
        self.quarantine_turn = self.rng.randrange(max(1, len(spec.quarantine_kinds)))
        self.schedules = {
            "quarantine": Schedule(self.rng, QUARANTINE_RATE),
            "exact_duplicate": Schedule(self.rng, EXACT_DUPLICATE_RATE),
            "resync": Schedule(self.rng, RESYNC_RATE),
            "late_loaded": Schedule(self.rng, LATE_RATE),
        }
        self.odd_case_schedule = Schedule(self.rng, ODD_CASE_RATE)
        self.offset_schedule = Schedule(self.rng, OFFSET_TIMESTAMP_RATE)

    def close(self) -> None:
        self.file.close()

    # ---- loading times -------------------------------------------------------------------------

    def loaded_at(self, event_time: datetime) -> datetime:
        """Return when a nightly or hourly loader would have written an event of `event_time`."""
        lag = timedelta(seconds=uniform_int(self.rng, 600, 20 * 3600))
        return min(max(event_time, self.timeline.start) + lag, self.timeline.run_time)

    # ---- writing -------------------------------------------------------------------------------

    def add(self, row: dict, event_time: datetime, account: AccountPlan | None, protected: bool = False) -> None:
        """Write one row; unless `protected`, it may receive a scheduled fault or variant."""
        self.position += 1
        loaded_at = self.loaded_at(event_time)
        if not protected:
            for treatment, schedule in self.schedules.items():
                if schedule.is_due(self.position) and self.apply_treatment(treatment, row, account, loaded_at, event_time):
                    schedule.advance(self.position)
                    return
        self.write(row, loaded_at)

    def apply_treatment(
        self, treatment: str, row: dict, account: AccountPlan | None, loaded_at: datetime, event_time: datetime
    ) -> bool:
        """Write `row` with `treatment` applied; return False, writing nothing, when it does not fit."""
        if treatment == "quarantine":
            return self.write_quarantined(row, account, loaded_at)

        if treatment == "exact_duplicate":
            line = self.format_row(row, loaded_at)
            self.write_line(line)
            self.write_line(line)
            self.tally.add(self.tally.duplicates, "exact_duplicate")
            return True

        if treatment == "resync":
            if self.spec.stale_version is not None:
                stale = self.spec.stale_version(dict(row), event_time)
            else:
                stale = None
            changed = stale is not None
            stale_row, stale_time = stale if stale is not None else (dict(row), event_time)
            stale_loaded_at = self.loaded_at(stale_time)
            later_loaded_at = max(loaded_at, stale_loaded_at + timedelta(days=self.rng.randint(1, 7)))
            if later_loaded_at > self.timeline.run_time:
                return False
            self.write(stale_row, stale_loaded_at)
            self.write(row, later_loaded_at)
            self.tally.add(self.tally.duplicates, "resync_changed" if changed else "resync_unchanged")
            return True

        # late_loaded: the loader wrote the row days after the event.
        late_loaded_at = loaded_at + timedelta(days=self.rng.randint(3, 20))
        if late_loaded_at > self.timeline.run_time:
            return False
        self.write(row, late_loaded_at)
        self.tally.add(self.tally.variants, "late_loaded")
        return True

    def write_quarantined(self, row: dict, account: AccountPlan | None, loaded_at: datetime) -> bool:
        """Apply the next applicable quarantine fault in turn; parents get it on an extra row."""
        kinds = self.spec.quarantine_kinds
        for attempt in range(len(kinds)):
            kind = kinds[(self.quarantine_turn + attempt) % len(kinds)]
            faulty = dict(row)
            if self.spec.is_parent:
                self.fresh_key_count += 1
                faulty[self.key_column] = f"{self.spec.fresh_key_prefix}{self.fresh_key_count:06d}"
            if not self.apply_fault(kind, faulty, account):
                continue
            self.quarantine_turn = (self.quarantine_turn + attempt + 1) % len(kinds)
            if self.spec.is_parent:
                self.write(row, loaded_at)
            self.write(faulty, loaded_at)
            self.tally.add(self.tally.quarantine, kind)
            return True
        return False

    def apply_fault(self, kind: str, row: dict, account: AccountPlan | None) -> bool:
        """Change `row` in place so that staging must quarantine it; return False if it cannot."""
        if kind == "null_key":
            row[self.key_column] = None
            return True

        if kind == "unknown_account":
            column = self.spec.account_column
            if column is None or row.get(column) is None:
                return False
            row[column] = unknown_account_id(row[column])
            return True

        if kind == "unknown_enum":
            candidates = [name for name in self.enum_columns if row.get(name) is not None]
            if not candidates:
                return False
            column = self.rng.choice(candidates)
            row[column] = self.rng.choice(UNKNOWN_ENUM_VALUES[column])
            return True

        # Both time faults move every time column of the row together, so the row breaks one rule only.
        # They need an event time, because a planned date alone may lie in the future legitimately.
        if kind == "future_timestamp":
            present = [name for name in self.time_columns if row.get(name) is not None]
            if not any(row.get(name) is not None for name in self.event_time_columns):
                return False
            shift_days = (date(2099, 1, 1) - self.timeline.start_date).days + self.rng.randint(0, 300)
            shift_time_columns(row, present, shift_days)
            return True

        if kind == "before_account_created":
            present = [name for name in self.time_columns if row.get(name) is not None]
            events = [name for name in self.event_time_columns if row.get(name) is not None]
            if account is None or not events:
                return False
            first_value = row[events[0]]
            first_date = first_value.date() if isinstance(first_value, datetime) else first_value
            shift_days = (first_date - account.created_at.date()).days + self.rng.randint(1, 90)
            shift_time_columns(row, present, -shift_days)
            return True

        if kind == "negative_amount":
            column = self.spec.negative_column
            if column is None or not row.get(column):
                return False
            row[column] = -abs(row[column])
            return True

        if kind == "out_of_range_score":
            return self.spec.out_of_range is not None and self.spec.out_of_range(row, self.rng)

        if kind == "response_before_created":
            if row.get("first_responded_at") is None:
                return False
            row["first_responded_at"] = row["created_at"] - timedelta(minutes=self.rng.randint(5, 600))
            return True

        raise ValueError(f"unknown fault kind {kind!r} for table {self.spec.name}")

    def write(self, row: dict, loaded_at: datetime) -> None:
        self.write_line(self.format_row(row, loaded_at))

    def write_line(self, line: list[str]) -> None:
        self.writer.writerow(line)
        self.tally.rows_written += 1

    def format_row(self, row: dict, loaded_at: datetime) -> list[str]:
        """Format the row as the source would write it, with any scheduled text variants."""
        offset_minutes = None
        if self.offset_schedule.is_due(self.position) and any(row.get(name) for name in self.time_columns):
            offset_minutes = self.rng.choice(TIMESTAMP_OFFSETS_MINUTES)
            self.offset_schedule.advance(self.position)
            self.tally.add(self.tally.variants, "offset_timestamp")

        odd_case_column = None
        if self.odd_case_schedule.is_due(self.position):
            candidates = [name for name in self.enum_columns if row.get(name)]
            if candidates:
                odd_case_column = self.rng.choice(candidates)
                self.odd_case_schedule.advance(self.position)
                self.tally.add(self.tally.variants, "odd_case_enum")

        line = []
        for name in self.columns:
            if name == "_loaded_at":
                line.append(loaded_at.isoformat(sep=" ", timespec="seconds"))
                continue
            value = row.get(name)
            if value is None:
                line.append("")
            elif name in self.text_timestamp_columns:
                line.append(format_timestamp(value, offset_minutes))
            elif value is True or value is False:
                line.append("true" if value else "false")
            elif name in self.money_columns:
                line.append(f"{value:.2f}")
            elif name == odd_case_column:
                line.append(odd_case(str(value), self.rng))
            else:
                line.append(str(value))
        return line


def shift_time_columns(row: dict, columns: list[str], days: int) -> None:
    for name in columns:
        row[name] = row[name] + timedelta(days=days)


def format_timestamp(value: datetime, offset_minutes: int | None) -> str:
    """Format a UTC time as plain 'YYYY-MM-DD HH:MM:SS', or as ISO 8601 with Z or an offset."""
    if offset_minutes is None:
        return value.isoformat(sep=" ", timespec="seconds")
    if offset_minutes == 0:
        return value.isoformat(timespec="seconds") + "Z"
    local = value + timedelta(minutes=offset_minutes)
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{local.isoformat(timespec='seconds')}{sign}{hours:02d}:{minutes:02d}"


def odd_case(value: str, rng: random.Random) -> str:
    """Return `value` with the case or padding a hand-edited source field might have."""
    forms = (value.upper(), value.title(), f" {value} ", f"{value.upper()} ", f" {value.capitalize()}")
    return rng.choice(forms)
