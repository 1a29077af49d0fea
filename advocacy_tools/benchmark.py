"""Benchmark the DuckDB build at a chosen scale and print wall time, rows and peak memory per phase.

Phases, each run as its own process tree whose resident memory is sampled from /proc (Linux only):

1. generate: the generator writes the raw tables as Parquet with dense usage (accounts x days usage rows),
   one day longer than requested. Skipped when the files of that scale and seed already exist.
2. lower_bound: one DuckDB query that reads the raw usage, computes 30-day rolling usage measures per
   account and day and ranks every account among all accounts of the same day. No model can be faster.
3. full_build: `dbt build --full-refresh` with the raw schema made of views over the Parquet files, where
   the daily product tables leave out the last day, so the build scores the requested number of days.
4. incremental: the views then show every row, and `dbt build --exclude-resource-type unit_test` adds the
   last day incrementally, as a scheduled production run would. Unit tests check the SQL on fixed inputs,
   so their result cannot change from day to day; the full build and CI run them.

Every phase is also printed as a ratio to the lower bound. `--sample` instead times `dbt parse` and a
`dbt build` of the bundled sample seeds, to show how much of that build is dbt's own start-up, then runs
the compiled SQL of its models, data tests and unit tests again without dbt (sql_only), to show how much
is SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from advocacy_tools.generator.contract import TABLE_COLUMNS

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "benchmarks" / "data"
END_DATE = date(2026, 11, 30)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# Rolling window of the lower-bound query, the same length as the usage window of the health measures.
USAGE_WINDOW_DAYS = 30


@dataclass
class PhaseResult:
    """Figures of one benchmark phase."""

    name: str
    wall_seconds: float
    peak_rss_bytes: int
    load_average_before: tuple[float, float, float]
    load_average_after: tuple[float, float, float]
    return_code: int
    largest_models: list[tuple[str, int]] = field(default_factory=list)
    slowest_models: list[tuple[str, float]] = field(default_factory=list)
    seconds_by_node_type: dict[str, float] = field(default_factory=dict)


class TreeMemorySampler(threading.Thread):
    """Sample the summed resident set size of a process and all its descendants, keeping the peak."""

    def __init__(self, root_pid: int, interval_seconds: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.interval_seconds = interval_seconds
        self.peak_bytes = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss_bytes(self.root_pid))
            self.stopped.wait(self.interval_seconds)

    def stop(self) -> int:
        self.stopped.set()
        self.join()
        return self.peak_bytes


def tree_rss_bytes(root_pid: int) -> int:
    """Return the resident memory of `root_pid` and its descendants, read from /proc/<pid>/statm."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat_file:
                stat = stat_file.read()
        except OSError:
            continue
        # The command name in brackets may contain spaces; the parent pid is the second field after it.
        parent_pid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(parent_pid, []).append(int(entry.name))

    total = 0
    pending = [root_pid]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm_file:
                total += int(statm_file.read().split()[1]) * PAGE_SIZE
        except OSError:
            continue
        pending.extend(children.get(pid, []))
    return total


def run_measured(name: str, command: list[str], env: dict[str, str], log_path: Path) -> PhaseResult:
    """Run `command`, sampling its process tree's memory, and return its figures; output goes to `log_path`."""
    load_before = os.getloadavg()
    started = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        return_code = process.wait()
        peak = sampler.stop()
    wall = time.perf_counter() - started
    result = PhaseResult(name, wall, peak, load_before, os.getloadavg(), return_code)
    print(
        f"{name}: {wall:.1f} s, peak {peak / 2**20:.0f} MiB, exit {return_code}, "
        f"load {load_before[0]:.2f} -> {result.load_average_after[0]:.2f} (log: {log_path})",
        flush=True,
    )
    if return_code != 0:
        print(f"{name} failed: see {log_path}", file=sys.stderr)
    return result


# The daily product tables and their date column: the rows dated on the last day are the new day.
DAILY_DATE_COLUMNS = {
    "product_usage_daily": "usage_date",
    "product_feature_usage_daily": "usage_date",
    "product_user_activity_daily": "activity_date",
}


def raw_views_sql(raw_dir: Path, hidden_day: date | None) -> list[str]:
    """Return statements that (re)create one view per raw table over its Parquet file.

    With `hidden_day`, the daily product tables leave out the rows dated on that day. Other tables stay whole:
    the build scores up to the last day with usage and reads nothing dated after it.
    """
    statements = ["create schema if not exists raw"]
    for table in TABLE_COLUMNS:
        path = raw_dir / f"{table}.parquet"
        where = ""
        if hidden_day and table in DAILY_DATE_COLUMNS:
            where = f" where {DAILY_DATE_COLUMNS[table]} is distinct from date '{hidden_day.isoformat()}'"
        statements.append(
            f"create or replace view raw.{table} as select * from read_parquet('{path.as_posix()}'){where}"
        )
    return statements


