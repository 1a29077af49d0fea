"""Compare the models and seeds of a dbt build on another engine with the same build on DuckDB.

Used by the PostgreSQL and Spark tests. The nodes to compare come from each build's manifest, so a new
model or seed is compared without changes here. Columns are matched by name and rows after sorting by
every column; floats must agree within FLOAT_RELATIVE_TOLERANCE (or FLOAT_ABSOLUTE_TOLERANCE near zero),
every other value exactly.

A model whose output depends on the build time can exclude such columns in its YAML:

    config:
      meta:
        compare_across_engines:
          ignore_columns: [built_at]
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .conftest import DbtResult

COMPARED_RESOURCE_TYPES = {"model", "seed"}
COMPARED_MATERIALIZATIONS = {"table", "view", "incremental", "seed"}

# Floats may differ in the last bits between engines (summation order, library functions).
FLOAT_RELATIVE_TOLERANCE = 1e-9
# Only for floats near zero, where a relative tolerance accepts nothing: 1e-17 against 0.0.
FLOAT_ABSOLUTE_TOLERANCE = 1e-12

ROWS_SHOWN_PER_MODEL = 3
# A differing row is shown by this many leading columns, with every differing column after them.
ROW_CONTEXT_COLUMNS = 6


@dataclass
class Relation:
    """Rows of one model on one engine, with the column names in the order the engine returned them."""

    columns: list[str]
    rows: list[tuple]


def assert_clean_build(result: DbtResult) -> None:
    """Assert that a `dbt build` succeeded with no warning, error or skipped node."""
    result.assert_success()

    output = result.dbt_lines()
    summary = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", output)
    assert summary is not None, output[-2000:]
    passed, warned, errored, skipped = (int(value) for value in summary.groups())
    assert passed > 0
    assert warned == 0, output[-6000:]
    assert errored == 0, output[-6000:]
    assert skipped == 0, output[-6000:]


def compare_builds_with_duckdb(
    engine: str,
    engine_manifest: Path,
    engine_build_failed: bool,
    read_engine_relation: Callable[[str], Relation],
    engine_errors: tuple[type[BaseException], ...],
    duckdb_manifest: Path,
    duckdb_database: Path,
    column_order_matters: bool = True,
) -> tuple[int, list[str]]:
    """Compare every model and seed of two builds and return (nodes compared, findings).

    `read_engine_relation` reads a relation_name of the engine's manifest; the exceptions listed in
    `engine_errors` count as "cannot be read" findings. An empty list of findings means both builds hold
    the same nodes with the same rows. With `column_order_matters` false, only the set of column names
    must agree, for engines that move columns (Spark stores partition columns last).
    """
    engine_nodes = compared_nodes(engine_manifest)
    duckdb_nodes = compared_nodes(duckdb_manifest)

    problems: list[str] = []
    if engine_build_failed:
        problems.append(f"the {engine} build failed, so the models it skipped are missing below")
    missing_on_duckdb = sorted(set(engine_nodes) - set(duckdb_nodes))
    missing_on_engine = sorted(set(duckdb_nodes) - set(engine_nodes))
    if missing_on_duckdb:
        problems.append(f"only in the {engine} manifest: {missing_on_duckdb}")
    if missing_on_engine:
        problems.append(f"only in the DuckDB manifest: {missing_on_engine}")

    with duckdb.connect(str(duckdb_database), read_only=True) as duckdb_connection:
        for unique_id in sorted(set(engine_nodes) & set(duckdb_nodes)):
            engine_node = engine_nodes[unique_id]
            duckdb_node = duckdb_nodes[unique_id]

            try:
                duckdb_relation = read_duckdb(duckdb_connection, duckdb_node["relation_name"])
            except duckdb.Error as error:
                problems.append(f"{unique_id}: cannot be read on DuckDB: {error}")
                continue
            try:
                engine_relation = read_engine_relation(engine_node["relation_name"])
            except engine_errors as error:
                problems.append(f"{unique_id}: cannot be read on {engine} (did it fail to build?): {error}".rstrip())
                continue

            difference = describe_difference(
                engine, duckdb_relation, engine_relation, ignored_columns(engine_node), column_order_matters
            )
            if difference:
                problems.append(f"{unique_id} ({engine_node['relation_name']}):\n{difference}")

    return len(engine_nodes), problems


def compared_nodes(manifest_path: Path) -> dict[str, dict]:
    """Return the enabled models and seeds of a manifest that build a relation, by unique_id."""
    manifest = json.loads(manifest_path.read_text())
    return {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in COMPARED_RESOURCE_TYPES
        and node["config"].get("enabled", True)
        and node["config"].get("materialized") in COMPARED_MATERIALIZATIONS
        and node.get("relation_name")
    }


def ignored_columns(node: dict) -> set[str]:
    meta = node["config"].get("meta") or node.get("meta") or {}
    return set(meta.get("compare_across_engines", {}).get("ignore_columns", []))


def read_duckdb(connection: duckdb.DuckDBPyConnection, relation_name: str) -> Relation:
    cursor = connection.execute(f"select * from {relation_name}")
    columns = [description[0] for description in cursor.description]
    return Relation(columns=columns, rows=cursor.fetchall())


def describe_difference(
    engine: str,
    duckdb_relation: Relation,
    engine_relation: Relation,
    ignored: set[str],
    column_order_matters: bool = True,
) -> str:
    """Return a report of how the relation on `engine` differs from the one on DuckDB, or '' when they match.

    Columns are compared by name. Rows are compared after sorting both sides by all shared columns,
    so the report shows the first rows that differ and the columns that differ in them.
    """
    lines: list[str] = []

    if column_order_matters:
        columns_differ = duckdb_relation.columns != engine_relation.columns
    else:
        columns_differ = sorted(duckdb_relation.columns) != sorted(engine_relation.columns)
    if columns_differ:
        lines.append(f"  columns on DuckDB: {duckdb_relation.columns}")
        lines.append(f"  columns on {engine}: {engine_relation.columns}")
    shared_columns = [
        column
        for column in duckdb_relation.columns
        if column in engine_relation.columns and column not in ignored
    ]
    duckdb_rows = sorted_rows(duckdb_relation, shared_columns)
    engine_rows = sorted_rows(engine_relation, shared_columns)

    if len(duckdb_rows) != len(engine_rows):
        lines.append(f"  row count: DuckDB {len(duckdb_rows)}, {engine} {len(engine_rows)}")
        lines.extend(describe_unmatched_rows(engine, duckdb_rows, engine_rows, shared_columns))
        return "\n".join(lines)

    differing_rows = 0
    differing_columns: Counter[str] = Counter()
    examples: list[str] = []
    for row_number, (duckdb_row, engine_row) in enumerate(zip(duckdb_rows, engine_rows), start=1):
        columns_here = [
            column
            for column, duckdb_value, engine_value in zip(shared_columns, duckdb_row, engine_row)
            if not values_equal(duckdb_value, engine_value)
        ]
        if not columns_here:
            continue

        differing_rows += 1
        differing_columns.update(columns_here)
        if differing_rows <= ROWS_SHOWN_PER_MODEL:
            examples.extend(
                describe_differing_row(engine, row_number, shared_columns, duckdb_row, engine_row, columns_here)
            )

    if differing_rows:
        counts = ", ".join(f"{column} ({count})" for column, count in differing_columns.most_common())
        lines.append(
            f"  {differing_rows} of {len(duckdb_rows)} rows differ (sorted by all columns); "
            f"differing rows per column: {counts}"
        )
        lines.extend(examples)
    return "\n".join(lines)


def describe_differing_row(
    engine: str,
    row_number: int,
    columns: list[str],
    duckdb_row: tuple,
    engine_row: tuple,
    differing_columns: list[str],
) -> list[str]:
    """Describe a differing row by its leading columns (usually its key), then each differing column on both engines."""
    context_columns = columns[:ROW_CONTEXT_COLUMNS]
    lines = [f"  sorted row {row_number}, DuckDB {format_row(context_columns, duckdb_row)}:"]
    for column in differing_columns:
        position = columns.index(column)
        lines.append(
            f"    {column}: DuckDB {format_value(duckdb_row[position])}, "
            f"{engine} {format_value(engine_row[position])}"
        )
    return lines


def describe_unmatched_rows(
    engine: str, duckdb_rows: list[tuple], engine_rows: list[tuple], columns: list[str]
) -> list[str]:
    """List the first rows present on one engine only, matching rows by their rounded values."""
    duckdb_counts = Counter(tuple(rounded_value(value) for value in row) for row in duckdb_rows)
    engine_counts = Counter(tuple(rounded_value(value) for value in row) for row in engine_rows)

    lines = []
    for engine, only_here in (
        ("DuckDB", duckdb_counts - engine_counts),
        (engine, engine_counts - duckdb_counts),
    ):
        rows = sorted(only_here.elements(), key=row_sort_key)[:ROWS_SHOWN_PER_MODEL]
        if rows:
            lines.append(f"  first rows only on {engine} ({only_here.total()} in all):")
            lines.extend(f"    {format_row(columns, row)}" for row in rows)
    return lines


def sorted_rows(relation: Relation, columns: list[str]) -> list[tuple]:
    positions = [relation.columns.index(column) for column in columns]
    projected = [tuple(row[position] for position in positions) for row in relation.rows]
    return sorted(projected, key=row_sort_key)


def row_sort_key(row: tuple) -> tuple:
    return tuple(value_sort_key(value) for value in row)


def value_sort_key(value: Any) -> tuple:
    """Order any value the drivers return: nulls first, then by kind, then by value.

    int, Decimal and float compare exactly with each other in Python, so a number sorts the same
    whether an engine returns it as an integer, a decimal or a float. NaN sorts after every number.
    """
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, (int, float, decimal.Decimal)):
        if is_nan(value):
            return (2, 1, 0)
        return (2, 0, value)
    if isinstance(value, datetime.datetime):
        return (3, value.tzinfo is not None, as_utc(value))
    if isinstance(value, datetime.date):
        return (4, value)
    if isinstance(value, str):
        return (5, value)
    return (6, type(value).__name__, repr(value))


def values_equal(duckdb_value: Any, engine_value: Any) -> bool:
    """Compare two values: floats within the stated tolerances, everything else exactly.

    A timestamp with a time zone equals another one at the same instant, but never a timestamp
    without one. A boolean never equals a number.
    """
    if duckdb_value is None or engine_value is None:
        return duckdb_value is None and engine_value is None

    if isinstance(duckdb_value, bool) or isinstance(engine_value, bool):
        return type(duckdb_value) is type(engine_value) and duckdb_value == engine_value

    numbers = (int, float, decimal.Decimal)
    if isinstance(duckdb_value, numbers) and isinstance(engine_value, numbers):
        if isinstance(duckdb_value, float) or isinstance(engine_value, float):
            if is_nan(duckdb_value) or is_nan(engine_value):
                return is_nan(duckdb_value) and is_nan(engine_value)
            return math.isclose(
                float(duckdb_value),
                float(engine_value),
                rel_tol=FLOAT_RELATIVE_TOLERANCE,
                abs_tol=FLOAT_ABSOLUTE_TOLERANCE,
            )
        return duckdb_value == engine_value

    if isinstance(duckdb_value, datetime.datetime) and isinstance(engine_value, datetime.datetime):
        same_kind = (duckdb_value.tzinfo is None) == (engine_value.tzinfo is None)
        return same_kind and as_utc(duckdb_value) == as_utc(engine_value)

    # datetime is a subclass of date, so compare types before values: a date never equals a timestamp.
    if isinstance(duckdb_value, datetime.date) or isinstance(engine_value, datetime.date):
        return type(duckdb_value) is type(engine_value) and duckdb_value == engine_value

    return duckdb_value == engine_value


def is_nan(value: Any) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, decimal.Decimal):
        return value.is_nan()
    return False


def as_utc(value: datetime.datetime) -> datetime.datetime:
    """Return a naive timestamp: an aware one converted to UTC, a naive one unchanged."""
    if value.tzinfo is None:
        return value
    return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def rounded_value(value: Any) -> Any:
    """Return a hashable stand-in for matching rows whose floats differ only in the last digits."""
    if isinstance(value, bool) or value is None:
        return value
    finite_float = isinstance(value, float) and math.isfinite(value)
    finite_decimal = isinstance(value, decimal.Decimal) and value.is_finite()
    if finite_float or finite_decimal:
        if value == int(value):
            return int(value)
        return float(f"{float(value):.9g}")
    if isinstance(value, datetime.datetime):
        return (value.tzinfo is not None, as_utc(value))
    return value


def format_row(columns: list[str], row: tuple) -> str:
    return "{" + ", ".join(f"{column}={format_value(value)}" for column, value in zip(columns, row)) + "}"


def format_value(value: Any) -> str:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return f"{as_utc(value).isoformat(sep=' ')} UTC"
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return repr(value)
