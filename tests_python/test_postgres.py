"""PostgreSQL builds the whole project, and every model contains the same rows as on DuckDB.

The models to compare come from the manifest of the PostgreSQL build, so a new model is compared
without changes here. Seeds are compared as well, because a seed loaded with other types on one
engine is the first place where the engines drift apart.

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
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pytest

from .conftest import Build, DbtResult, run_dbt
from .postgres_server import PostgresSettings

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
class PostgresBuild:
    """A finished `dbt build --target postgres` on the sample data."""

    settings: PostgresSettings
    work_dir: Path
    result: DbtResult


@dataclass
class Relation:
    """Rows of one model on one engine, with the column names in the order the engine returned them."""

    columns: list[str]
    rows: list[tuple]


@pytest.fixture(scope="module")
def postgres_build(postgres_server: PostgresSettings, tmp_path_factory: pytest.TempPathFactory) -> PostgresBuild:
    """Build every seed, model and test on the test PostgreSQL server."""
    work_dir = tmp_path_factory.mktemp("postgres_build")

    # run_dbt always sets a DuckDB path; the postgres target ignores it, so no file is created there.
    result = run_dbt(
        ["build", "--target", "postgres"],
        work_dir / "unused.duckdb",
        work_dir,
        extra_env=postgres_server.as_environment(),
    )
    return PostgresBuild(settings=postgres_server, work_dir=work_dir, result=result)


def test_postgres_build_succeeds(postgres_build: PostgresBuild) -> None:
    postgres_build.result.assert_success()

    output = postgres_build.result.output
    summary = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", output)
    assert summary is not None, output[-2000:]
    passed, warned, errored, skipped = (int(value) for value in summary.groups())
    assert passed > 0
    assert warned == 0, output[-6000:]
    assert errored == 0, output[-6000:]
    assert skipped == 0, output[-6000:]


def test_every_model_matches_duckdb(postgres_build: PostgresBuild, sample_build: Build) -> None:
    postgres_nodes = compared_nodes(postgres_build.work_dir / "target" / "manifest.json")
    duckdb_nodes = compared_nodes(sample_build.work_dir / "target" / "manifest.json")
    assert postgres_nodes, "the PostgreSQL manifest lists no model or seed to compare"

    problems: list[str] = []
    if postgres_build.result.returncode != 0:
        problems.append(
            "the PostgreSQL build failed (see test_postgres_build_succeeds), "
            "so the models it skipped are missing below"
        )
    missing_on_duckdb = sorted(set(postgres_nodes) - set(duckdb_nodes))
    missing_on_postgres = sorted(set(duckdb_nodes) - set(postgres_nodes))
    if missing_on_duckdb:
        problems.append(f"only in the PostgreSQL manifest: {missing_on_duckdb}")
    if missing_on_postgres:
        problems.append(f"only in the DuckDB manifest: {missing_on_postgres}")

    with (
        duckdb.connect(str(sample_build.database), read_only=True) as duckdb_connection,
        closing(postgres_build.settings.connect()) as postgres_connection,
    ):
        for unique_id in sorted(set(postgres_nodes) & set(duckdb_nodes)):
            postgres_node = postgres_nodes[unique_id]
            duckdb_node = duckdb_nodes[unique_id]

            try:
                duckdb_relation = read_duckdb(duckdb_connection, duckdb_node["relation_name"])
            except duckdb.Error as error:
                problems.append(f"{unique_id}: cannot be read on DuckDB: {error}")
                continue
            try:
                postgres_relation = read_postgres(postgres_connection, postgres_node["relation_name"])
            except psycopg2.Error as error:
                problems.append(
                    f"{unique_id}: cannot be read on PostgreSQL (did it fail to build?): {error}".rstrip()
                )
                continue

            difference = describe_difference(
                duckdb_relation, postgres_relation, ignored_columns(postgres_node)
            )
            if difference:
                problems.append(f"{unique_id} ({postgres_node['relation_name']}):\n{difference}")

    assert not problems, (
        f"DuckDB and PostgreSQL differ ({len(problems)} findings, {len(postgres_nodes)} models and seeds compared):\n\n"
        + "\n\n".join(problems)
    )


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


def read_postgres(connection: Any, relation_name: str) -> Relation:
    with connection.cursor() as cursor:
        cursor.execute(f"select * from {relation_name}")
        columns = [description[0] for description in cursor.description]
        return Relation(columns=columns, rows=cursor.fetchall())


def describe_difference(duckdb_relation: Relation, postgres_relation: Relation, ignored: set[str]) -> str:
    """Return a report of how the two relations differ, or '' when they match.

    Columns are compared by name. Rows are compared after sorting both sides by all shared columns,
    so the report shows the first rows that differ and the columns that differ in them.
    """
    lines: list[str] = []

    if duckdb_relation.columns != postgres_relation.columns:
        lines.append(f"  columns on DuckDB:     {duckdb_relation.columns}")
        lines.append(f"  columns on PostgreSQL: {postgres_relation.columns}")
    shared_columns = [
        column
        for column in duckdb_relation.columns
        if column in postgres_relation.columns and column not in ignored
    ]
    duckdb_rows = sorted_rows(duckdb_relation, shared_columns)
    postgres_rows = sorted_rows(postgres_relation, shared_columns)

    if len(duckdb_rows) != len(postgres_rows):
        lines.append(f"  row count: DuckDB {len(duckdb_rows)}, PostgreSQL {len(postgres_rows)}")
        lines.extend(describe_unmatched_rows(duckdb_rows, postgres_rows, shared_columns))
        return "\n".join(lines)

    differing_rows = 0
    differing_columns: Counter[str] = Counter()
    examples: list[str] = []
    for row_number, (duckdb_row, postgres_row) in enumerate(zip(duckdb_rows, postgres_rows), start=1):
        columns_here = [
            column
            for column, duckdb_value, postgres_value in zip(shared_columns, duckdb_row, postgres_row)
            if not values_equal(duckdb_value, postgres_value)
        ]
        if not columns_here:
            continue

        differing_rows += 1
        differing_columns.update(columns_here)
        if differing_rows <= ROWS_SHOWN_PER_MODEL:
            examples.extend(describe_differing_row(row_number, shared_columns, duckdb_row, postgres_row, columns_here))

    if differing_rows:
        counts = ", ".join(f"{column} ({count})" for column, count in differing_columns.most_common())
        lines.append(
            f"  {differing_rows} of {len(duckdb_rows)} rows differ (sorted by all columns); "
            f"differing rows per column: {counts}"
        )
        lines.extend(examples)
    return "\n".join(lines)


def describe_differing_row(
    row_number: int, columns: list[str], duckdb_row: tuple, postgres_row: tuple, differing_columns: list[str]
) -> list[str]:
    """Describe a differing row by its leading columns (usually its key), then each differing column on both engines."""
    context_columns = columns[:ROW_CONTEXT_COLUMNS]
    lines = [f"  sorted row {row_number}, DuckDB {format_row(context_columns, duckdb_row)}:"]
    for column in differing_columns:
        position = columns.index(column)
        lines.append(
            f"    {column}: DuckDB {format_value(duckdb_row[position])}, "
            f"PostgreSQL {format_value(postgres_row[position])}"
        )
    return lines


def describe_unmatched_rows(duckdb_rows: list[tuple], postgres_rows: list[tuple], columns: list[str]) -> list[str]:
    """List the first rows present on one engine only, matching rows by their rounded values."""
    duckdb_counts = Counter(tuple(rounded_value(value) for value in row) for row in duckdb_rows)
    postgres_counts = Counter(tuple(rounded_value(value) for value in row) for row in postgres_rows)

    lines = []
    for engine, only_here in (
        ("DuckDB", duckdb_counts - postgres_counts),
        ("PostgreSQL", postgres_counts - duckdb_counts),
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


def values_equal(duckdb_value: Any, postgres_value: Any) -> bool:
    """Compare two values: floats within the stated tolerances, everything else exactly.

    A timestamp with a time zone equals another one at the same instant, but never a timestamp
    without one. A boolean never equals a number.
    """
    if duckdb_value is None or postgres_value is None:
        return duckdb_value is None and postgres_value is None

    if isinstance(duckdb_value, bool) or isinstance(postgres_value, bool):
        return type(duckdb_value) is type(postgres_value) and duckdb_value == postgres_value

    numbers = (int, float, decimal.Decimal)
    if isinstance(duckdb_value, numbers) and isinstance(postgres_value, numbers):
        if isinstance(duckdb_value, float) or isinstance(postgres_value, float):
            if is_nan(duckdb_value) or is_nan(postgres_value):
                return is_nan(duckdb_value) and is_nan(postgres_value)
            return math.isclose(
                float(duckdb_value),
                float(postgres_value),
                rel_tol=FLOAT_RELATIVE_TOLERANCE,
                abs_tol=FLOAT_ABSOLUTE_TOLERANCE,
            )
        return duckdb_value == postgres_value

    if isinstance(duckdb_value, datetime.datetime) and isinstance(postgres_value, datetime.datetime):
        same_kind = (duckdb_value.tzinfo is None) == (postgres_value.tzinfo is None)
        return same_kind and as_utc(duckdb_value) == as_utc(postgres_value)

    # datetime is a subclass of date, so compare types before values: a date never equals a timestamp.
    if isinstance(duckdb_value, datetime.date) or isinstance(postgres_value, datetime.date):
        return type(duckdb_value) is type(postgres_value) and duckdb_value == postgres_value

    return duckdb_value == postgres_value


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
