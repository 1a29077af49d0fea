"""Land CSV files untouched into a landing schema of a DuckDB database, every column as text.

Run: `python -m advocacy_tools.land_files FOLDER --schema landing_ravenstack [--database PATH]`.
Each `<name>.csv` in FOLDER becomes the table `<schema>.<name>`, or the name given by `--rename
<name>=<table>` for files named unlike the tables a connector lands. The table has the file's columns as
VARCHAR (an empty field lands as NULL) plus two loader columns: `_file_row_number`, the row's 1-based line
number after the header, and `_loaded_at`, the UTC time of the load. Typing, deduplication and
quarantine are left to the dbt models, so nothing is changed or dropped here. The database defaults
to ADVOCACY_DUCKDB_PATH or warehouse/advocacy.duckdb, the file the duckdb profile writes.

NOTE: this loader writes DuckDB only. On PostgreSQL or Spark, land the files with your own loader in the
same shape (every file column as text, plus _file_row_number and _loaded_at).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

DEFAULT_DATABASE = "warehouse/advocacy.duckdb"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class LandedTable:
    """One landed file: where it came from, the table it became and how many rows it holds."""

    path: Path
    table: str
    rows: int


def table_name_for(path: Path) -> str:
    """Return the landing table name of a CSV file: its stem, lower-cased; reject names that need quoting."""
    name = path.stem.lower()
    if not IDENTIFIER.match(name):
        raise ValueError(f"file name {path.name!r} does not give a plain table name (letters, digits, _)")
    return name


def numbered_copy(source: Path, target: Path) -> int:
    """Copy the CSV `source` to `target` with `_file_row_number` as a first column; return the data rows."""
    with source.open(newline="", encoding="utf-8") as reader_file, target.open(
        "w", newline="", encoding="utf-8"
    ) as writer_file:
        reader = csv.reader(reader_file)
        writer = csv.writer(writer_file)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{source} is empty: a landed file needs a header row")
        if "_file_row_number" in header or "_loaded_at" in header:
            raise ValueError(f"{source} already has a column named _file_row_number or _loaded_at")
        writer.writerow(["_file_row_number", *header])
        rows = 0
        for rows, row in enumerate(reader, start=1):
            if len(row) != len(header):
                raise ValueError(
                    f"{source} line {rows + 1}: {len(row)} fields where the header has {len(header)}"
                )
            writer.writerow([rows, *row])
    return rows


def land_folder(
    folder: Path, database: Path, schema: str, renames: dict[str, str] | None = None
) -> list[LandedTable]:
    """Replace `<schema>.<name>` with the contents of every `<name>.csv` in `folder`.

    `renames` maps a file stem to the table name it lands as; other files keep their stem.
    """
    renames = renames or {}
    if not IDENTIFIER.match(schema):
        raise ValueError(f"schema {schema!r} is not a plain identifier (lower-case letters, digits, _)")
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"no .csv files found in {folder}")
    unknown = sorted(set(renames) - {path.stem.lower() for path in files})
    if unknown:
        raise ValueError(f"--rename names files not found in {folder}: {', '.join(unknown)}")
    for target in renames.values():
        if not IDENTIFIER.match(target):
            raise ValueError(f"--rename target {target!r} is not a plain table name (lower-case letters, digits, _)")

    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    landed = []
    database.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work_dir, duckdb.connect(str(database)) as connection:
        # Qualify with the catalog: a database file named like the schema would make `schema.table` ambiguous.
        catalog = connection.execute("select current_database()").fetchone()[0]
        qualified_schema = f'"{catalog}".{schema}'
        connection.execute(f"create schema if not exists {qualified_schema}")
        for path in files:
            table = renames.get(path.stem.lower()) or table_name_for(path)
            copy = Path(work_dir) / path.name
            rows = numbered_copy(path, copy)
            # all_varchar keeps ids, dates and flags exactly as written; only the row number is typed.
            connection.execute(
                f"""
                create or replace table {qualified_schema}.{table} as
                select
                    * replace (cast(_file_row_number as bigint) as _file_row_number),
                    cast(? as timestamp) as _loaded_at
                from read_csv(?, header = true, all_varchar = true, auto_detect = true)
                """,
                [loaded_at, str(copy)],
            )
            count = connection.execute(f"select count(*) from {qualified_schema}.{table}").fetchone()[0]
            if count != rows:
                raise RuntimeError(f"{path}: {rows} data rows in the file but {count} landed in {schema}.{table}")
            landed.append(LandedTable(path=path, table=f"{schema}.{table}", rows=count))
    return landed


def parse_arguments(arguments: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder whose .csv files are landed, one table per file")
    parser.add_argument("--schema", required=True, help="landing schema to create or refresh")
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("ADVOCACY_DUCKDB_PATH", DEFAULT_DATABASE)),
        help="DuckDB file to write (default: ADVOCACY_DUCKDB_PATH or %(default)s)",
    )
    parser.add_argument(
        "--rename",
        action="append",
        default=[],
        metavar="FILE_STEM=TABLE",
        help="land FILE_STEM.csv as TABLE instead of FILE_STEM (repeatable)",
    )
    options = parser.parse_args(arguments)
    renames = {}
    for item in options.rename:
        stem, separator, table = item.partition("=")
        if not separator or not stem or not table:
            parser.error(f"--rename {item!r} is invalid; expected FILE_STEM=TABLE")
        renames[stem.lower()] = table
    options.renames = renames
    return options


def main(arguments: Sequence[str] | None = None) -> int:
    options = parse_arguments(arguments)
    try:
        landed = land_folder(options.folder, options.database, options.schema, options.renames)
    except (OSError, ValueError) as error:
        print(f"land_files: {error}", file=sys.stderr)
        return 1
    for table in landed:
        print(f"{table.table:<50} {table.rows:>8} rows  from {table.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
