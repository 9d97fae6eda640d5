"""Corredor: the router and the shared sidebar.

Run with `streamlit run app.py`. Every page gets the filters from the sidebar
through `st.session_state["filters"]`.
"""

from __future__ import annotations

import streamlit as st

from mapping.assets import install_static
from registry import pages as registry_pages
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

pages = [  # registry.pages: one declaration per page
    st.Page(p.script, title=p.title(), icon=p.icon, url_path=p.key, default=p.default, **({"visibility": staff.visibility()} if p.staff else {}))
    for p in registry_pages.PAGES
]
navigation = st.navigation(pages)
staff_page = navigation.url_path == "import"  # the sidebar's filters and presenter controls do nothing there
presenter.before_sidebar(pages, navigation, language)  # a scene's page; a bare ?scene= link
st.session_state["filters"] = sidebar.render(language, shown=not staff_page)
if not staff_page:
    presenter.after_sidebar(st.session_state["filters"], pages, language)  # presenter controls, bar, QR code
staff.sign_in_link(pages[-1])  # the Import page, at the foot of the sidebar until someone signs in
navigation.run()
