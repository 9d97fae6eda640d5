"""Cached work of the Disaster displacement page: the spatial join and the map layers.

Keyed on the GeoPackage's path and modification time (like `ui.data`), the
filters, the chosen hazard types and the language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis import displacement as analysis
from mapping import displacement as dmap
from mapping import features
from ui import data


@dataclass(frozen=True)
class Selection:
    """Everything the page shows for one choice of countries, years and hazard types."""

    zones: pd.DataFrame  # the events (no geometry)
    figures: analysis.DisplacementFigures
    inside: pd.DataFrame  # analysis.features_inside
    events: pd.DataFrame  # analysis.event_table
    zone_features: dict
    route_features: dict
    shelter_features: dict
    bounds: list[list[float]] | None  # of the zones drawn


_stamp = data._stamp  # the data version: one definition for every cache key


@st.cache_data(show_spinner=False, max_entries=32)
def _selection(path: str, mtime: int, countries: tuple | None, years: tuple | None, hazards: tuple | None, language: str) -> Selection:
    from i18n import set_language

    set_language(language)
    sources = data.sources()
    names = data.country_names(language)
    zones = analysis.select_hazards(data.layer("displacement_zones", countries, years), hazards)
    routes = data.layer("routes", countries, years)
    # the public positions: sensitive shelters at town level, as on every map
    shelters = features.generalise_sensitive(data.layer("shelters", countries), data.layer("places"))
    inside = analysis.features_inside(zones, shelters, routes, names)
    return Selection(
        zones=pd.DataFrame(zones.drop(columns="geometry")),
        figures=analysis.displacement_figures(zones, inside),
        inside=inside,
        events=analysis.event_table(zones, sources, names),
        zone_features=dmap.zone_map_features(features.zone_features(zones, sources, names), zones),
        route_features=dmap.route_map_features(features.route_features(routes, sources), routes, analysis.inside_ids(inside, analysis.ROUTE_SEGMENT)),
        shelter_features=dmap.shelter_map_features(features.shelter_features(shelters, sources, names), shelters, analysis.inside_ids(inside, analysis.SHELTER)),
        bounds=dmap.bounds_of(zones),
    )


def selection(countries, years, hazards, language: str) -> Selection:
    """The events, join and map layers of the selection (hazards None: every type)."""
    path, mtime = _stamp()
    return _selection(
        path,
        mtime,
        tuple(countries) if countries else None,
        tuple(years) if years else None,
        tuple(sorted(hazards)) if hazards is not None else None,
        language,
    )
