"""The command line of the generator: options parsed into a ``GeneratorConfig``, and ``main``,
which runs ``advocacy_tools.generator.pipeline.generate`` and prints one line per written file.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import date
from pathlib import Path

from advocacy_tools.generator.config import MIN_DAYS, GeneratorConfig
from advocacy_tools.generator.pipeline import generate


def parse_arguments(argv: list[str] | None) -> GeneratorConfig:
    parser = argparse.ArgumentParser(
        prog="advocacy-generate",
        description="Write the raw sample dataset (one file per contract table) deterministically from a seed.",
    )
    parser.add_argument("--accounts", type=int, default=300, help="number of customer accounts (default 300)")
    parser.add_argument(
        "--days", type=int, default=456, help=f"length of the window in days, at least {MIN_DAYS} (default 456)"
    )
    parser.add_argument(
        "--end-date", type=date.fromisoformat, default=date(2026, 11, 30),
        help="last day of the window, YYYY-MM-DD (default 2026-11-30)",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--format", dest="output_format", choices=("csv", "parquet"), default="csv", help="output format (default csv)"
    )
    parser.add_argument("--out", type=Path, default=Path("seeds/sample"), help="output folder (default seeds/sample)")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit, for example 4GB (default 4GB)")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    parser.add_argument(
        "--dense-usage", action="store_true",
        help="benchmark shape: no account starts or churns inside the window and every account has a"
        " product_usage_daily row on every day (accounts x days rows); off by default",
    )
    arguments = parser.parse_args(argv)
    return GeneratorConfig(
        accounts=arguments.accounts,
        days=arguments.days,
        end_date=arguments.end_date,
        seed=arguments.seed,
        output_format=arguments.output_format,
        out_dir=arguments.out,
        memory_limit=arguments.memory_limit,
        threads=arguments.threads,
        dense_usage=arguments.dense_usage,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line and print one line per written file."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    config = parse_arguments(argv)
    try:
        config.validate()
    except ValueError as error:
        print(f"advocacy-generate: {error}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    results = generate(config)
    elapsed = time.perf_counter() - started
    for result in results:
        print(f"{result.path}\t{result.rows}\t{result.size_bytes}")
    total_bytes = sum(result.size_bytes for result in results)
    total_rows = sum(result.rows for result in results)
    print(f"total\t{total_rows}\t{total_bytes}\t{elapsed:.1f}s")
    return 0
