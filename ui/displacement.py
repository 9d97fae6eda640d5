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
from i18n import _
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
    matches: pd.DataFrame  # analysis.match_zones, plus `text`: IDMC's figure for each zone in words


@dataclass(frozen=True)
class IdmcSelection:
    """IDMC's disaster events of the selected countries and years, and what the page draws of them."""

    events: pd.DataFrame  # the `disaster_events` rows
    total: int  # sum of their displacements
    by_country_year: pd.DataFrame
    by_hazard_year: pd.DataFrame
    largest: pd.DataFrame
    choropleth: dict  # mapping.displacement.choropleth_features
    attribution: str  # IDMC's attribution with the date of access




@st.cache_data(show_spinner=False, max_entries=32)
def _selection(path: str, mtime: int, countries: tuple | None, years: tuple | None, hazards: tuple | None, language: str) -> Selection:
    from i18n import set_language

    set_language(language)
    sources = data.sources()
    names = data.country_names(language)
    zones = analysis.select_hazards(data.layer("displacement_zones", countries, years), hazards)
    routes = data.layer("routes", countries, years)
    shelters = data.layer("shelters", countries)  # the public positions: sensitive shelters at town level, as on every map
    inside = analysis.features_inside(zones, shelters, routes, names)
    matches = analysis.match_zones(zones, data.layer("disaster_events", countries))
    idmc_texts = [
        dmap.idmc_figure_text(d, analysis.match_method_label(m), n) for d, m, n in zip(matches["displacements"], matches["method"], matches["event_names"])
    ]
    matches = matches.assign(text=idmc_texts)
    return Selection(
        zones=pd.DataFrame(zones.drop(columns="geometry")),
        figures=analysis.displacement_figures(zones, inside),
        inside=inside,
        events=analysis.event_table(zones, sources, names),
        zone_features=dmap.zone_map_features(features.zone_features(zones, sources, names), zones, idmc_texts),
        route_features=dmap.route_map_features(features.route_features(routes, sources), routes, analysis.inside_ids(inside, analysis.ROUTE_SEGMENT)),
        shelter_features=dmap.shelter_map_features(features.shelter_features(shelters, sources, names), shelters, analysis.inside_ids(inside, analysis.SHELTER)),
        bounds=dmap.bounds_of(zones),
        matches=matches,
    )


def attribution(sources: pd.DataFrame, events: pd.DataFrame) -> str:
    """IDMC's attribution as its licence asks, with the date of access of the rows shown."""
    from importers.idmc import ATTRIBUTION

    accessed = sorted({str(sources.at[s, "accessed"]) for s in events["source_id"].unique() if s in sources.index and pd.notna(sources.at[s, "accessed"])})
    return _("{attribution}, accessed {date}").format(attribution=ATTRIBUTION, date=", ".join(accessed) or _("not recorded")) if accessed else ATTRIBUTION


@st.cache_data(show_spinner=False, max_entries=32)
def _idmc(path: str, mtime: int, countries: tuple | None, years: tuple | None, language: str) -> IdmcSelection:
    from i18n import set_language
    from i18n.vocabulary import precision_label

    set_language(language)
    events = data.layer("disaster_events", countries, years)
    credit = attribution(data.sources(), events)
    by_country_year = analysis.by_country_and_year(events)
    return IdmcSelection(
        events=events,
        total=analysis.idmc_total(events),
        by_country_year=by_country_year,
        by_hazard_year=analysis.by_hazard_and_year(events),
        largest=analysis.largest_events(events),
        choropleth=dmap.choropleth_features(data.basemap(language), by_country_year, credit, precision_label("country")),
        attribution=credit,
    )


def idmc(countries, years, language: str) -> IdmcSelection:
    """IDMC's events of the selection (the sidebar's countries and years), with the choropleth drawn from them."""
    path, mtime = data.version()
    return _idmc(path, mtime, tuple(countries) if countries else None, tuple(years) if years else None, language)


def selection(countries, years, hazards, language: str) -> Selection:
    """The events, join and map layers of the selection (hazards None: every type)."""
    path, mtime = data.version()
    return _selection(
        path,
        mtime,
        tuple(countries) if countries else None,
        tuple(years) if years else None,
        tuple(sorted(hazards)) if hazards is not None else None,
        language,
    )
