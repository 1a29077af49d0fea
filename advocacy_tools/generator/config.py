"""Parameters of one generator run (``GeneratorConfig``) and the limits they are checked against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


MIN_DAYS = 60
MAX_ACCOUNTS = 999_999


@dataclass(frozen=True)
class GeneratorConfig:
    """Parameters of one generator run."""

    accounts: int = 300
    days: int = 456
    end_date: date = date(2026, 11, 30)
    seed: int = 42
    output_format: str = "csv"
    out_dir: Path = Path("seeds/sample")
    # DuckDB limits: the 100k x 365 benchmark scale must stay well under 8 GiB of memory.
    memory_limit: str = "4GB"
    threads: int | None = None
    # Benchmark shape: every account is a customer for the whole window and has a product_usage_daily row on
    # every day, so that table contains accounts x days rows (plus injected duplicates).
    dense_usage: bool = False

    def validate(self) -> None:
        """Raise ValueError when a parameter is outside the supported range."""
        if not 1 <= self.accounts <= MAX_ACCOUNTS:
            raise ValueError(f"invalid --accounts {self.accounts}: use 1 to {MAX_ACCOUNTS}")
        if self.days < MIN_DAYS:
            raise ValueError(f"invalid --days {self.days}: use at least {MIN_DAYS} so every story fits")
        if self.output_format not in ("csv", "parquet"):
            raise ValueError(f"invalid --format {self.output_format!r}: use csv or parquet")
