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

# cells across the incidents' extent, smallest and largest cell width (km)
GRIDS = {"heat": (80, 5, 75), "hexagons": (22, 10, 250)}
HEAT_REACH = 2.5  # a heat square counts the records within about this many square widths




@st.cache_data(show_spinner=False, max_entries=64)
def _cells(path: str, mtime: int, view: str, countries: tuple | None, years: tuple | None, routes: tuple, causes: tuple) -> tuple[gpd.GeoDataFrame, float, float | None]:
    incidents = loaders.read_layer("incidents", path=path, countries=countries, years=years)
    selected = deaths.filter_incidents(incidents, list(routes), list(causes))
    across, smallest, largest = GRIDS[view]
    size = deaths.cell_size_km(selected, across, smallest, largest)
    if view == "heat":
        reach = deaths.nice_km(size * HEAT_REACH)
        return deaths.heat_cells(selected, size, reach), size, reach
    return deaths.grid_cells(selected, size, "hexagon"), size, None


def cells(view: str, countries, years, routes, causes) -> tuple[gpd.GeoDataFrame, float, float | None]:
    """Grid cells ("heat" or "hexagons") of the selected incidents, the cell width and the heat reach in km."""
    path, mtime = data.version()
    return _cells(path, mtime, view, tuple(countries) if countries else None, tuple(years) if years else None, tuple(routes or ()), tuple(causes or ()))


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
