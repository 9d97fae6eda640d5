"""Cached access to the layers for the pages.

The cache key includes the GeoPackage's path and modification time, so a
rebuilt or re-imported file is picked up without restarting the app.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import loaders
from i18n import data_text
from mapping import features


def _stamp() -> tuple[str, int]:
    """The data version every cache of the app keys on, so an import is seen everywhere: the
    GeoPackage and its mtime, or the database URL and its version row."""
    return loaders.data_version()


# Layers are read once per process and version and shared by every session (cache_resource
# hands out the object itself, where cache_data would copy the frame on every call).
@st.cache_resource(show_spinner=False, max_entries=64)
def _read(name: str, path: str, mtime: int, countries: tuple | None, years: tuple | None):
    return loaders.read_layer(name, path=path, countries=countries, years=years)


def layer(name: str, countries=None, years=None) -> pd.DataFrame:
    """A checked, filtered layer (a copy: pages may change it freely)."""
    path, mtime = _stamp()
    shared = _read(name, path, mtime, tuple(countries) if countries else None, tuple(years) if years else None)
    return shared.copy(deep=False)  # copy-on-write: a page's change copies then, the shared frame stays as read


def sources() -> pd.DataFrame:
    """The sources, names and publishers in the reader's language (`i18n.data_text`)."""
    return data_text.sources(layer("sources").set_index("source_id"))


def country_names(language: str) -> dict[str, str]:
    countries = layer("countries")
    column = f"name_{language}" if f"name_{language}" in countries.columns else "name_en"
    return dict(zip(countries["iso3"], countries[column]))


@st.cache_resource(show_spinner=False, max_entries=8)  # read-only GeoJSON: shared, not copied
def _basemap(path: str, mtime: int, language: str) -> dict:
    return features.basemap_features(_read("countries", path, mtime, None, None), language)


def basemap(language: str) -> dict:
    path, mtime = _stamp()
    return _basemap(path, mtime, language)


def store() -> str | Path:
    """Where the data lives: the database URL when `$CORREDOR_DATABASE_URL` is set, else the GeoPackage."""
    return loaders.location()


@st.cache_resource(show_spinner=False, max_entries=64)  # read-only GeoJSON: shared, not copied
def _feature_collection(kind: str, path: str, mtime: int, countries: tuple | None, years: tuple | None, language: str) -> dict:
    from i18n import set_language

    set_language(language)
    src = _read("sources", path, mtime, None, None).set_index("source_id")
    names = country_names(language)
    if kind == "routes":
        return features.route_features(_read("routes", path, mtime, countries, years), src)
    if kind == "shelters":
        shelters = features.generalise_sensitive(_read("shelters", path, mtime, countries, None), _read("places", path, mtime, None, None))
        return features.shelter_features(shelters, src, names)
    if kind == "zones":
        return features.zone_features(_read("displacement_zones", path, mtime, countries, years), src, names)
    raise ValueError(kind)


def feature_collection(kind: str, countries, years, language: str) -> dict:
    """GeoJSON for the map, with popup properties in `language` (routes, shelters or zones)."""
    path, mtime = _stamp()
    return _feature_collection(kind, path, mtime, tuple(countries) if countries else None, tuple(years) if years else None, language)