def lower_bound_script(raw_dir: Path, database_path: Path, threads: int, memory_limit: str) -> str:
    """Return a Python script that runs the lower-bound query into a table of a fresh DuckDB file."""
    query = f"""
        create table usage_bound as
        with usage as (
            select account_id, usage_date, active_users, sessions, events
            from read_parquet('{(raw_dir / 'product_usage_daily.parquet').as_posix()}')
        ),
        rolling as (
            select
                account_id,
                usage_date,
                avg(active_users) over recent_days as active_users_30d,
                sum(sessions) over recent_days as sessions_30d,
                sum(events) over recent_days as events_30d
            from usage
            window recent_days as (
                partition by account_id order by usage_date
                range between interval {USAGE_WINDOW_DAYS - 1} days preceding and current row
            )
        )
        select
            *,
            percent_rank() over (partition by usage_date order by active_users_30d) as active_users_percentile,
            percent_rank() over (partition by usage_date order by sessions_30d) as sessions_percentile
        from rolling
    """
    return textwrap.dedent(f"""
        import duckdb
        con = duckdb.connect({str(database_path)!r}, config={{"threads": {threads}, "memory_limit": {memory_limit!r}}})
        con.execute({query!r})
        print(con.execute("select count(*) from usage_bound").fetchone()[0], "rows")
    """)


def model_row_counts(database_path: Path, limit: int) -> list[tuple[str, int]]:
    """Return the `limit` largest tables outside the raw schema, with their exact row counts."""
    with duckdb.connect(str(database_path), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name not like '%raw'"
        ).fetchall()
        counts = [
            (f"{schema}.{table}", con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0])
            for schema, table in tables
        ]
    return sorted(counts, key=lambda item: -item[1])[:limit]


def read_run_results(target_dir: Path) -> list[dict]:
    """Read the node results of the last dbt command from its run_results.json."""
    return json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]


def slowest_models(target_dir: Path, limit: int) -> list[tuple[str, float]]:
    """Return the `limit` slowest nodes of the last dbt command, from its run_results.json."""
    results = read_run_results(target_dir)
    timed = [(result["unique_id"].split(".", 2)[-1], result["execution_time"]) for result in results]
    return sorted(timed, key=lambda item: -item[1])[:limit]


def seconds_by_node_type(target_dir: Path) -> dict[str, float]:
    """Sum the execution time of the last dbt command's nodes per type (model, test, unit_test, seed).

    Nodes run on several threads at once, so the sums can exceed the phase's wall time. Wall time minus
    the sums divided by the threads is roughly what dbt spends outside any node: start-up and scheduling.
    """
    results = read_run_results(target_dir)
    totals: dict[str, float] = {}
    for result in results:
        node_type = result["unique_id"].split(".", 1)[0]
        totals[node_type] = totals.get(node_type, 0.0) + result["execution_time"]
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def replay_compiled_sql(database_path: Path, target_dir: Path) -> dict[str, float]:
    """Run the compiled SQL of every model, data test and unit test of the last dbt command again, without dbt.

    Models are recreated in place from their compiled select, in the order of run_results.json. The select
    of each data test, and of each unit test (the model's SQL over its fixture rows), is counted. Returns the
    seconds DuckDB took per node type: what the build costs in SQL alone, against the node times dbt
    reports. Seeds are left out: loading them is file reading, not SQL of this project.
    """
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    seconds = {"model": 0.0, "test": 0.0, "unit_test": 0.0}
    with duckdb.connect(str(database_path)) as con:
        con.execute("set enable_progress_bar = false")
        for result in read_run_results(target_dir):
            node_type = result["unique_id"].split(".", 1)[0]
            if node_type not in seconds:
                continue
            if node_type == "model":
                materialized = manifest["nodes"][result["unique_id"]]["config"]["materialized"]
                kind = "view" if materialized == "view" else "table"
                # A newline before the closing parenthesis: the compiled SQL may end in a line comment.
                statement = f"create or replace {kind} {result['relation_name']} as (\n{result['compiled_code']}\n)"
            else:
                statement = f"select count(*) from (\n{result['compiled_code']}\n) as failing_rows"
            started = time.perf_counter()
            con.execute(statement).fetchall()
            seconds[node_type] += time.perf_counter() - started
    return seconds


def dbt_environment(database_path: Path, threads: int, memory_limit: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "ADVOCACY_TARGET": "duckdb",
        "ADVOCACY_DUCKDB_PATH": str(database_path),
        "ADVOCACY_THREADS": str(threads),
        "ADVOCACY_DUCKDB_MEMORY_LIMIT": memory_limit,
    })
    return env


