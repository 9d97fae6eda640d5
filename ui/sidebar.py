"""The shared sidebar: countries (with RCM and SACM presets), years and layers.

Its state lives in st.session_state (so it survives page switches) and is
mirrored into the URL query string (so a copied link reopens the same view).
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from registry import layers as registry
from ui import data
from ui import language as language_choice
from ui.filters import LAYER_KEYS, QUERY_KEYS, YEAR_MAX, YEAR_MIN, Filters, from_query, to_query

KEY_COUNTRIES = "filter_countries"
KEY_YEARS = "filter_years"
KEY_LAYER = "filter_layer_"


layer_labels = registry.titles  # every map layer's toggle, in the sidebar's order


def _set_countries(codes: list[str]) -> None:
    st.session_state[KEY_COUNTRIES] = codes


def _initialise(known: set[str]) -> None:
    """On a session's first run, take the filters from the URL."""
    if KEY_COUNTRIES in st.session_state:
        return
    start = from_query(st.query_params.to_dict(), known)
    st.session_state[KEY_COUNTRIES] = list(start.countries)
    st.session_state[KEY_YEARS] = start.years
    for key in LAYER_KEYS:
        st.session_state[KEY_LAYER + key] = key in start.layers


def _keep_state() -> None:
    """Keep the filters' values through a page that does not draw them (Streamlit drops an undrawn widget's state)."""
    for key in (KEY_COUNTRIES, KEY_YEARS, *(KEY_LAYER + k for k in LAYER_KEYS)):
        st.session_state[key] = st.session_state[key]


def render(language: str, shown: bool = True) -> Filters:
    """Draw the sidebar and return the current filters (also written to the URL).

    With `shown=False` (a page the filters do nothing on) only the language menu is drawn.
    """
    names = data.country_names(language)
    _initialise(set(names))
    if not shown:
        with st.sidebar:
            language_choice.render_menu()
        _keep_state()
        return _current()
    with st.sidebar:
        language_choice.render_menu()
        st.header(_("Filters"))
        st.multiselect(
            _("Countries"),
            options=sorted(names, key=lambda c: names[c]),
            format_func=lambda c: names.get(c, c),
            key=KEY_COUNTRIES,
            placeholder=_("All of the Americas"),
        )
        left, middle, right = st.columns(3)
        left.button(_("RCM"), help=_("The 11 members of the Regional Conference on Migration"), on_click=_set_countries, args=(data.members("rcm_member"),), use_container_width=True)
        middle.button(_("SACM"), help=_("The 12 members of the South American Conference on Migration"), on_click=_set_countries, args=(data.members("sacm_member"),), use_container_width=True)
        right.button(_("All"), help=_("Clear the country selection"), on_click=_set_countries, args=([],), use_container_width=True)
        st.slider(_("Years"), min_value=YEAR_MIN, max_value=YEAR_MAX, key=KEY_YEARS)
        st.subheader(_("Layers"))
        for key, label in layer_labels().items():
            st.toggle(label, key=KEY_LAYER + key)
    filters = _current()
    _write_to_link(to_query(filters))
    return filters


def _current() -> Filters:
    return Filters(
        countries=tuple(st.session_state[KEY_COUNTRIES]),
        years=tuple(st.session_state[KEY_YEARS]),
        layers=tuple(k for k in LAYER_KEYS if st.session_state[KEY_LAYER + k]),
    )


def _write_to_link(query: dict[str, str]) -> None:
    """Mirror the filters into the URL, leaving the keys that pages own alone."""
    for key in QUERY_KEYS:
        if key in query:
            if st.query_params.get(key) != query[key]:
                st.query_params[key] = query[key]
        elif key in st.query_params:
            del st.query_params[key]
