"""Publish the marts of a finished DuckDB build as a separate, read-only copy for the dashboard and BI tools.

DuckDB lets one process write a database file, and any other open connection, even a read-only one,
makes `dbt build` fail with "Could not set lock on file". Readers therefore never open the file dbt
writes. After a successful build, `publish` copies the marts into a temporary file beside the published
copy and renames it over the old one. The rename is atomic on POSIX file systems, so a reader opens
either the previous build or the new one, never a half-written file, and a connection that is already
open keeps reading the file it opened.

The copy contains the marts schema only (ids and personas, no personal data) and a table
`publication.build_info` with the build time, the as-of date and the settings the dashboard shows.

Run `python -m advocacy_tools.publish` after `dbt build`, or `bin/refresh`, which does both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUILD_DATABASE = "warehouse/advocacy.duckdb"
DEFAULT_PUBLISHED_DATABASE = "warehouse/published/advocacy.duckdb"
MARTS_SCHEMA = "main_marts"

# dbt vars copied into build_info, because the dashboard explains numbers that depend on them.
PUBLISHED_SETTINGS = ("health_persistence_days", "health_minimum_completeness")


@dataclass(frozen=True)
class BuildInfo:
    """Build metadata stored in the published copy."""

    built_at: datetime
    as_of_date: object
    dbt_invocation_id: str | None
    published_at: datetime
    health_persistence_days: int
    health_minimum_completeness: float


def build_database_path() -> Path:
    """Return the DuckDB file dbt writes: ADVOCACY_DUCKDB_PATH, as in profiles/profiles.yml, or the default."""
    return Path(os.environ.get("ADVOCACY_DUCKDB_PATH", DEFAULT_BUILD_DATABASE))


def published_database_path() -> Path:
    """Return the published copy the dashboard reads: ADVOCACY_PUBLISHED_PATH or the default."""
    return Path(os.environ.get("ADVOCACY_PUBLISHED_PATH", DEFAULT_PUBLISHED_DATABASE))


def read_run_results(target_path: Path) -> dict:
    """Read dbt's run_results.json from `target_path`, or return {} when dbt wrote none."""
    run_results = target_path / "run_results.json"
    if not run_results.exists():
        return {}
    return json.loads(run_results.read_text())


def read_settings(run_results: dict) -> dict[str, object]:
    """Return the published settings: `--vars` of the build when given there, else dbt_project.yml's values."""
    project_vars = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
    command_line_vars = run_results.get("args", {}).get("vars") or {}
    return {name: command_line_vars.get(name, project_vars[name]) for name in PUBLISHED_SETTINGS}


def publish(build_database: Path, published_database: Path, run_results: dict | None = None) -> BuildInfo:
    """Copy the marts of `build_database` to `published_database` atomically and return what was recorded.

    The build time is run_results.json's `generated_at` (when dbt finished); without run results it
    is the build file's modification time.
    """
    if not build_database.exists():
        raise FileNotFoundError(f"build database {build_database} not found; run `dbt build` first")

    run_results = run_results or {}
    failed_nodes = [
        result["unique_id"] for result in run_results.get("results", []) if result.get("status") in ("error", "fail")
    ]
    if failed_nodes:
        raise ValueError(
            f"the last dbt command failed on {len(failed_nodes)} nodes ({', '.join(failed_nodes[:3])}, ...);"
            " fix the build before publishing"
        )
    metadata = run_results.get("metadata", {})
    if "generated_at" in metadata:
        built_at = datetime.fromisoformat(metadata["generated_at"].replace("Z", "+00:00"))
    else:
        built_at = datetime.fromtimestamp(build_database.stat().st_mtime, tz=UTC)
    settings = read_settings(run_results)

    published_database.parent.mkdir(parents=True, exist_ok=True)
    temporary = published_database.with_name(f".{published_database.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)

    try:
        info = _write_copy(build_database, temporary, built_at, metadata.get("invocation_id"), settings)
        _fsync(temporary)
        os.replace(temporary, published_database)
        _fsync(published_database.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return info


def _write_copy(
    build_database: Path,
    temporary: Path,
    built_at: datetime,
    invocation_id: str | None,
    settings: dict[str, object],
) -> BuildInfo:
    # The same storage version as the dbt profile, so that DuckDB 1.x clients (BI tools) can open the copy.
    with duckdb.connect(str(temporary), config={"storage_compatibility_version": "v1.4.0"}) as connection:
        connection.execute("attach ? as build (read_only)", [str(build_database)])
        relations = [
            name
            for (name,) in connection.execute(
                """
                select table_name
                from information_schema.tables
                where table_catalog = 'build' and table_schema = ?
                order by table_name
                """,
                [MARTS_SCHEMA],
            ).fetchall()
        ]
        if not relations:
            raise ValueError(f"build database {build_database} has no tables in schema {MARTS_SCHEMA}")

        connection.execute(f"create schema {MARTS_SCHEMA}")
        for relation in relations:
            connection.execute(
                f'create table {MARTS_SCHEMA}."{relation}" as select * from build.{MARTS_SCHEMA}."{relation}"'
            )

        as_of_date = connection.execute(f"select max(score_date) from {MARTS_SCHEMA}.fct_account_health_daily").fetchone()[0]
        published_at = datetime.now(UTC)
        connection.execute("detach build")
        connection.execute(
            """
            create schema publication;
            create table publication.build_info (
                built_at timestamptz,
                as_of_date date,
                dbt_invocation_id varchar,
                published_at timestamptz,
                health_persistence_days integer,
                health_minimum_completeness double
            );
            """
        )
        connection.execute(
            "insert into publication.build_info values (?, ?, ?, ?, ?, ?)",
            [
                built_at,
                as_of_date,
                invocation_id,
                published_at,
                settings["health_persistence_days"],
                settings["health_minimum_completeness"],
            ],
        )
    return BuildInfo(
        built_at=built_at,
        as_of_date=as_of_date,
        dbt_invocation_id=invocation_id,
        published_at=published_at,
        health_persistence_days=int(settings["health_persistence_days"]),
        health_minimum_completeness=float(settings["health_minimum_completeness"]),
    )


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_build_info(published_database: Path) -> BuildInfo:
    """Read publication.build_info from a published copy."""
    with duckdb.connect(str(published_database), read_only=True) as connection:
        row = connection.execute(
            """
            select
                built_at,
                as_of_date,
                dbt_invocation_id,
                published_at,
                health_persistence_days,
                health_minimum_completeness
            from publication.build_info
            """
        ).fetchone()
    return BuildInfo(*row)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Publish the marts of a finished DuckDB build for the dashboard.")
    parser.add_argument(
        "--build-database",
        type=Path,
        default=build_database_path(),
        help="DuckDB file written by `dbt build` (default: %(default)s)",
    )
    parser.add_argument(
        "--published-database",
        type=Path,
        default=published_database_path(),
        help="published copy to replace (default: %(default)s)",
    )
    parser.add_argument(
        "--target-path",
        type=Path,
        default=Path(os.environ.get("DBT_TARGET_PATH", "target")),
        help="dbt target folder holding run_results.json of the build (default: %(default)s)",
    )
    arguments = parser.parse_args(argv)

    try:
        info = publish(arguments.build_database, arguments.published_database, read_run_results(arguments.target_path))
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"publish: {arguments.published_database} now holds the build of {info.built_at:%Y-%m-%d %H:%M:%S %Z}"
        f" (scores up to {info.as_of_date})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
