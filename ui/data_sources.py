"""Cached helpers of the Data and sources page: each layer's card figures and its download zips.

Both are cached on the GeoPackage's path and modification time plus the
filters, so a rebuilt file gives fresh cards and fresh downloads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

import pandas as pd
import streamlit as st

import exports
import loaders
from analysis import catalogue
from i18n import set_language
from registry import layers as registry
from ui import data


layer_titles = registry.table_titles  # a readable title for every layer, in the order of loaders.LAYERS


def built_at(mtime_ns: int) -> dt.datetime:
    """The GeoPackage's modification time, in UTC to the second: the data date of every download."""
    return dt.datetime.fromtimestamp(mtime_ns / 1e9, tz=dt.timezone.utc).replace(microsecond=0)


def _selected(name: str, countries: tuple | None, years: tuple | None) -> pd.DataFrame:
    """Layer `name` as the downloads hold it: filtered, in its public form (sensitive shelters at town level), sources cited by the selection."""
    if name == "sources":
        frames = {other: _selected(other, countries, years) for other in loaders.LAYERS if other != "sources"}
        return catalogue.sources_in_selection(frames, data.sources())
    return data.layer(name, countries, years)


def _total(name: str) -> int:
    return len(data.layer(name))


@st.cache_data(show_spinner=False, max_entries=32)
def _summaries(path: str, mtime: int, countries: tuple | None, years: tuple | None, language: str) -> list[catalogue.LayerSummary]:
    set_language(language)
    sources = data.sources()
    updated = built_at(mtime) if mtime else None
    frames = {name: _selected(name, countries, years) for name in loaders.LAYERS}
    summaries = [catalogue.summarise(name, _total(name), frames[name], sources, file_updated=updated) for name in loaders.LAYERS]
    # The sources card counts, for each source, the rows of every layer in the selection that cite it.
    across = catalogue.selection_citations({n: f for n, f in frames.items() if n != "sources"}, sources)
    return [dataclasses.replace(s, sources=across) if s.name == "sources" else s for s in summaries]


def summaries(countries, years, language: str) -> list[catalogue.LayerSummary]:
    """One card's figures per layer, in the order of loaders.LAYERS."""
    path, mtime = data.version()
    return _summaries(path, mtime, tuple(countries) if countries else None, tuple(years) if years else None, language)


@st.cache_data(show_spinner=False, max_entries=64)
def _zip(name: str, fmt: str, countries: tuple | None, years: tuple | None, path: str, mtime: int, language: str) -> bytes:
    set_language(language)
    frame = data.layer(name, countries, years) if name != "sources" else _selected(name, countries, years)
    return exports.export_zip(
        name,
        frame,
        fmt,
        sources=data.sources(),
        selection=exports.Selection(countries=countries or (), years=years),
        built=built_at(mtime),
        total=_total(name),
        places=data.layer("places") if name == "shelters" else None,
    )


def zip_later(name: str, fmt: str, countries, years, language: str) -> Callable[[], bytes]:
    """A callable for st.download_button: the zip is built (once, then cached) only when someone clicks."""
    path, mtime = data.version()
    key = (tuple(countries) if countries else None, tuple(years) if years else None)

    def build() -> bytes:
        return _zip(name, fmt, key[0], key[1], path, mtime, language)

    return build


def download_name(name: str, fmt: str, countries, years) -> str:
    return exports.file_name(name, fmt, exports.Selection(countries=tuple(countries or ()), years=tuple(years) if years else None))
