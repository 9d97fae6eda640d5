"""Cached Streamlit helpers of the Darién page: the route in steps, services near it, map layers.

Each cache is keyed on the GeoPackage's path and modification time (through
`ui.data`) plus the inputs, so a rebuilt file is picked up at once.
"""

from __future__ import annotations


import pandas as pd
import streamlit as st

from analysis import citation, darien
from analysis.country import fold_name
from i18n import _, data_text, format_number
from i18n.vocabulary import nationality_label
from mapping import darien as darien_map
from i18n.markdown import md as md_escape  # noqa: F401  (re-exported: the page escapes data with it)
from ui import data, linked



def _key(years) -> tuple:
    return (*data.version(), tuple(years) if years else None)  # the data version, then the years


@st.cache_data(show_spinner=False, max_entries=32)
def _corridor(path: str, mtime: int, years: tuple | None):
    return darien.darien_segments(data.layer("routes", None, years))


def corridor(years):
    """The Darién segments in use in `years`, with their step and length in km."""
    return _corridor(*_key(years))


def _public_shelters():
    """All shelters, sensitive ones moved to their town (as on every public map)."""
    return data.layer("shelters")  # the gateway's public form


@st.cache_data(show_spinner=False, max_entries=64)
def _services(path: str, mtime: int, years: tuple | None, km: float):
    segments = _corridor(path, mtime, years)
    shelters = _public_shelters()
    return darien.services_near_steps(shelters, segments, km), darien.services_within(shelters, segments, km)


def services(years, km: float):
    """(services per step, services within `km` of the whole route) for the segments in use in `years`."""
    return _services(*_key(years), float(km))


@st.cache_data(show_spinner=False, max_entries=64)
def _map_layers(path: str, mtime: int, years: tuple | None, km: float, language: str) -> dict:
    from i18n import set_language

    set_language(language)
    segments = _corridor(path, mtime, years)
    sources = data.sources()
    names = data.country_names(language)
    near = _services(path, mtime, years, km)[1]
    places = darien.route_places(data.layer("places"), segments)
    return {
        "segments": darien_map.segment_features(segments.assign(notes=segments["notes"].map(data_text.text)), sources),
        "places": darien_map.place_features(places, sources, names),
        "services": darien_map.service_features(near, sources, names),
        "modes": list(dict.fromkeys(segments["mode"])),
    }


def map_layers(years, km: float, language: str) -> dict:
    """GeoJSON of the route's segments, its places and the services near it, in `language`."""
    return _map_layers(*_key(years), float(km), language)


def nationality_years(crossings: pd.DataFrame, sources: pd.DataFrame) -> None:
    """The nationality picked in the chart (its chip clears it): its crossings in every year Panama reports, and its country brief."""
    picked = st.session_state.get("darien_nationality")
    if not picked:
        st.caption(_("Click a nationality to follow it through every year Panama reports it."))
        return
    label = nationality_label(picked)
    linked.chip("darien_nationality", _("Nationality: {name}").format(name=label), "", "darien_nationality_chip")
    rows = darien.nationality_by_year(crossings, picked)
    figures = "; ".join(f"{int(r.year)}: {format_number(int(r.count))}" for r in rows.itertuples())
    st.markdown(md_escape(_("{nationality}, northbound crossings of the Darién by year (Panama's figures): {figures}.").format(nationality=label, figures=figures)))
    countries = data.layer("countries")
    iso3 = next((c for c, n in zip(countries["iso3"], countries["name_en"]) if fold_name(n) == fold_name(picked)), None)
    st.caption(_("Source: {sources}").format(sources="; ".join(md_escape(p) for p in citation.publishers(rows["source_id"], sources))))
    if iso3:
        st.page_link("pages/country.py", label=_("Country brief"), icon=":material/flag:", query_params={"iso3": iso3})
