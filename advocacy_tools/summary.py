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


def summarize_health(connection: duckdb.DuckDBPyConnection) -> str:
    """Describe the band distribution on the as-of date and the accounts whose score moved most."""
    bands = connection.execute(
        """
        with latest as (
            select * from main_marts.fct_account_health_daily
            where score_date = (select max(score_date) from main_marts.fct_account_health_daily)
        )

        select
            band,
            count(*) as accounts,
            round(avg(health_score), 1) as average_score,
            round(avg(signal_completeness), 1) as average_completeness,
            round(avg(days_in_band), 0) as average_days_in_band
        from latest
        group by band
        order by case band when 'healthy' then 1 when 'neutral' then 2 when 'at_risk' then 3 else 4 end
        """
    ).fetchall()
    as_of_date = connection.execute("select max(score_date) from main_marts.fct_account_health_daily").fetchone()[0]

    movers = connection.execute(
        """
        with latest as (
            select * from main_marts.fct_account_health_daily
            where score_date = (select max(score_date) from main_marts.fct_account_health_daily)
        ),

        drivers as (
            select account_id, string_agg(measure, ', ' order by change_rank) as top_drivers
            from main_marts.fct_account_health_explanations
            where is_top_driver
            group by account_id
        )

        select
            latest.account_id,
            latest.band,
            round(latest.health_score, 1) as health_score,
            round(latest.score_change_30_days, 1) as change_30_days,
            drivers.top_drivers
        from latest
        left join drivers on latest.account_id = drivers.account_id
        where latest.score_change_30_days is not null
        order by abs(latest.score_change_30_days) desc, latest.account_id
        limit 5
        """
    ).fetchall()

    parts = [
        f"Account health on {as_of_date} (fct_account_health_daily)",
        format_table(["band", "accounts", "avg score", "avg completeness %", "avg days in band"], bands),
        "",
        "Largest score changes over 30 days, with the measures that drove them (fct_account_health_explanations)",
        format_table(["account", "band", "score", "change", "top drivers"], movers),
    ]
    return "\n".join(parts)


def summarize_advocacy(connection: duckdb.DuckDBPyConnection) -> str:
    """Describe the advocate shortlist and how many accounts fail each advocacy gate on the as-of date.

    Accounts and contacts appear by id, persona and segment only, never by name or email.
    """
    gate_columns = [
        name
        for (name,) in connection.execute(
            """
            select column_name
            from information_schema.columns
            where table_schema = 'main_marts' and table_name = 'fct_advocacy_eligibility'
                and column_name like 'passes_%_gate'
            order by ordinal_position
            """
        ).fetchall()
    ]
    as_of_date, active_accounts, eligible_accounts = connection.execute(
        """
        select max(as_of_date), count(*), count(*) filter (where is_eligible)
        from main_marts.fct_advocacy_eligibility
        """
    ).fetchone()

    shortlist = connection.execute(
        """
        select
            queue_rank,
            account_id,
            segment,
            industry,
            program,
            case when is_verified_champion then 'verified ' else '' end || replace(contact_persona, '_', ' ')
                as contact_persona,
            round(priority_score, 1) as priority_score,
            due_on
        from main_marts.fct_advocacy_routing
        order by queue_rank
        limit 15
        """
    ).fetchall()

    gate_failures = []
    for column in gate_columns:
        failing, failing_alone = connection.execute(
            f"""
            select
                count(*) filter (where not {column}),
                count(*) filter (where not {column} and failed_gate_count = 1)
            from main_marts.fct_advocacy_eligibility
            """
        ).fetchone()
        gate_name = column.removeprefix("passes_").removesuffix("_gate")
        gate_failures.append((gate_name, failing, failing_alone))

    tasks = connection.execute(
        """
        select task_type, status, count(*) as tasks
        from main_marts.fct_crm_task_queue
        group by task_type, status
        order by task_type, status
        """
    ).fetchall()

    parts = [
        f"Advocacy on {as_of_date}: {eligible_accounts} of {active_accounts} active accounts pass every gate"
        " (fct_advocacy_eligibility)",
        "",
        "Advocate shortlist: routed asks by rank (fct_advocacy_routing)",
        format_table(["rank", "account", "segment", "industry", "program", "contact", "priority", "due"], shortlist),
        "",
        "Accounts failing each gate; 'only gate' counts accounts for which it is the single failure",
        format_table(["gate", "accounts failing", "only gate"], gate_failures),
        "",
        "CRM task queue (fct_crm_task_queue)",
        format_table(["task type", "status", "tasks"], tasks),
    ]
    return "\n".join(parts)


def build_summary(database: Path) -> str:
    """Return the whole summary text for the DuckDB file at `database`."""
    with duckdb.connect(str(database), read_only=True) as connection:
        sections = [summarize_staging(connection), summarize_health(connection), summarize_advocacy(connection)]
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
