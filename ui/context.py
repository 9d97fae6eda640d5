"""What every page needs first: the current filters and language.

app.py sets both on each run; a page run on its own (Streamlit's AppTest
runs a switched-to page without the entrypoint) falls back to the URL.
"""

from __future__ import annotations

import streamlit as st

from i18n import DEFAULT_LANGUAGE, set_language
from ui import data
from ui.filters import Filters, from_query


def current() -> tuple[Filters, str]:
    language = set_language(st.session_state.get("language", DEFAULT_LANGUAGE))
    filters = st.session_state.get("filters")
    if filters is None:
        filters = from_query(st.query_params.to_dict(), set(data.country_names(language)))
    return filters, language
