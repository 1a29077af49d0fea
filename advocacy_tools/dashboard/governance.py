"""Governance and bias page: band distribution, gate failures, who is eligible against the whole base,
and compliance incidents."""

from __future__ import annotations

import altair as alt
import streamlit as st

from advocacy_tools.dashboard import queries
from advocacy_tools.dashboard.common import PageContext, band_color
from advocacy_tools.dashboard.data import query


def render(context: PageContext) -> None:
    st.header("Governance and bias")
    publication, filters = context.publication, context.filters

    left, right = st.columns(2)
    with left:
        st.subheader("Band distribution at each month end")
        monthly = query(publication, queries.MONTHLY_BAND_DISTRIBUTION, filters)
        st.altair_chart(
            alt.Chart(monthly)
            .mark_bar()
            .encode(
                x=alt.X("yearmonth(score_date):T", title=None),
                y=alt.Y("accounts:Q", stack="normalize", axis=alt.Axis(format="%"), title="share of accounts"),
                color=band_color(),
                tooltip=["score_date:T", "band", "accounts"],
            ),
            width="stretch",
        )
    with right:
        st.subheader("Accounts failing each gate")
        failures = query(publication, queries.GATE_FAILURES, filters)
        long = failures.melt(
            id_vars=["gate"],
            value_vars=["accounts_failing", "accounts_failing_only_this_gate"],
            var_name="count",
            value_name="accounts",
        )
        st.altair_chart(
            alt.Chart(long)
            .mark_bar()
            .encode(
                x=alt.X("accounts:Q"),
                y=alt.Y("gate:N", sort=list(failures.gate), title=None),
                yOffset="count:N",
                color=alt.Color("count:N", title=None),
                tooltip=["gate", "count", "accounts"],
            ),
            width="stretch",
        )

    st.subheader("Eligible advocates against the whole active base")
    st.caption(
        "Share of each group among eligible accounts next to its share of all active accounts. A group far"
        " above its base share is over-represented among the people who will be asked."
    )
    shares = query(publication, queries.ELIGIBLE_SHARE_BY_GROUP, filters)
    long_shares = shares.melt(
        id_vars=["dimension", "group_value"],
        value_vars=["base_share", "eligible_share"],
        var_name="population",
        value_name="share",
    )
    columns = st.columns(3)
    for column, dimension in zip(columns, ["segment", "region", "plan"], strict=True):
        with column:
            st.altair_chart(
                alt.Chart(long_shares[long_shares.dimension == dimension], title=dimension)
                .mark_bar()
                .encode(
                    x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None),
                    y=alt.Y("group_value:N", title=None),
                    yOffset="population:N",
                    color=alt.Color("population:N", title=None),
                    tooltip=["group_value", "population", alt.Tooltip("share:Q", format=".1%")],
                ),
                width="stretch",
            )
    with st.expander("Shares as a table"):
        st.dataframe(shares, hide_index=True, width="stretch")

    st.subheader("ARR of eligible accounts against the rest")
    arr = query(publication, queries.ARR_OF_ELIGIBLE_AND_BASE, filters)
    st.altair_chart(
        alt.Chart(arr)
        .mark_boxplot()
        .encode(
            x=alt.X("arr:Q", title="ARR"),
            y=alt.Y("eligibility:N", title=None),
        ),
        width="stretch",
    )

    st.subheader("Compliance incidents")
    st.caption("Asks made without consent, beyond a cap or rest period, or to an account failing a gate that day.")
    st.dataframe(query(publication, queries.COMPLIANCE_INCIDENTS, filters), hide_index=True, width="stretch")
