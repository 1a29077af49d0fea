"""Writing the dataset: DuckDB copies every contract table, cast to the contract types and sorted by all
columns, from the sparse tables' temporary CSV files or the daily views to CSV or Parquet.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from advocacy_tools.generator.config import GeneratorConfig
from advocacy_tools.generator.contract import DAILY_TABLES, TABLE_COLUMNS
from advocacy_tools.generator.daily import DailyTableBuilder
from advocacy_tools.generator.faults import TABLE_SPECS, FaultTally

# The same logger as advocacy_tools.generator.pipeline, named after the command module.
LOGGER = logging.getLogger("advocacy_tools.generate")


@dataclass
class TableResult:
    """One written output file."""

    table: str
    path: Path
    rows: int
    size_bytes: int


def read_csv_sql(path: Path, columns: dict[str, str]) -> str:
    """Return a DuckDB read_csv call that reads `path` with exactly `columns`."""
    column_list = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    return (
        f"read_csv('{path.as_posix()}', header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"escape = '\"', columns = {{{column_list}}})"
    )


def copy_options(output_format: str) -> str:
    if output_format == "csv":
        return "(FORMAT csv, HEADER true)"
    return "(FORMAT parquet, COMPRESSION zstd)"


def contract_select(table: str) -> str:
    """Return the SELECT list that casts a table's columns to the contract types, in contract order."""
    return ", ".join(f'CAST("{name}" AS {kind.upper()}) AS "{name}"' for name, kind in TABLE_COLUMNS[table])


def write_outputs(
    con: duckdb.DuckDBPyConnection,
    config: GeneratorConfig,
    work_dir: Path,
    tallies: dict[str, FaultTally],
    daily: DailyTableBuilder,
) -> list[TableResult]:
    """Write every contract table, sorted by all columns (key first), and fill in the row counts."""
    results = []
    config.out_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLE_COLUMNS:
        started = time.perf_counter()
        path = config.out_dir / f"{table}.{config.output_format}"
        if table in DAILY_TABLES:
            source = f"{table}_rows"
            tallies[table] = daily.count_faults(table)
        else:
            source = read_csv_sql(work_dir / f"{table}.csv", {name: "VARCHAR" for name, _ in TABLE_COLUMNS[table]})
        statement = (
            f"COPY (SELECT {contract_select(table)} FROM {source} ORDER BY ALL) "
            f"TO '{path.as_posix()}' {copy_options(config.output_format)}"
        )
        rows = con.execute(statement).fetchone()[0]
        tally = tallies.setdefault(table, FaultTally())
        if table in TABLE_SPECS and tally.rows_written != rows:
            raise RuntimeError(f"{table}: wrote {rows} rows but the sink counted {tally.rows_written}")
        tally.rows_written = rows
        results.append(TableResult(table, path, rows, path.stat().st_size))
        LOGGER.info("wrote %s: %d rows in %.1f s", path, rows, time.perf_counter() - started)
    return results
