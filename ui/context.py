"""What every page needs first: the current filters and language.

app.py sets both on each run; a page run on its own (Streamlit's AppTest
runs a switched-to page without the entrypoint) falls back to the URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from i18n import DEFAULT_LANGUAGE, set_language
from ui import data
from ui.filters import Filters, from_query


def _leave_pages_folder_mode() -> None:
    """Run through app.py even when the first request after start names a page.

    Until st.navigation has run once, Streamlit treats a `pages/` folder as an
    old-style multipage app and runs a requested page file on its own (no
    sidebar, no filters). Switch that mode off and rerun through the router.
    """
    if PagesManager.uses_pages_directory and "filters" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current() -> tuple[Filters, str]:
    _leave_pages_folder_mode()
    language = set_language(st.session_state.get("language", DEFAULT_LANGUAGE))
    filters = st.session_state.get("filters")
    if filters is None:
        filters = from_query(st.query_params.to_dict(), set(data.country_names(language)))
    return filters, language
