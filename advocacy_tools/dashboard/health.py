"""Health page: health by segment and band, time in band, and the accounts nearing the persistence gate."""

from __future__ import annotations

import altair as alt
import streamlit as st

from advocacy_tools.dashboard import queries
from advocacy_tools.dashboard.common import PageContext, band_color, format_number, show_metric, show_table
from advocacy_tools.dashboard.data import query


def render(context: PageContext) -> None:
    st.header("Account health")
    publication, filters = context.publication, context.filters

    headline = query(publication, queries.HEALTH_HEADLINE, filters).iloc[0]
    columns = st.columns(5)
    with columns[0]:
        show_metric("Accounts scored", format_number(int(headline.accounts)), "metric-accounts")
    with columns[1]:
        show_metric("Healthy", format_number(int(headline.healthy_accounts)), "metric-healthy")
    with columns[2]:
        show_metric("At risk", format_number(int(headline.at_risk_accounts)), "metric-at-risk")
    with columns[3]:
        show_metric("Average health score", format_number(headline.average_health_score), "metric-average-score")
    with columns[4]:
        show_metric(
            "Average signal completeness",
            format_number(headline.average_signal_completeness),
            "metric-average-completeness",
            "Share of configured weight backed by data, in percent.",
        )

    by_segment = query(publication, queries.HEALTH_BY_SEGMENT_AND_BAND, filters)
    left, right = st.columns(2)
    with left:
        st.subheader("Accounts by segment and band")
        st.altair_chart(
            alt.Chart(by_segment)
            .mark_bar()
            .encode(
                x=alt.X("segment:N", title=None),
                y=alt.Y("accounts:Q", title="accounts"),
                color=band_color(),
                tooltip=["segment", "band", "accounts", alt.Tooltip("average_health_score:Q", format=".1f")],
            ),
            width="stretch",
        )
    with right:
        st.subheader("Time in current band")
        time_in_band = query(publication, queries.TIME_IN_BAND, filters)
        st.altair_chart(
            alt.Chart(time_in_band)
            .mark_bar()
            .encode(
                x=alt.X("days_in_band:Q", bin=alt.Bin(step=30), title="days in band (30-day bins)"),
                y=alt.Y("count():Q", title="accounts"),
                color=band_color(),
                tooltip=["band", "count()"],
            ),
            width="stretch",
        )

    st.subheader("Accounts nearing the persistence gate")
    horizon_days = st.slider(
        "Days until the gate",
        min_value=7,
        max_value=context.persistence_days,
        value=min(30, context.persistence_days),
        help=f"Healthy accounts that reach {context.persistence_days} healthy days within this many days.",
        key="nearing-horizon",
    )
    nearing = query(
        publication,
        queries.NEARING_PERSISTENCE_GATE,
        filters,
        persistence_days=context.persistence_days,
        horizon_days=horizon_days,
    )
    st.caption(
        f"{len(nearing)} healthy accounts reach {context.persistence_days} consecutive healthy days within"
        f" {horizon_days} days if they stay healthy."
    )
    show_table(nearing)

    st.subheader("Band distribution at each month end")
    monthly = query(publication, queries.MONTHLY_BAND_DISTRIBUTION, filters)
    st.altair_chart(
        alt.Chart(monthly)
        .mark_area()
        .encode(
            x=alt.X("score_date:T", title="month end"),
            y=alt.Y("accounts:Q", stack="zero"),
            color=band_color(),
            tooltip=["score_date:T", "band", "accounts"],
        ),
        width="stretch",
    )
