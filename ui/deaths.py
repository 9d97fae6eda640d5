"""Cached helpers for the page on disappearances and deaths.

Caches are keyed on the GeoPackage's path and modification time plus the
page's own inputs, like `ui.data`.
"""

from __future__ import annotations

import sqlite3

import geopandas as gpd
import streamlit as st

import loaders
from analysis import deaths
from i18n.markdown import md  # noqa: F401  (re-exported: the pages escape data with it)
from ui import data

# hexagons across the incidents' extent, smallest and largest hexagon width (km)
HEXAGONS = (22, 10, 250)




@st.cache_data(show_spinner=False, max_entries=64)
def _cells(path: str, mtime: int, countries: tuple | None, years: tuple | None, routes: tuple, causes: tuple) -> tuple[gpd.GeoDataFrame, float]:
    incidents = loaders.read_layer("incidents", path=path, countries=countries, years=years)
    selected = deaths.filter_incidents(incidents, list(routes), list(causes))
    size = deaths.cell_size_km(selected, *HEXAGONS)
    return deaths.grid_cells(selected, size, "hexagon"), size


def cells(countries, years, routes, causes) -> tuple[gpd.GeoDataFrame, float]:
    """Hexagons of the selected incidents, and their width in km."""
    path, mtime = data.version()
    return _cells(path, mtime, tuple(countries) if countries else None, tuple(years) if years else None, tuple(routes or ()), tuple(causes or ()))


@st.cache_data(show_spinner=False, max_entries=8)
def _written(path: str, mtime: int) -> dict[str, str]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT table_name, last_change FROM gpkg_contents").fetchall()
    except sqlite3.Error:
        return {}
    return {str(name): str(stamp)[:10] for name, stamp in rows if stamp}


def layer_written(name: str) -> str | None:
    """Date (YYYY-MM-DD) the GeoPackage says layer `name` was last written, if it says."""
    path, mtime = data.version()
    return _written(path, mtime).get(name)
