"""Read the published copy of the marts for the dashboard, with caching that follows each new publication.

The dashboard never opens the DuckDB file dbt writes (DuckDB allows one writer, and any open reader
makes `dbt build` fail). It opens the published copy read-only, one short connection per query. Query
results are cached per published file: a publication replaces the file (a new inode), so the next
rerun of the page reads the new build while pages already drawn keep the last good data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from advocacy_tools.publish import published_database_path


@dataclass(frozen=True)
class Publication:
    """One published file, identified by its inode and modification time."""

    path: str
    inode: int
    modified_ns: int


@dataclass(frozen=True)
class Filters:
    """Sidebar filters; an empty tuple means no filter on that attribute."""

    segments: tuple[str, ...] = field(default_factory=tuple)
    plans: tuple[str, ...] = field(default_factory=tuple)
    regions: tuple[str, ...] = field(default_factory=tuple)
    csms: tuple[str, ...] = field(default_factory=tuple)

    def as_parameters(self) -> dict[str, list[str] | None]:
        """Return the filters as the query parameters of queries.FILTERED_ACCOUNTS (None: no filter)."""
        return {
            "segments": list(self.segments) or None,
            "plans": list(self.plans) or None,
            "regions": list(self.regions) or None,
            "csms": list(self.csms) or None,
        }


def current_publication() -> Publication | None:
    """Return the published file as it is now, or None when nothing has been published yet."""
    path = published_database_path().resolve()
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return Publication(path=str(path), inode=status.st_ino, modified_ns=status.st_mtime_ns)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(publication: Publication, sql: str, parameters: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    with duckdb.connect(publication.path, read_only=True) as connection:
        return connection.execute(sql, dict(parameters)).df()


def query(
    publication: Publication,
    sql: str,
    filters: Filters | None = None,
    **parameters: object,
) -> pd.DataFrame:
    """Run `sql` on the published file with the filters (for queries built on FILTERED_ACCOUNTS) and parameters."""
    if filters is not None:
        parameters = {**filters.as_parameters(), **parameters}
    # Streamlit's cache hashes lists by value, so the filter lists can be part of the cache key.
    return _cached_query(publication, sql, tuple(sorted(parameters.items())))