def dbt_command(*arguments: str, target_dir: Path) -> list[str]:
    dbt = str(Path(sys.executable).parent / "dbt")
    return [dbt, *arguments, "--target-path", str(target_dir), "--log-path", str(target_dir / "logs")]


def build_phases(skip_refresh: bool, refresh_only: bool = False) -> list[tuple[str, date | None, list[str]]]:
    """Return the dbt phases of a scale run: name, day hidden from the raw views, and extra build arguments."""
    phases: list[tuple[str, date | None, list[str]]] = []
    if not refresh_only:
        phases.append(("full_build", END_DATE, ["--full-refresh"]))
    if refresh_only or not skip_refresh:
        # Unit tests return the same result every day, so a scheduled refresh leaves them to CI.
        phases.append(("incremental", None, ["--exclude-resource-type", "unit_test"]))
    return phases


def scale_database_path(arguments: argparse.Namespace) -> Path:
    """Return the DuckDB file of a scale run. Its folder also contains the raw data and logs of that scale."""
    scale_dir = arguments.data_dir / f"accounts{arguments.accounts}_days{arguments.days}_seed{arguments.seed}"
    return scale_dir / "warehouse.duckdb"


def run_scale(arguments: argparse.Namespace) -> list[PhaseResult]:
    """Run the generate, lower-bound, full-build and incremental phases at one scale."""
    scale_dir = scale_database_path(arguments).parent
    raw_dir = scale_dir / "raw"
    target_dir = scale_dir / "target"
    target_dir.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    results: list[PhaseResult] = []

    # One extra day: the full build stops before it and the incremental refresh adds it.
    generated_days = arguments.days + 1
    if not (raw_dir / "product_usage_daily.parquet").exists():
        results.append(run_measured("generate", [
            python, "-m", "advocacy_tools.generate", "--accounts", str(arguments.accounts),
            "--days", str(generated_days), "--end-date", END_DATE.isoformat(), "--seed", str(arguments.seed),
            "--format", "parquet", "--dense-usage", "--out", str(raw_dir),
            "--threads", str(arguments.threads), "--memory-limit", arguments.generator_memory_limit,
        ], dict(os.environ), scale_dir / "generate.log"))
        if results[-1].return_code != 0:
            return results

    bound_path = scale_dir / "lower_bound.duckdb"
    bound_path.unlink(missing_ok=True)
    script = lower_bound_script(raw_dir, bound_path, arguments.threads, arguments.memory_limit)
    results.append(run_measured("lower_bound", [python, "-c", script], dict(os.environ), scale_dir / "lower_bound.log"))
    bound_path.unlink(missing_ok=True)

    database_path = scale_dir / "warehouse.duckdb"
    if not arguments.refresh_only:
        for stale in (database_path, database_path.with_name(database_path.name + ".wal")):
            stale.unlink(missing_ok=True)
    env = dbt_environment(database_path, arguments.threads, arguments.memory_limit)
    build_vars = "{use_sample_data: false, raw_schema: raw}"

    for phase, hidden_day, extra in build_phases(arguments.skip_refresh, arguments.refresh_only):
        with duckdb.connect(str(database_path)) as con:
            for statement in raw_views_sql(raw_dir, hidden_day):
                con.execute(statement)
        result = run_measured(
            phase,
            dbt_command("build", "--vars", build_vars, *extra, target_dir=target_dir),
            env,
            scale_dir / f"{phase}.log",
        )
        result.slowest_models = slowest_models(target_dir, arguments.top)
        result.seconds_by_node_type = seconds_by_node_type(target_dir)
        result.largest_models = model_row_counts(database_path, arguments.top)
        results.append(result)
        if result.return_code != 0:
            break
    return results


def run_sample(arguments: argparse.Namespace) -> list[PhaseResult]:
    """Time dbt's start-up (`dbt parse` without partial parsing) and a whole build of the bundled sample."""
    scale_dir = arguments.data_dir / "sample"
    target_dir = scale_dir / "target"
    target_dir.mkdir(parents=True, exist_ok=True)
    database_path = scale_dir / "warehouse.duckdb"
    database_path.unlink(missing_ok=True)
    env = dbt_environment(database_path, arguments.threads, arguments.memory_limit)
    results = [
        run_measured("startup", dbt_command("parse", "--no-partial-parse", target_dir=target_dir), env,
                     scale_dir / "startup.log"),
    ]
    result = run_measured("sample_build", dbt_command("build", target_dir=target_dir), env,
                          scale_dir / "sample_build.log")
    result.slowest_models = slowest_models(target_dir, arguments.top)
    result.seconds_by_node_type = seconds_by_node_type(target_dir)
    result.largest_models = model_row_counts(database_path, arguments.top)
    results.append(result)
    if result.return_code != 0:
        return results

    # Run the same models and tests again as plain SQL in one DuckDB connection, to separate the build's SQL
    # time from dbt's own work per node.
    seconds_path = scale_dir / "sql_only.json"
    script = (
        "import json, pathlib\n"
        "from advocacy_tools.benchmark import replay_compiled_sql\n"
        f"seconds = replay_compiled_sql(pathlib.Path({str(database_path)!r}), pathlib.Path({str(target_dir)!r}))\n"
        f"pathlib.Path({str(seconds_path)!r}).write_text(json.dumps(seconds))\n"
    )
    result = run_measured("sql_only", [sys.executable, "-c", script], env, scale_dir / "sql_only.log")
    if result.return_code == 0:
        result.seconds_by_node_type = json.loads(seconds_path.read_text(encoding="utf-8"))
    results.append(result)
    return results


