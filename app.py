"""Corredor: the router and the shared sidebar.

Run with `streamlit run app.py`. Every page gets the filters from the sidebar
through `st.session_state["filters"]`.
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from mapping.assets import install_static
from ui import language as language_choice
from ui import a11y, presenter, sidebar, staff

st.set_page_config(page_title="Corredor", page_icon="🧭", layout="wide", initial_sidebar_state="auto")


@st.cache_resource(show_spinner=False)
def _static_assets_installed() -> bool:
    install_static()
    return True


_static_assets_installed()
# Our own stylesheet (no data in it): tighter top padding so the map sits above the fold.
st.html(
    "<style>"
    "[data-testid='stMainBlockContainer']{padding-top:3.75rem;padding-bottom:1rem}"
    "h1{font-size:2rem !important;padding-top:0 !important}"
    "[data-testid='stMetricValue']{font-size:2rem}"
    "</style>"
)
a11y.style()  # captions at full contrast (Streamlit draws them at 60% opacity)
presenter.style()  # presenter mode (?present=1): large type, high contrast, no chrome
language = language_choice.choose()  # ?lang=, else the browser's language, else English

pages = [
    st.Page("pages/overview.py", title=_("Overview"), icon=":material/map:", url_path="overview", default=True),
    st.Page("pages/darien.py", title=_("Darién corridor"), icon=":material/forest:", url_path="darien"),
    st.Page("pages/shelters.py", title=_("Shelters and services"), icon=":material/home:", url_path="shelters"),
    st.Page("pages/deaths.py", title=_("Disappearances and deaths"), icon=":material/person_search:", url_path="deaths"),
    st.Page("pages/displacement.py", title=_("Disaster displacement"), icon=":material/storm:", url_path="displacement"),
    st.Page("pages/country.py", title=_("Country brief"), icon=":material/flag:", url_path="country"),
    st.Page("pages/data.py", title=_("Data and sources"), icon=":material/library_books:", url_path="data"),
    st.Page("pages/import.py", title=_("Import data"), icon=":material/upload_file:", url_path="import", visibility=staff.visibility()),
]
navigation = st.navigation(pages)
staff_page = navigation.url_path == "import"  # the sidebar's filters and presenter controls do nothing there
presenter.before_sidebar(pages, navigation, language)  # a scene's page; a bare ?scene= link
st.session_state["filters"] = sidebar.render(language, shown=not staff_page)
if not staff_page:
    presenter.after_sidebar(st.session_state["filters"], pages, language)  # presenter controls, bar, QR code
staff.sign_in_link(pages[-1])  # the Import page, at the foot of the sidebar until someone signs in
navigation.run()
