"""Account drill-down: score timeline, band runs, measure contributions and drivers of change, persona
health, and the advocacy gates one by one.

The chosen account is kept in the URL (?account=acc_000123), so a link opens the same account.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from advocacy_tools.dashboard import queries
from advocacy_tools.dashboard.common import (
    BAND_SCALE,
    PageContext,
    band_color,
    format_date,
    format_number,
    show_metric,
    show_table,
)
from advocacy_tools.dashboard.data import query


def choose_account(context: PageContext) -> str | None:
    """Draw the account picker (filtered by the sidebar) and return the chosen account id."""
    choices = query(context.publication, queries.ACCOUNT_CHOICES, context.filters)
    if choices.empty:
        st.info("No account matches the filters.")
        return None

    labels = {
        row.account_id: f"{row.account_id} · {row.account_name} · {row.band or 'not scored'}"
        for row in choices.itertuples()
    }
    account_ids = list(labels)
    requested = st.query_params.get("account")
    index = account_ids.index(requested) if requested in account_ids else 0
    account_id = st.selectbox("Account", account_ids, index=index, format_func=labels.get, key="account-picker")
    st.query_params["account"] = account_id
    return account_id


def render(context: PageContext) -> None:
    st.header("Account drill-down")
    account_id = choose_account(context)
    if account_id is None:
        return
    publication = context.publication

    profile = query(publication, queries.ACCOUNT_PROFILE, account_id=account_id).iloc[0]
    st.caption(
        f"{profile.account_name} · {profile.segment} · {profile.plan} · {profile.industry} · {profile.region}"
        f" · CSM {profile.csm_id} · ARR {format_number(profile.arr, 0)}"
        f" · renewal {format_date(profile.renewal_date)} · scores on {format_date(profile.score_date)}"
    )
    columns = st.columns(6)
    with columns[0]:
        show_metric("Health score", format_number(profile.health_score), "account-health-score")
    with columns[1]:
        show_metric("Band", str(profile.band or "-"), "account-band")
    with columns[2]:
        show_metric("Days in band", format_number(profile.days_in_band, 0), "account-days-in-band")
    with columns[3]:
        show_metric("Signal completeness", format_number(profile.signal_completeness), "account-completeness")
    with columns[4]:
        show_metric("Change over 30 days", format_number(profile.score_change_30_days), "account-change-30-days")
    with columns[5]:
        show_metric("Persona health", format_number(profile.persona_health_score), "account-persona-health")

    render_timeline(context, account_id)
    render_contributions(context, account_id)
    render_persona_health(context, account_id)
    render_gates(context, account_id)

    st.subheader("Asks to this account")
    show_table(query(publication, queries.ACCOUNT_ASKS, account_id=account_id))


def render_timeline(context: PageContext, account_id: str) -> None:
    timeline = query(context.publication, queries.ACCOUNT_SCORE_TIMELINE, account_id=account_id)
    st.subheader("Score timeline")
    if timeline.empty:
        st.info("This account has no scored days.")
        return

    components = timeline.melt(
        id_vars=["score_date"],
        value_vars=["health_score", "adoption_score", "outcomes_score", "sentiment_score", "commercial_score"],
        var_name="score",
        value_name="value",
    )
    lines = (
        alt.Chart(components)
        .mark_line()
        .encode(
            x=alt.X("score_date:T", title=None),
            y=alt.Y("value:Q", title="score (0-100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("score:N", title=None),
            strokeWidth=alt.condition(alt.datum.score == "health_score", alt.value(3), alt.value(1)),
            tooltip=["score_date:T", "score", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    band_strip = (
        alt.Chart(timeline)
        .mark_tick(thickness=2, size=12)
        .encode(x="score_date:T", y=alt.value(0), color=alt.Color("band:N", scale=BAND_SCALE, legend=None))
    )
    st.altair_chart(alt.layer(lines, band_strip).resolve_scale(color="independent"), width="stretch")

    st.subheader("Band runs")
    runs = query(context.publication, queries.ACCOUNT_BAND_RUNS, account_id=account_id)
    left, right = st.columns([2, 1])
    with left:
        st.altair_chart(
            alt.Chart(runs)
            .mark_bar(height=18)
            .encode(
                x=alt.X("band_started_on:T", title=None),
                x2="last_day:T",
                y=alt.Y("band:N", sort=["healthy", "neutral", "at_risk", "insufficient_data"], title=None),
                color=band_color(),
                tooltip=["band", "band_started_on:T", "last_day:T", "days_in_band"],
            ),
            width="stretch",
        )
    with right:
        show_table(runs)


def render_contributions(context: PageContext, account_id: str) -> None:
    contributions = query(context.publication, queries.ACCOUNT_MEASURE_CONTRIBUTIONS, account_id=account_id)
    left, right = st.columns(2)
    with left:
        st.subheader("Measure contributions")
        st.caption("Points each measure adds to the health score today (measure score x effective weight).")
        st.altair_chart(
            alt.Chart(contributions)
            .mark_bar()
            .encode(
                x=alt.X("contribution:Q", title="points"),
                y=alt.Y("measure:N", sort="-x", title=None),
                color=alt.Color("component:N"),
                tooltip=[
                    "component",
                    "measure",
                    alt.Tooltip("score:Q", format=".1f"),
                    alt.Tooltip("effective_weight:Q", format=".3f"),
                    alt.Tooltip("contribution:Q", format=".2f"),
                ],
            ),
            width="stretch",
        )
    with right:
        st.subheader("Drivers of change over 30 days")
        st.caption("Change in each measure's contribution since 30 days ago; top drivers are outlined.")
        st.altair_chart(
            alt.Chart(contributions.dropna(subset=["contribution_change"]))
            .mark_bar()
            .encode(
                x=alt.X("contribution_change:Q", title="points"),
                y=alt.Y("measure:N", sort=alt.EncodingSortField("change_rank"), title=None),
                color=alt.condition(alt.datum.contribution_change >= 0, alt.value("#2e7d32"), alt.value("#c62828")),
                stroke=alt.condition(alt.datum.is_top_driver, alt.value("black"), alt.value(None)),
                tooltip=["measure", alt.Tooltip("contribution_change:Q", format=".2f"), "change_rank"],
            ),
            width="stretch",
        )
    with st.expander("Measure contributions as a table"):
        show_table(contributions)


def render_persona_health(context: PageContext, account_id: str) -> None:
    st.subheader("Persona health")
    personas = query(context.publication, queries.ACCOUNT_PERSONA_TIMELINE, account_id=account_id)
    long = personas.melt(id_vars=["score_date"], var_name="persona", value_name="score").dropna(subset=["score"])
    st.altair_chart(
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X("score_date:T", title=None),
            y=alt.Y("score:Q", title="persona health (0-100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("persona:N", title=None),
            tooltip=["score_date:T", "persona", alt.Tooltip("score:Q", format=".1f")],
        ),
        width="stretch",
    )
    st.caption("Contacts on the as-of date (ids and personas only).")
    show_table(query(context.publication, queries.ACCOUNT_CONTACTS, account_id=account_id))


def render_gates(context: PageContext, account_id: str) -> None:
    st.subheader("Advocacy gates")
    eligibility = query(context.publication, queries.ACCOUNT_ELIGIBILITY, account_id=account_id)
    if eligibility.empty:
        st.info("Not evaluated: the account is not active on the as-of date.")
        return

    row = eligibility.iloc[0]
    gate_columns = [name for name in eligibility.columns if name.startswith("passes_") and name.endswith("_gate")]
    gates = pd.DataFrame(
        {
            "gate": [name.removeprefix("passes_").removesuffix("_gate") for name in gate_columns],
            "result": ["passes" if row[name] else "fails" for name in gate_columns],
        }
    )
    with st.container(key="account-eligibility"):
        if row.is_eligible:
            st.success(f"Eligible on {row.as_of_date:%Y-%m-%d}: every gate passes.")
        else:
            st.warning(f"Not eligible on {row.as_of_date:%Y-%m-%d}: {row.failed_gate_count} gates fail.")
            for reason in str(row.failed_gates).split("; "):
                st.markdown(f"- {reason}")
    show_table(gates, key="account-gates")