def print_report(results: list[PhaseResult], arguments: argparse.Namespace) -> None:
    bound = next((result for result in results if result.name in ("lower_bound", "startup")), None)
    scale = "sample" if arguments.sample else f"{arguments.accounts} accounts x {arguments.days} days"
    print(f"\n== {scale}, threads {arguments.threads}, memory limit {arguments.memory_limit}, "
          f"{os.cpu_count()} CPUs, {date.today().isoformat()}")
    print(f"{'phase':<14}{'wall s':>9}{'x bound':>9}{'peak MiB':>10}{'x bound':>9}{'load 1m':>14}")
    for result in results:
        time_ratio = result.wall_seconds / bound.wall_seconds if bound else float("nan")
        memory_ratio = result.peak_rss_bytes / bound.peak_rss_bytes if bound else float("nan")
        load = f"{result.load_average_before[0]:.1f}->{result.load_average_after[0]:.1f}"
        print(f"{result.name:<14}{result.wall_seconds:>9.1f}{time_ratio:>9.2f}"
              f"{result.peak_rss_bytes / 2**20:>10.0f}{memory_ratio:>9.2f}{load:>14}")
    for result in results:
        if result.largest_models:
            print(f"\n{result.name}: largest models (rows)")
            for name, rows in result.largest_models:
                print(f"  {rows:>12,}  {name}")
            print(f"{result.name}: slowest nodes (s)")
            for name, seconds in result.slowest_models:
                print(f"  {seconds:>12.1f}  {name}")
        if result.name == "sql_only" and result.seconds_by_node_type:
            print(f"\n{result.name}: DuckDB time by node type (s, one connection, one node at a time)")
        elif result.seconds_by_node_type:
            print(f"{result.name}: node time by type (s, summed over {arguments.threads} threads)")
        for node_type, seconds in result.seconds_by_node_type.items():
            print(f"  {seconds:>12.1f}  {node_type}")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="advocacy-benchmark",
        description="Generate raw data at a scale, build it on DuckDB, refresh one day incrementally, and print"
        " wall time, peak memory of the process tree and rows per phase.",
    )
    parser.add_argument("--accounts", type=int, default=1000, help="number of accounts (default 1000)")
    parser.add_argument("--days", type=int, default=365, help="days held by the full build (default 365)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--sample", action="store_true", help="time dbt start-up and the bundled sample build instead")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="dbt threads of the builds, DuckDB threads of the generator and the lower bound"
                        " (default: the number of CPUs)")
    # DuckDB's limit covers only its buffers, and other allocations added about 0.3 GiB at 10k accounts.
    # So 4GB keeps the whole process tree under a 6 GiB peak.
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit of the build (default 4GB)")
    parser.add_argument("--generator-memory-limit", default="4GB", help="DuckDB memory limit of the generator (default 4GB)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="folder for generated data, databases and logs (default benchmarks/data)")
    parser.add_argument("--skip-refresh", action="store_true",
                        help="stop after the full build, without the one-day incremental refresh")
    parser.add_argument("--refresh-only", action="store_true",
                        help="run only the one-day incremental refresh, on the database left by an earlier"
                        " --skip-refresh run at the same scale")
    parser.add_argument("--top", type=int, default=8, help="how many models to list per phase (default 8)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    arguments.data_dir = arguments.data_dir.resolve()
    if arguments.refresh_only and (arguments.sample or arguments.skip_refresh):
        print("invalid options: --refresh-only cannot be combined with --sample or --skip-refresh", file=sys.stderr)
        return 2

    if arguments.refresh_only and not scale_database_path(arguments).exists():
        print(f"database not found: {scale_database_path(arguments)}. Run the full build first with --skip-refresh"
              " and the same --accounts, --days and --seed.", file=sys.stderr)
        return 2

    results = run_sample(arguments) if arguments.sample else run_scale(arguments)
    print_report(results, arguments)
    if arguments.json:
        arguments.json.write_text(json.dumps([asdict(result) for result in results], indent=2), encoding="utf-8")
    return 0 if all(result.return_code == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
