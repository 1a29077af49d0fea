"""Helpers shared by the dashboard pages: the page context, number formats, headline metrics and band colors."""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from advocacy_tools.dashboard.data import Filters, Publication

BAND_ORDER = ["healthy", "neutral", "at_risk", "insufficient_data"]
BAND_COLORS = ["#2e7d32", "#f9a825", "#c62828", "#9e9e9e"]
BAND_SCALE = alt.Scale(domain=BAND_ORDER, range=BAND_COLORS)


@dataclass(frozen=True)
class PageContext:
    """Inputs of every page: the published file, the sidebar filters and the build's settings."""

    publication: Publication
    filters: Filters
    as_of_date: object
    persistence_days: int


def format_number(value: object, decimals: int = 1) -> str:
    """Format a number for display; a missing value (NULL or NaN) shows as a dash, never as zero."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "-"
    if isinstance(value, int) or (isinstance(value, float) and decimals == 0):
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def format_date(value: object) -> str:
    """Format a date as YYYY-MM-DD; a missing date (NULL or NaT) shows as a dash."""
    if value is None or pd.isna(value):
        return "-"
    return f"{value:%Y-%m-%d}"


def format_percent(share: object) -> str:
    """Format a share between 0 and 1 as a percentage with one decimal."""
    if share is None or (isinstance(share, float) and math.isnan(share)) or share is pd.NA:
        return "-"
    return f"{100 * share:.1f} %"


def show_metric(label: str, value: str, key: str, help_text: str | None = None) -> None:
    """Draw one headline number in a container with a stable CSS class (st-key-<key>) for browser tests."""
    with st.container(key=key):
        st.metric(label, value, help=help_text)


def band_color(title: str = "band") -> alt.Color:
    """Return the band color encoding shared by every chart."""
    return alt.Color("band:N", scale=BAND_SCALE, sort=BAND_ORDER, title=title)


def show_table(frame: pd.DataFrame, key: str | None = None) -> None:
    """Draw a table; DuckDB dates, which pandas stores as midnight timestamps, display as plain dates."""
    date_columns = {
        name: st.column_config.DateColumn(format="YYYY-MM-DD")
        for name in frame.columns
        if pd.api.types.is_datetime64_dtype(frame[name])
        and (frame[name].dropna() == frame[name].dropna().dt.normalize()).all()
    }
    st.dataframe(frame, hide_index=True, width="stretch", column_config=date_columns, key=key)
