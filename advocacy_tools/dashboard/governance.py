"""Governance and bias page: band distribution, gate failures, who is eligible against the whole base,
and compliance incidents."""

from __future__ import annotations

import altair as alt
import streamlit as st

from advocacy_tools.dashboard import queries
from advocacy_tools.dashboard.common import PageContext, band_color, show_table
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
        show_table(shares)

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

    render_supply_and_bias_checks(context)

    st.subheader("Compliance incidents")
    st.caption("Asks made without consent, beyond a cap or rest period, or to an account failing a gate that day.")
    show_table(query(publication, queries.COMPLIANCE_INCIDENTS, filters))


def render_supply_and_bias_checks(context: PageContext) -> None:
    """Draw the council's monthly views: supply of eligible advocates against demand, and the bias checks."""
    st.subheader("Supply of eligible advocates against reference requests")
    st.caption("Company-wide, per program and month (fct_advocacy_governance_monthly); the filters do not apply.")
    governance = query(context.publication, queries.GOVERNANCE_MONTHLY)
    long = governance.melt(
        id_vars=["month_start", "program"],
        value_vars=["supply_eligible_advocates", "demand_reference_requests"],
        var_name="measure",
        value_name="accounts",
    )
    st.altair_chart(
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("month_start:T", title=None),
            y=alt.Y("accounts:Q", title=None),
            color=alt.Color("measure:N", title=None),
            tooltip=["month_start:T", "program", "measure", "accounts"],
        )
        .properties(width=220, height=150)
        .facet(facet=alt.Facet("program:N", title=None), columns=5),
    )

    st.subheader("Bias checks, latest month")
    st.caption(
        "Share of each value among eligible accounts against the whole base (fct_advocacy_bias_checks_monthly,"
        " company-wide); flagged when the gap exceeds the council's tolerance."
    )
    checks = query(context.publication, queries.BIAS_CHECKS_LATEST)
    st.altair_chart(
        alt.Chart(checks)
        .mark_bar()
        .encode(
            x=alt.X("share_gap_points:Q", title="eligible share - base share (percentage points)"),
            y=alt.Y("dimension_value:N", title=None),
            row=alt.Row("dimension:N", title=None),
            color=alt.condition(alt.datum.is_flagged, alt.value("#c62828"), alt.value("#607d8b")),
            tooltip=["dimension", "dimension_value", "base_share_pct", "eligible_share_pct", "is_flagged"],
        )
        .properties(height=90)
        .resolve_scale(y="independent"),
    )
    with st.expander("Bias checks as a table"):
        show_table(checks)
