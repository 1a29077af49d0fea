"""KPI page: the monthly maturity KPIs, attribution (pipeline, win rate, cycle time, expansion), the closed
loop from each ask back to the score on its day, and credit per CSM and component."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from advocacy_tools.dashboard import queries
from advocacy_tools.dashboard.common import PageContext, format_number, format_percent, show_metric, show_table
from advocacy_tools.dashboard.data import query

# Maturity KPIs drawn as small multiples: column and title.
MATURITY_CHARTS = {
    "acceptance_rate": "Acceptance rate (accepted / sent)",
    "qualified_advocates_per_100_accounts": "Qualified advocates per 100 accounts",
    "false_positive_advocacy_pct": "False-positive advocacy %",
    "signal_completeness_pct": "Signal completeness %",
    "influenced_arr_per_advocate": "Influenced ARR per advocate",
    "compliance_incidents": "Compliance incidents",
}


def render(context: PageContext) -> None:
    st.header("KPIs")
    st.caption(
        "The maturity KPIs are company-wide monthly figures (fct_advocacy_maturity_kpis_monthly): the sidebar"
        " filters do not apply to them. Attribution follows the segment filter; credit follows every filter."
    )
    publication = context.publication

    maturity = query(publication, queries.MATURITY_KPIS_MONTHLY)
    complete_months = maturity[maturity.is_complete_month]
    if complete_months.empty:
        st.info("No complete month yet.")
    else:
        render_maturity(maturity, complete_months.iloc[-1])

    render_attribution(context)
    render_closed_loop(context)


def render_maturity(maturity: pd.DataFrame, latest: pd.Series) -> None:
    st.subheader(f"Maturity KPIs, {latest.month_start:%B %Y}")
    columns = st.columns(6)
    with columns[0]:
        show_metric("Acceptance rate", format_percent(latest.acceptance_rate), "kpi-acceptance-rate")
    with columns[1]:
        show_metric(
            "Qualified advocates per 100 accounts",
            format_number(latest.qualified_advocates_per_100_accounts),
            "kpi-qualified-per-100",
        )
    with columns[2]:
        show_metric(
            "False-positive advocacy %",
            format_number(latest.false_positive_advocacy_pct),
            "kpi-false-positive",
            "Share of judged invited accounts that declined, turned detractor, escalated or churned after the ask.",
        )
    with columns[3]:
        show_metric("Signal completeness %", format_number(latest.signal_completeness_pct), "kpi-completeness")
    with columns[4]:
        show_metric(
            "Influenced ARR per advocate", format_number(latest.influenced_arr_per_advocate, 0), "kpi-arr-per-advocate"
        )
    with columns[5]:
        show_metric("Compliance incidents", format_number(latest.compliance_incidents, 0), "kpi-compliance-incidents")

    long = maturity.melt(id_vars=["month_start"], value_vars=list(MATURITY_CHARTS), var_name="kpi", value_name="value")
    long["kpi"] = long["kpi"].map(MATURITY_CHARTS)
    st.altair_chart(
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("month_start:T", title=None),
            y=alt.Y("value:Q", title=None),
            tooltip=["month_start:T", "kpi", alt.Tooltip("value:Q", format=",.2f")],
        )
        .properties(width=260, height=150)
        .facet(facet=alt.Facet("kpi:N", title=None), columns=3)
        .resolve_scale(y="independent"),
    )


def render_attribution(context: PageContext) -> None:
    st.subheader("Attribution: what advocacy was worth")
    attribution = query(
        context.publication, queries.ATTRIBUTION_MONTHLY, segments=list(context.filters.segments) or None
    )
    left, right = st.columns(2)
    with left:
        st.caption("Influenced pipeline: amount of opportunities on which a customer reference was used.")
        st.altair_chart(
            alt.Chart(attribution)
            .mark_bar()
            .encode(
                x=alt.X("yearmonth(month_start):T", title=None),
                y=alt.Y("influenced_pipeline_amount:Q", title="influenced pipeline"),
                color=alt.Color("segment:N"),
                tooltip=["month_start:T", "segment", "influenced_opportunities", "influenced_pipeline_amount"],
            ),
            width="stretch",
        )
    with right:
        st.caption(
            "Win-rate lift (referenced minus comparable win rate) and expansion-velocity lift (advocates minus"
            " comparable non-advocates, ARR per account per month)."
        )
        lifts = attribution.melt(
            id_vars=["month_start", "segment"],
            value_vars=["win_rate_lift", "expansion_velocity_lift", "cycle_time_reduction_days"],
            var_name="measure",
            value_name="value",
        ).dropna(subset=["value"])
        st.altair_chart(
            alt.Chart(lifts)
            .mark_line(point=True)
            .encode(
                x=alt.X("month_start:T", title=None),
                y=alt.Y("value:Q", title=None),
                color=alt.Color("segment:N"),
                tooltip=["month_start:T", "segment", "measure", alt.Tooltip("value:Q", format=",.2f")],
            )
            .properties(height=120)
            .facet(row=alt.Row("measure:N", title=None))
            .resolve_scale(y="independent"),
        )
    with st.expander("Attribution as a table"):
        show_table(attribution)


def render_closed_loop(context: PageContext) -> None:
    st.subheader("Closed loop: outcomes of past asks by the score on the day of the ask")
    rates = query(context.publication, queries.CLOSED_LOOP_RATES)
    precision = rates[(rates.dimension == "was_eligible_on_ask_day") & (rates.dimension_value == "true")]
    if not precision.empty:
        show_metric(
            "Precision of the eligibility rule",
            format_percent(precision.iloc[0].good_outcome_rate),
            "kpi-eligibility-precision",
            "Asks to accounts eligible that day that were accepted without a false-positive event / such asks judged.",
        )
    long = rates[rates.dimension.isin(["band", "score_decile", "top_component"])].melt(
        id_vars=["dimension", "dimension_value", "asks"],
        value_vars=["acceptance_rate", "good_outcome_rate"],
        var_name="rate",
        value_name="value",
    )
    st.altair_chart(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("dimension_value:N", title=None),
            y=alt.Y("value:Q", axis=alt.Axis(format="%"), title=None),
            xOffset="rate:N",
            color=alt.Color("rate:N", title=None),
            tooltip=["dimension", "dimension_value", "asks", "rate", alt.Tooltip("value:Q", format=".1%")],
        )
        .properties(width=300, height=180)
        .facet(column=alt.Column("dimension:N", title=None))
        .resolve_scale(x="independent"),
    )

    st.subheader("Credit for completed advocacy, by CSM and component")
    credit = query(context.publication, queries.CREDIT_BY_OWNER, context.filters)
    long_credit = credit.melt(
        id_vars=["owner_id", "completed_activities"],
        value_vars=["adoption_credit", "outcomes_credit", "sentiment_credit", "commercial_credit"],
        var_name="component",
        value_name="credit",
    )
    st.altair_chart(
        alt.Chart(long_credit)
        .mark_bar()
        .encode(
            x=alt.X("credit:Q", title="completed activities, split by the components that carried the score"),
            y=alt.Y("owner_id:N", sort="-x", title="CSM"),
            color=alt.Color("component:N", title=None),
            tooltip=["owner_id", "component", alt.Tooltip("credit:Q", format=".2f"), "completed_activities"],
        ),
        width="stretch",
    )
