"""The one data gateway of the pages: cached, checked, filtered layers in their public form.

Every cache key carries the data version (`version()`: the GeoPackage's path
and modification time, or the database URL and its version row), so an import
is picked up without restarting the app; a key of anything translated also
carries the language. `layer()` returns what the public may see (sensitive
shelters at town level, `registry.layers.public_form`) unless asked for the
exact rows, so no page or download can forget to generalise.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import loaders
from i18n import data_text
from mapping import features
from registry import layers as registry


def version() -> tuple[str, int]:
    """The data version every cache of the app keys on, so an import is seen everywhere: the
    GeoPackage and its mtime, or the database URL and its version row."""
    return loaders.data_version()




def _key(values) -> tuple | None:
    return tuple(values) if values else None


# Layers are read once per process and version and shared by every session (cache_resource
# hands out the object itself, where cache_data would copy the frame on every call).
@st.cache_resource(show_spinner=False, max_entries=64)
def _read(name: str, path: str, mtime: int, countries: tuple | None, years: tuple | None):
    return loaders.read_layer(name, path=path, countries=countries, years=years)


@st.cache_resource(show_spinner=False, max_entries=64)
def _public(name: str, path: str, mtime: int, countries: tuple | None, years: tuple | None):
    exact = _read(name, path, mtime, countries, years)
    return registry.public_form(name, exact, lambda other: _read(other, path, mtime, None, None))


def layer(name: str, countries=None, years=None, *, exact: bool = False) -> pd.DataFrame:
    """A checked, filtered layer in its public form (`exact=True`: as stored, for staff only);
    a copy, so pages may change it freely."""
    shared = (_read if exact else _public)(name, *version(), _key(countries), _key(years))
    return shared.copy(deep=False)  # copy-on-write: a page's change copies then, the shared frame stays as read


def sources() -> pd.DataFrame:
    """The sources, names and publishers in the reader's language (`i18n.data_text`); shared, so read only."""
    from i18n import current_language

    return _sources(*version(), current_language())


@st.cache_resource(show_spinner=False, max_entries=16)
def _sources(path: str, mtime: int, language: str) -> pd.DataFrame:
    return data_text.sources(_read("sources", path, mtime, None, None).set_index("source_id"))


def country_names(language: str) -> dict[str, str]:
    """ISO3 code -> the country's name in `language`; shared, so read only."""
    return _country_names(*version(), language)


@st.cache_resource(show_spinner=False, max_entries=16)
def _country_names(path: str, mtime: int, language: str) -> dict[str, str]:
    countries = _read("countries", path, mtime, None, None)
    column = f"name_{language}" if f"name_{language}" in countries.columns else "name_en"
    return dict(zip(countries["iso3"], countries[column]))


def members(flag: str) -> list[str]:
    """The ISO3 codes of the countries whose `flag` column is set (`rcm_member`, `sacm_member`)."""
    return _members(*version(), flag)


@st.cache_resource(show_spinner=False, max_entries=16)
def _members(path: str, mtime: int, flag: str) -> list[str]:
    countries = _read("countries", path, mtime, None, None)
    return sorted(countries.loc[countries[flag].fillna(False).astype(bool), "iso3"])


@st.cache_resource(show_spinner=False, max_entries=8)  # read-only GeoJSON: shared, not copied
def _basemap(path: str, mtime: int, language: str) -> dict:
    return features.basemap_features(_read("countries", path, mtime, None, None), language)


def basemap(language: str) -> dict:
    return _basemap(*version(), language)


def store() -> str | Path:
    """Where the data lives: the database URL when `$CORREDOR_DATABASE_URL` is set, else the GeoPackage."""
    return loaders.location()


@st.cache_resource(show_spinner=False, max_entries=64)  # read-only GeoJSON: shared, not copied
def _feature_collection(key: str, path: str, mtime: int, countries: tuple | None, years: tuple | None, language: str) -> dict:
    from i18n import set_language

    set_language(language)
    entry = registry.get(key)
    src = _read("sources", path, mtime, None, None).set_index("source_id")
    frame = entry.rows(_public(entry.table, path, mtime, countries, years))
    return entry.features(frame, src, country_names(language))


def feature_collection(key: str, countries, years, language: str) -> dict:
    """GeoJSON of the registry's layer `key` for the map, with popup properties in `language`."""
    entry = registry.get(key)
    return _feature_collection(key, *version(), _key(countries), _key(entry.years(years)), language)


def overlays(keys, countries, years, language: str) -> dict:
    """What the Overview map draws of the registry's layers `keys`: GeoJSON, and the incident records."""
    return {
        key: layer("incidents", countries, years) if key == "incidents" else feature_collection(key, countries, years, language)
        for key in keys
    }
