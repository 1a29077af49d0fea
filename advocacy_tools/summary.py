"""Print a short, readable summary of a DuckDB build of the project.

Run after `dbt build`: `python -m advocacy_tools.summary [--database PATH]`. The database defaults to
ADVOCACY_DUCKDB_PATH or warehouse/advocacy.duckdb, the file the duckdb profile writes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

DEFAULT_DATABASE = "warehouse/advocacy.duckdb"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as a plain-text table with right-aligned numbers and left-aligned text."""
    cells = [[_format_cell(value) for value in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row)]

    numeric = [
        all(isinstance(row[index], (int, float)) or row[index] is None for row in rows) and bool(rows)
        for index in range(len(headers))
    ]

    def render(values: Sequence[str]) -> str:
        padded = [
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric)
        ]
        return "  ".join(padded).rstrip()

    lines = [render(headers), render(["-" * width for width in widths])]
    lines.extend(render(row) for row in cells)
    return "\n".join(lines)


def _format_cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def summarize_staging(connection: duckdb.DuckDBPyConnection) -> str:
    """Describe where every raw row went, and the most frequent quarantine reasons."""
    counts = connection.execute(
        """
        select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows
        from main_staging.stg_quarantine__row_counts
        order by source_table
        """
    ).fetchall()

    reasons = connection.execute(
        """
        with reasons as (
            select source_table, unnest(string_split(quarantine_reason, '; ')) as reason
            from main_staging.stg_quarantine__rows
        )

        select
            source_table,
            regexp_replace(reason, '''[^'']*''', '<value>', 'g') as reason_kind,
            count(*) as rows_affected
        from reasons
        group by source_table, reason_kind
        order by rows_affected desc, source_table, reason_kind
        limit 12
        """
    ).fetchall()

    parts = [
        "Raw rows by table (staged + quarantined + superseded re-sync copies = raw)",
        format_table(["table", "raw", "staged", "quarantined", "superseded"], counts),
        "",
        "Most frequent quarantine reasons (all rows: stg_quarantine__rows)",
        format_table(["table", "reason", "rows"], reasons),
    ]
    return "\n".join(parts)


def build_summary(database: Path) -> str:
    """Return the whole summary text for the DuckDB file at `database`."""
    with duckdb.connect(str(database), read_only=True) as connection:
        sections = [summarize_staging(connection)]
    return "\n\n".join(sections)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("ADVOCACY_DUCKDB_PATH", DEFAULT_DATABASE)),
        help="DuckDB file written by `dbt build` (default: %(default)s)",
    )
    arguments = parser.parse_args(argv)

    if not arguments.database.exists():
        print(f"error: database {arguments.database} not found; run `dbt build` first", file=sys.stderr)
        return 1

    print(build_summary(arguments.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
