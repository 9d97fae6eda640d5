"""Cached helpers of the Shelters and services page.

Each cache is keyed on the GeoPackage's path and modification time (like
ui.data), so a rebuilt file is picked up without a restart.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from analysis import shelters as analysis
from mapping import shelters as shelter_map
from ui import data




def _key(values) -> tuple | None:
    return tuple(values) if values else None


@st.cache_data(show_spinner=False, max_entries=32)
def _public_shelters(path: str, mtime: int, countries: tuple | None) -> gpd.GeoDataFrame:
    return data.layer("shelters", countries)  # the gateway's public form


def public_shelters(countries) -> gpd.GeoDataFrame:
    """The shelters of the selected countries, sensitive ones already moved to town level."""
    return _public_shelters(*data.version(), _key(countries))


@st.cache_data(show_spinner=False, max_entries=32)
def _near_routes(path: str, mtime: int, countries: tuple | None, years: tuple | None) -> pd.DataFrame:
    return analysis.shelters_near_routes(_public_shelters(path, mtime, countries), data.layer("routes", countries, years))


def near_routes(countries, years) -> pd.DataFrame:
    """Every shelter of the selection with its nearest route segment (routes filtered like the page)."""
    return _near_routes(*data.version(), _key(countries), _key(years))


@st.cache_data(show_spinner=False, max_entries=64)
def _result_features(path: str, mtime: int, countries: tuple | None, ids: tuple, language: str) -> dict:
    from i18n import set_language

    set_language(language)
    shelters = _public_shelters(path, mtime, countries)
    chosen = shelters[shelters["shelter_id"].isin(list(ids)).to_numpy()]
    return shelter_map.result_features(chosen, data.sources(), data.country_names(language))


def result_features(countries, shelter_ids, language: str) -> dict:
    """GeoJSON of the listed shelters for the results map, popups in `language`."""
    return _result_features(*data.version(), _key(countries), tuple(shelter_ids), language)
