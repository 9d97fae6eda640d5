"""The reader's language: ?lang= in the link, else the browser's, else English.

The choice lives in session state (so it survives page switches) and in the
link's `lang` key (so a shared link opens in the same language); switching
language changes nothing else in the link, so every filter is kept.
"""

from __future__ import annotations

import streamlit as st

from i18n import DEFAULT_LANGUAGE, LANGUAGES, _, pick_language, set_language
from ui import a11y

KEY = "language"
MENU_KEY = "language_menu"


def choose() -> str:
    """Settle this run's language and make `_()` use it; a link naming another language wins."""
    requested = st.query_params.get("lang")
    if KEY not in st.session_state or (requested in LANGUAGES and requested != st.session_state[KEY]):
        st.session_state[KEY] = pick_language(requested, _browser_locale())
    return set_language(st.session_state[KEY])


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # no browser behind this run (AppTest, bare mode)
        return None


def _write_link(code: str) -> None:
    if code == DEFAULT_LANGUAGE:
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != code:
        st.query_params["lang"] = code


def _on_change() -> None:
    st.session_state[KEY] = st.session_state[MENU_KEY]
    _write_link(st.session_state[KEY])


def render_menu() -> None:
    """The language menu; the choice goes into the link (English, the default, is left out)."""
    st.session_state[MENU_KEY] = st.session_state.get(KEY, DEFAULT_LANGUAGE)
    st.selectbox(_("Language"), options=list(LANGUAGES), format_func=LANGUAGES.get, key=MENU_KEY, on_change=_on_change)
    _write_link(st.session_state[MENU_KEY])
    a11y.skip_link(st.session_state[MENU_KEY])  # Streamlit's own skip link, in the reader's language
