"""Spark builds the whole project with dbt-spark in session mode, and every model and seed contains the
same rows as on DuckDB.

The build runs Spark inside the dbt process (local[2], bound to 127.0.0.1, UI off) with plain Parquet
tables in a temporary warehouse folder and an embedded table catalog beside it. The comparison then opens
that catalog in a Spark session of the test process. It needs Java 17 on PATH. Spark stores partition
columns last, so only the set of column names must match DuckDB's; the tolerances and the other rules are
in tests_python/engine_comparison.py.

These tests carry the `spark` marker. bin/test runs them unless ADVOCACY_SKIP_SPARK_TESTS=1 is set;
`bin/test -m spark` runs them alone.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import Build, DbtResult, run_dbt
from .engine_comparison import Relation, assert_clean_build, compare_builds_with_duckdb

pyspark_sql = pytest.importorskip("pyspark.sql", reason="pyspark is not installed: run bin/setup")
pyspark_types = pytest.importorskip("pyspark.sql.types")
pyspark_errors = pytest.importorskip("pyspark.errors")

# Spark otherwise looks up the machine's network address for its own use, and may pick another interface.
SPARK_ENVIRONMENT = {"SPARK_LOCAL_IP": "127.0.0.1"}

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(
        os.environ.get("ADVOCACY_SKIP_SPARK_TESTS") == "1",
        reason="ADVOCACY_SKIP_SPARK_TESTS=1 skips the Spark build and comparison",
    ),
]


@dataclass
class SparkBuild:
    """A finished `dbt build --target spark` on the sample data."""

    warehouse: Path
    work_dir: Path
    result: DbtResult


@pytest.fixture(scope="module")
def spark_build(tmp_path_factory: pytest.TempPathFactory) -> SparkBuild:
    """Build every seed, model and test on Spark into a temporary warehouse folder."""
    if shutil.which("java") is None:
        pytest.fail(
            "Spark needs Java 17, but `java` was not found in PATH. Install Debian's package "
            "openjdk-17-jre-headless, or deselect the Spark tests with: bin/test -m 'not spark'",
            pytrace=False,
        )

    work_dir = tmp_path_factory.mktemp("spark_build")
    warehouse = work_dir / "warehouse"
    # run_dbt always sets a DuckDB path; the spark target ignores it, so no file is created there.
    result = run_dbt(
        ["build", "--target", "spark"],
        work_dir / "unused.duckdb",
        work_dir,
        extra_env={"ADVOCACY_SPARK_WAREHOUSE": str(warehouse), **SPARK_ENVIRONMENT},
    )
    return SparkBuild(warehouse=warehouse, work_dir=work_dir, result=result)


@pytest.fixture(scope="module")
def spark_session(spark_build: SparkBuild) -> Iterator[pyspark_sql.SparkSession]:
    """Open the build's table catalog in a local Spark session, after the dbt process has ended.

    The embedded Derby catalog admits one Spark at a time, so this session starts only once the build is
    over. The settings repeat the spark target of profiles/profiles.yml.
    """
    warehouse = spark_build.warehouse
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in SPARK_ENVIRONMENT.items():
            monkeypatch.setenv(name, value)
        session = start_spark_session(warehouse)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def start_spark_session(warehouse: Path) -> pyspark_sql.SparkSession:
    return (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("advocacy-engine-comparison")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={warehouse}/metastore_db;create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.stream.error.file={warehouse}/derby.log")
        .enableHiveSupport()
        .getOrCreate()
    )


def test_spark_build_succeeds(spark_build: SparkBuild) -> None:
    assert_clean_build(spark_build.result)


def test_every_model_matches_duckdb_on_spark(
    spark_build: SparkBuild, spark_session: pyspark_sql.SparkSession, sample_build: Build
) -> None:
    compared, problems = compare_builds_with_duckdb(
        engine="Spark",
        engine_manifest=spark_build.work_dir / "target" / "manifest.json",
        engine_build_failed=spark_build.result.returncode != 0,
        read_engine_relation=lambda relation_name: read_spark(spark_session, relation_name),
        engine_errors=(pyspark_errors.PySparkException,),
        duckdb_manifest=sample_build.work_dir / "target" / "manifest.json",
        duckdb_database=sample_build.database,
        column_order_matters=False,
    )

    assert compared > 0, "the Spark manifest lists no model or seed to compare"
    assert not problems, (
        f"DuckDB and Spark differ ({len(problems)} findings, {compared} models and seeds compared):\n\n"
        + "\n\n".join(problems)
    )


def read_spark(session: pyspark_sql.SparkSession, relation_name: str) -> Relation:
    """Read a Spark table; timestamps come back as naive UTC datetimes, as DuckDB returns them.

    pyspark turns a timestamp into a datetime in the time zone of the Python process, so timestamps are
    read as text in the session time zone (UTC) and parsed here instead.
    """
    table = session.table(relation_name)
    timestamp_columns = {
        field.name for field in table.schema.fields if isinstance(field.dataType, pyspark_types.TimestampType)
    }
    selected = table.select(
        *(
            table[column].cast("string").alias(column) if column in timestamp_columns else table[column]
            for column in table.columns
        )
    )
    positions = [index for index, column in enumerate(table.columns) if column in timestamp_columns]

    rows = []
    for row in selected.collect():
        values = list(row)
        for position in positions:
            if values[position] is not None:
                values[position] = datetime.datetime.fromisoformat(values[position])
        rows.append(tuple(values))
    return Relation(columns=list(table.columns), rows=rows)
