"""Advocate queue and program outcomes pages."""

from __future__ import annotations

import altair as alt
import streamlit as st

from advocacy_tools.dashboard import queries
from advocacy_tools.dashboard.common import PageContext, format_number, format_percent, show_metric, show_table
from advocacy_tools.dashboard.data import query


def render_queue(context: PageContext) -> None:
    st.header("Advocate queue")
    publication, filters = context.publication, context.filters

    queue = query(publication, queries.ADVOCATE_QUEUE, filters)
    eligibility = query(publication, queries.ELIGIBILITY_HEADLINE, filters).iloc[0]
    columns = st.columns(3)
    with columns[0]:
        show_metric("Routed asks", format_number(len(queue)), "metric-routed-asks")
    with columns[1]:
        show_metric("Eligible accounts", format_number(int(eligibility.eligible_accounts)), "metric-eligible")
    with columns[2]:
        show_metric("Active accounts", format_number(int(eligibility.active_accounts)), "metric-active")

    st.caption("Ranked asks with the contact to ask, the owner, the due date and the briefing (fct_advocacy_routing).")
    show_table(queue)

    left, right = st.columns(2)
    with left:
        st.subheader("CRM tasks by type")
        tasks = query(publication, queries.CRM_TASKS_BY_TYPE, filters)
        st.altair_chart(
            alt.Chart(tasks)
            .mark_bar()
            .encode(
                x=alt.X("tasks:Q"),
                y=alt.Y("task_type:N", title=None),
                color=alt.Color("status:N"),
                tooltip=["task_type", "status", "tasks"],
            ),
            width="stretch",
        )
    with right:
        st.subheader("Save and success plays")
        show_table(query(publication, queries.PLAYS, filters))


def render_outcomes(context: PageContext) -> None:
    st.header("Program outcomes")
    publication, filters = context.publication, context.filters

    by_program = query(publication, queries.ASKS_BY_PROGRAM, filters)
    eligibility = query(publication, queries.ELIGIBILITY_HEADLINE, filters).iloc[0]
    invitations = int(by_program.invitations.sum())
    accepted = int(by_program.accepted.sum())
    columns = st.columns(4)
    with columns[0]:
        show_metric("Invitations sent", format_number(invitations), "metric-invitations")
    with columns[1]:
        show_metric(
            "Acceptance rate",
            format_percent(accepted / invitations if invitations else None),
            "metric-acceptance-rate",
            "Accepted invitations / invitations sent.",
        )
    with columns[2]:
        show_metric(
            "Qualified advocates per 100 accounts",
            format_number(eligibility.eligible_per_100_accounts),
            "metric-eligible-per-100",
            "Eligible accounts / active accounts x 100, on the as-of date.",
        )
    with columns[3]:
        show_metric(
            "Compliance incidents",
            format_number(int(by_program.compliance_incidents.sum())),
            "metric-compliance-incidents",
            "Asks made without consent, beyond a cap or rest period, or to an account failing a gate that day.",
        )

    left, right = st.columns(2)
    with left:
        st.subheader("Acceptance rate by program")
        st.altair_chart(
            alt.Chart(by_program)
            .mark_bar()
            .encode(
                x=alt.X("acceptance_rate:Q", axis=alt.Axis(format="%"), title="accepted / sent"),
                y=alt.Y("program:N", title=None),
                tooltip=["program", "invitations", "accepted", alt.Tooltip("acceptance_rate:Q", format=".1%")],
            ),
            width="stretch",
        )
    with right:
        st.subheader("Acceptance rate by band on the day of the ask")
        by_band = query(publication, queries.ACCEPTANCE_BY_BAND_AT_ASK, filters)
        st.altair_chart(
            alt.Chart(by_band)
            .mark_bar()
            .encode(
                x=alt.X("acceptance_rate:Q", axis=alt.Axis(format="%"), title="accepted / sent"),
                y=alt.Y("band_at_ask:N", title=None),
                tooltip=["band_at_ask", "invitations", alt.Tooltip("acceptance_rate:Q", format=".1%")],
            ),
            width="stretch",
        )
    show_table(by_program)

    st.subheader("Invitations by month and response")
    by_month = query(publication, queries.ASKS_BY_MONTH, filters)
    st.altair_chart(
        alt.Chart(by_month)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(invited_month):T", title=None),
            y=alt.Y("invitations:Q"),
            color=alt.Color("response:N"),
            tooltip=["yearmonth(invited_month):T", "response", "invitations"],
        ),
        width="stretch",
    )
