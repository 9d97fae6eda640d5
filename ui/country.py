"""Cached country briefs and their PDF and PNG, keyed on the GeoPackage's path and modification time."""

from __future__ import annotations

import streamlit as st

import loaders
from analysis import country
from exports import brief as brief_export
from i18n import set_language
from loaders.schema import LAYERS
from ui import data, downloads
from ui import shelters as cached_shelters

OPTIONAL_TABLES = ("disaster_events",)  # used by the brief when the data has them




def layers() -> dict:
    """Whole layers as the brief reads them (public shelters: sensitive ones at town level)."""
    out = {name: data.layer(name) for name in ("countries", "routes", "places", "incidents", "displacement_zones", "darien_crossings")}
    out["shelters"] = cached_shelters.public_shelters(None)
    present = set(loaders.list_layers(data.store()))
    for name in OPTIONAL_TABLES:
        if name in LAYERS and name in present:
            out[name] = data.layer(name)
    return out


@st.cache_data(show_spinner=False, max_entries=64)
def _brief(path: str, mtime: int, iso3: str, language: str) -> country.Brief:
    set_language(language)
    return country.build(iso3, layers(), data.sources(), language)


def brief(iso3: str, language: str) -> country.Brief:
    return _brief(*data.version(), iso3, language)


@st.cache_data(show_spinner=False, max_entries=32)
def _pdf(path: str, mtime: int, iso3: str, language: str, page: str, link: str) -> bytes:
    set_language(language)
    return brief_export.pdf(_brief(path, mtime, iso3, language), layers(), page=page, data_date=downloads.data_date(), link=link)


def pdf(iso3: str, language: str, page: str, link: str) -> bytes:
    return _pdf(*data.version(), iso3, language, page, link)


@st.cache_data(show_spinner=False, max_entries=32)
def _png(path: str, mtime: int, iso3: str, language: str, link: str) -> bytes:
    return brief_export.png(_pdf(path, mtime, iso3, language, "A4", link))


def png(iso3: str, language: str, link: str) -> bytes:
    return _png(*data.version(), iso3, language, link)
