"""Streamlit dashboard over the published marts: `bin/dashboard`, or
`streamlit run advocacy_tools/dashboard/app.py`.

It reads the published copy written by advocacy_tools.publish (ADVOCACY_PUBLISHED_PATH, default
warehouse/published/advocacy.duckdb), never the database dbt writes, so a scheduled `bin/refresh` can
run while the dashboard is open. Every page states when the data it shows was built.
"""

from __future__ import annotations

import streamlit as st

from advocacy_tools.dashboard import account, advocacy, governance, health, kpis, queries
from advocacy_tools.dashboard.common import PageContext
from advocacy_tools.dashboard.data import Filters, Publication, current_publication, query
from advocacy_tools.publish import published_database_path

# Seconds between checks for a newer publication; a new one reruns the page on the new data.
PUBLICATION_CHECK_SECONDS = 10

st.set_page_config(page_title="Customer health and advocacy", layout="wide")


@st.fragment(run_every=PUBLICATION_CHECK_SECONDS)
def watch_publication(drawn_publication: Publication) -> None:
    """Rerun the whole page when a newer build has been published since this page was drawn."""
    if current_publication() not in (drawn_publication, None):
        st.rerun(scope="app")


def sidebar_filters(publication: Publication) -> Filters:
    """Draw the segment, plan, region and CSM filters; an empty filter keeps every account."""
    options = query(publication, queries.FILTER_OPTIONS).iloc[0]
    st.sidebar.header("Filters")
    return Filters(
        segments=tuple(st.sidebar.multiselect("Segment", list(options.segments), key="filter-segment")),
        plans=tuple(st.sidebar.multiselect("Plan", list(options.plans), key="filter-plan")),
        regions=tuple(st.sidebar.multiselect("Region", list(options.regions), key="filter-region")),
        csms=tuple(st.sidebar.multiselect("CSM", list(options.csms), key="filter-csm")),
    )


publication = current_publication()
if publication is None:
    st.error(
        f"No published build found at {published_database_path()}. Run `bin/refresh` (build and publish)"
        " or `bin/dashboard`, which builds the sample data first."
    )
    st.stop()

build = query(publication, queries.BUILD_INFO).iloc[0]
with st.container(key="build-info"):
    st.caption(
        f"Data built {build.built_at:%Y-%m-%d %H:%M:%S} UTC · scores up to {build.as_of_date:%Y-%m-%d}"
        f" · published {build.published_at:%Y-%m-%d %H:%M:%S} UTC"
    )
watch_publication(publication)

context = PageContext(
    publication=publication,
    filters=sidebar_filters(publication),
    as_of_date=build.as_of_date,
    persistence_days=int(build.health_persistence_days),
)


def health_page() -> None:
    health.render(context)


def account_page() -> None:
    account.render(context)


def queue_page() -> None:
    advocacy.render_queue(context)


def outcomes_page() -> None:
    advocacy.render_outcomes(context)


def kpis_page() -> None:
    kpis.render(context)


def governance_page() -> None:
    governance.render(context)


navigation = st.navigation(
    [
        st.Page(health_page, title="Health", default=True),
        st.Page(account_page, title="Account drill-down", url_path="account"),
        st.Page(queue_page, title="Advocate queue", url_path="queue"),
        st.Page(outcomes_page, title="Program outcomes", url_path="outcomes"),
        st.Page(kpis_page, title="KPIs", url_path="kpis"),
        st.Page(governance_page, title="Governance and bias", url_path="governance"),
    ]
)
navigation.run()
