"""PostgreSQL builds the whole project, every model contains the same rows as on DuckDB, and the BI
reader role can read the marts and nothing else.

The models to compare come from the manifest of the PostgreSQL build, so a new model is compared
without changes here (tests_python/engine_comparison.py has the rules and the tolerances). Seeds are
compared as well, because a seed loaded with other types on one engine is the first place where the
engines drift apart.
"""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.errorcodes
import pytest

from .conftest import Build, DbtResult, run_dbt
from .engine_comparison import Relation, assert_clean_build, compare_builds_with_duckdb
from .postgres_server import PostgresSettings

# The role the build grants the marts to (var bi_reader_role). The test server is new for each session,
# so the role never exists before the build creates it.
BI_READER_ROLE = "advocacy_bi_reader"


@dataclass
class PostgresBuild:
    """A finished `dbt build --target postgres` on the sample data."""

    settings: PostgresSettings
    work_dir: Path
    result: DbtResult


@pytest.fixture(scope="module")
def postgres_build(postgres_server: PostgresSettings, tmp_path_factory: pytest.TempPathFactory) -> PostgresBuild:
    """Build every seed, model and test on the test PostgreSQL server, granting the marts to BI_READER_ROLE."""
    work_dir = tmp_path_factory.mktemp("postgres_build")
    with closing(postgres_server.connect()) as connection, connection.cursor() as cursor:
        cursor.execute(f"create role {BI_READER_ROLE} nologin")

    # run_dbt always sets a DuckDB path; the postgres target ignores it, so no file is created there.
    result = run_dbt(
        ["build", "--target", "postgres", "--vars", json.dumps({"bi_reader_role": BI_READER_ROLE})],
        work_dir / "unused.duckdb",
        work_dir,
        extra_env=postgres_server.as_environment(),
    )
    return PostgresBuild(settings=postgres_server, work_dir=work_dir, result=result)


def test_postgres_build_succeeds(postgres_build: PostgresBuild) -> None:
    assert_clean_build(postgres_build.result)


def test_every_model_matches_duckdb(postgres_build: PostgresBuild, sample_build: Build) -> None:
    with closing(postgres_build.settings.connect()) as postgres_connection:
        compared, problems = compare_builds_with_duckdb(
            engine="PostgreSQL",
            engine_manifest=postgres_build.work_dir / "target" / "manifest.json",
            engine_build_failed=postgres_build.result.returncode != 0,
            read_engine_relation=lambda relation_name: read_postgres(postgres_connection, relation_name),
            engine_errors=(psycopg2.Error,),
            duckdb_manifest=sample_build.work_dir / "target" / "manifest.json",
            duckdb_database=sample_build.database,
        )

    assert compared > 0, "the PostgreSQL manifest lists no model or seed to compare"
    assert not problems, (
        f"DuckDB and PostgreSQL differ ({len(problems)} findings, {compared} models and seeds compared):\n\n"
        + "\n\n".join(problems)
    )


def read_postgres(connection: Any, relation_name: str) -> Relation:
    with connection.cursor() as cursor:
        cursor.execute(f"select * from {relation_name}")
        columns = [description[0] for description in cursor.description]
        return Relation(columns=columns, rows=cursor.fetchall())


def test_bi_reader_reads_every_mart(postgres_build: PostgresBuild) -> None:
    postgres_build.result.assert_success()
    marts = relations_by_layer(postgres_build)["marts"]
    assert marts, "the PostgreSQL manifest lists no mart"

    denied = {}
    with closing(postgres_build.settings.connect()) as connection:
        for relation_name in marts:
            error = select_as_role(connection, BI_READER_ROLE, relation_name)
            if error is not None:
                denied[relation_name] = error
    assert not denied, f"{BI_READER_ROLE} cannot read these marts: {denied}"


def test_bi_reader_denied_raw_and_staging(postgres_build: PostgresBuild) -> None:
    postgres_build.result.assert_success()
    layers = relations_by_layer(postgres_build)
    not_for_bi = layers["raw"] + layers["staging"] + layers["intermediate"]
    assert layers["raw"], "the PostgreSQL manifest lists no raw seed"
    assert layers["staging"], "the PostgreSQL manifest lists no staging model"

    readable = []
    with closing(postgres_build.settings.connect()) as connection:
        for relation_name in not_for_bi:
            error = select_as_role(connection, BI_READER_ROLE, relation_name)
            if error is None:
                readable.append(relation_name)
            else:
                assert error.pgcode == psycopg2.errorcodes.INSUFFICIENT_PRIVILEGE, f"{relation_name}: {error}"
    assert not readable, f"{BI_READER_ROLE} can read tables that are not marts: {readable}"


def relations_by_layer(postgres_build: PostgresBuild) -> dict[str, list[str]]:
    """Return the relation names of the build by layer: raw (sample seeds), staging, intermediate, marts."""
    manifest = json.loads((postgres_build.work_dir / "target" / "manifest.json").read_text())
    layers: dict[str, list[str]] = {"raw": [], "staging": [], "intermediate": [], "marts": []}
    for node in manifest["nodes"].values():
        if node["resource_type"] not in {"model", "seed"} or not node.get("relation_name"):
            continue
        # fqn is [project, folder, ...]: models/<layer>/... or seeds/sample/...
        folder = node["fqn"][1]
        layer = "raw" if node["resource_type"] == "seed" and folder == "sample" else folder
        if layer in layers:
            layers[layer].append(node["relation_name"])
    return layers


def select_as_role(connection: Any, role: str, relation_name: str) -> psycopg2.Error | None:
    """Select one row of `relation_name` as `role`; return the error, or None when the select worked."""
    with connection.cursor() as cursor:
        cursor.execute(f"set role {role}")
        try:
            cursor.execute(f"select * from {relation_name} limit 1")
            cursor.fetchall()
        except psycopg2.Error as error:
            return error
        finally:
            cursor.execute("reset role")
    return None
