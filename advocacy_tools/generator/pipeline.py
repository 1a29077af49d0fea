"""One whole generator run (``generate``). It plans the accounts, writes the sparse tables and parameter
files to a temporary folder and writes the story key. Then it expands the daily tables in DuckDB and
writes every table, the fault manifest and, for CSV, the dbt seed properties.
"""

from __future__ import annotations

import logging
import random
import tempfile
import time
from pathlib import Path

import duckdb

from advocacy_tools.generator.accounts import AccountPlanner, write_story_key
from advocacy_tools.generator.config import GeneratorConfig
from advocacy_tools.generator.contract import write_seed_properties
from advocacy_tools.generator.daily import (
    ACCOUNT_PARAM_COLUMNS,
    CONTACT_PARAM_COLUMNS,
    DailyTableBuilder,
    write_parameter_files,
    write_plan_features,
)
from advocacy_tools.generator.faults import write_fault_manifest
from advocacy_tools.generator.output import TableResult, read_csv_sql, write_outputs
from advocacy_tools.generator.sparse import SparseTableWriter
from advocacy_tools.generator.timeline import Timeline

# The same logger as advocacy_tools.generator.output, named after the command module.
LOGGER = logging.getLogger("advocacy_tools.generate")


def generate(config: GeneratorConfig) -> list[TableResult]:
    """Generate the whole dataset into `config.out_dir` and return the written files."""
    config.validate()
    timeline = Timeline(config.end_date, config.days)

    with tempfile.TemporaryDirectory(prefix="advocacy-generate-") as temp_name:
        work_dir = Path(temp_name)

        started = time.perf_counter()
        accounts = AccountPlanner(config, timeline).plan_all()
        LOGGER.info("planned %d accounts in %.1f s", len(accounts), time.perf_counter() - started)

        started = time.perf_counter()
        writer = SparseTableWriter(config, timeline, work_dir)
        for account in accounts:
            writer.write_account(account)
        writer.write_new_business(random.Random(f"{config.seed}/new_business"))
        tallies = writer.close()
        write_parameter_files(accounts, work_dir, timeline)
        write_plan_features(work_dir, timeline)
        LOGGER.info("wrote sparse tables in %.1f s", time.perf_counter() - started)
        config.out_dir.mkdir(parents=True, exist_ok=True)
        write_story_key(accounts, config.out_dir / "account_stories.json")
        del accounts

        duckdb_config = {"memory_limit": config.memory_limit, "temp_directory": str(work_dir / "duckdb_spill")}
        if config.threads:
            duckdb_config["threads"] = config.threads
        con = duckdb.connect(config=duckdb_config)
        try:
            parameter_tables = {
                "account_params": ACCOUNT_PARAM_COLUMNS,
                "contact_params": CONTACT_PARAM_COLUMNS,
                "plan_features": {"plan": "VARCHAR", "feature_key": "VARCHAR", "feature_index": "INTEGER", "is_key": "BOOLEAN"},
            }
            for name, columns in parameter_tables.items():
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM {read_csv_sql(work_dir / f'{name}.csv', columns)}")
            daily = DailyTableBuilder(con, timeline, config.seed, config.dense_usage)
            daily.create_views()
            results = write_outputs(con, config, work_dir, tallies, daily)
        finally:
            con.close()

    write_fault_manifest(config, tallies, config.out_dir / "injected_faults.json")
    if config.output_format == "csv":
        write_seed_properties(config.out_dir / "_sample__seeds.yml")
    return results
