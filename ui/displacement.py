"""Cached work of the Disaster displacement page: the spatial join and the map layers.

Keyed on the GeoPackage's path and modification time (like `ui.data`), the
filters, the chosen hazard types and the language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import displacement as analysis
from charts import displacement as charts
from i18n import _, current_language, format_number
from i18n.vocabulary import precision_label
from mapping import displacement as dmap
from mapping import features
from ui import data, shared


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
    hazard_types: list[str]  # of the zones drawn
    sourced: pd.DataFrame  # analysis.sourced_figures
    events_chart: object  # the named events by year and hazard type
    sourced_chart: object  # their sourced figures; None without any
    event_rows: pd.DataFrame  # the events table, values in the reader's language
    inside_rows: pd.DataFrame  # the table of features inside a zone, likewise


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
    largest_rows: pd.DataFrame  # the largest events' table, values in the reader's language


def _selection(countries: tuple | None, years: tuple | None, hazards: tuple | None) -> Selection:
    sources = data.sources()
    names = data.country_names(current_language())
    zones = analysis.select_hazards(data.layer("displacement_zones", countries, years), hazards)
    routes = data.layer("routes", countries, years)
    shelters = data.layer("shelters", countries)  # the public positions: sensitive shelters at town level, as on every map
    inside = analysis.features_inside(zones, shelters, routes, names)
    matches = analysis.match_zones(zones, data.layer("disaster_events", countries))
    idmc_texts = [
        dmap.idmc_figure_text(d, analysis.match_method_label(m), n) for d, m, n in zip(matches["displacements"], matches["method"], matches["event_names"])
    ]
    matches = matches.assign(text=idmc_texts)
    events = analysis.event_table(zones, sources, names)
    plain_zones = pd.DataFrame(zones.drop(columns="geometry"))
    sourced = analysis.sourced_figures(plain_zones, sources)
    return Selection(
        zones=plain_zones,
        figures=analysis.displacement_figures(zones, inside),
        inside=inside,
        events=events,
        zone_features=dmap.zone_map_features(features.zone_features(zones, sources, names), zones, idmc_texts),
        route_features=dmap.route_map_features(features.route_features(routes, sources), routes, analysis.inside_ids(inside, analysis.ROUTE_SEGMENT)),
        shelter_features=dmap.shelter_map_features(features.shelter_features(shelters, sources, names), shelters, analysis.inside_ids(inside, analysis.SHELTER)),
        bounds=dmap.bounds_of(zones),
        matches=matches,
        hazard_types=analysis.hazard_types(plain_zones),
        sourced=sourced,
        events_chart=shared.chart(charts.events_chart, analysis.events_by_year_and_hazard(plain_zones), [_("Corredor's list of named disaster events")], years),
        sourced_chart=_sourced_chart(sourced, plain_zones, sources, years),
        event_rows=_event_rows(events, plain_zones, inside, matches),
        inside_rows=_inside_rows(inside) if len(inside) else pd.DataFrame(),
    )


def attribution(sources: pd.DataFrame, events: pd.DataFrame) -> str:
    """IDMC's attribution as its licence asks, with the date of access of the rows shown."""
    from importers.idmc import ATTRIBUTION

    accessed = sorted({str(sources.at[s, "accessed"]) for s in events["source_id"].unique() if s in sources.index and pd.notna(sources.at[s, "accessed"])})
    return _("{attribution}, accessed {date}").format(attribution=ATTRIBUTION, date=", ".join(accessed) or _("not recorded")) if accessed else ATTRIBUTION


def _idmc(countries: tuple | None, years: tuple | None) -> IdmcSelection:
    events = data.layer("disaster_events", countries, years)
    credit = attribution(data.sources(), events)
    by_country_year = analysis.by_country_and_year(events)
    return IdmcSelection(
        events=events,
        total=analysis.idmc_total(events),
        by_country_year=by_country_year,
        by_hazard_year=analysis.by_hazard_and_year(events),
        largest=analysis.largest_events(events),
        choropleth=dmap.choropleth_features(data.basemap(current_language()), by_country_year, credit, precision_label("country")),
        attribution=credit,
        largest_rows=_largest_rows(analysis.largest_events(events)),
    )


def idmc(countries, years) -> IdmcSelection:
    """IDMC's events of the selection (the sidebar's countries and years), with the choropleth drawn from them;
    once per selection, language and data version, shared by every viewer."""
    return shared.value(_idmc, _key(countries), _key(years))


def selection(countries, years, hazards) -> Selection:
    """The events, join, map layers and tables of the selection (hazards None: every type), shared likewise."""
    return shared.value(_selection, _key(countries), _key(years), tuple(sorted(hazards)) if hazards is not None else None)


def _key(values) -> tuple | None:
    return tuple(values) if values else None


@dataclass(frozen=True)
class Overview:
    """What the page shows of the selection before the hazard filter: the hazard types and the regional totals."""

    hazard_types: list[str]  # of the named zones of the countries and years
    regional: pd.DataFrame  # IDMC's published regional totals of the years
    regional_chart: object  # None without any
    rows_sum: str  # the regional years' sums over IDMC's rows, in words ("" when none)


def overview(countries, years) -> Overview:
    return shared.value(_overview, _key(countries), _key(years))


def _overview(countries: tuple | None, years: tuple | None) -> Overview:
    regional = analysis.regional_totals(data.layer("reported_totals"), years)
    chart, beside = None, ""
    if not regional.empty:
        chart = shared.chart(charts.regional_chart, regional, analysis.publishers(regional["source_id"], data.sources()))
        computed = analysis.by_country_and_year(data.layer("disaster_events", None, years)).groupby("year")["displacements"].sum()
        beside = "; ".join(f"{int(y)}: {format_number(int(computed[y]))}" for y in regional["year"] if y in computed.index)
    return Overview(analysis.hazard_types(data.layer("displacement_zones", countries, years)), regional, chart, beside)


def _sourced_chart(sourced: pd.DataFrame, zones: pd.DataFrame, sources: pd.DataFrame, years) -> object:
    if sourced.empty:
        return None
    return shared.chart(charts.sourced_chart, sourced, analysis.publishers(zones["figure_source_id"], sources), years)


def _largest_rows(largest: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "displacements": largest["displacements"],
            "country": largest["country_iso3"].map(data.country_names(current_language())).fillna(largest["country_name"]),
            "year": largest["year"],
            "event": largest["event_name"],
            "hazard": largest["hazard_type"].map(dmap.hazard_type_label),
            "start": largest["start_date"],
            "raw": largest["displacements_raw"],
            "event_id": largest["event_id"],
            "glide": largest["glide"].fillna(""),
        }
    )


def _event_rows(events: pd.DataFrame, zones: pd.DataFrame, inside: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    per_zone = analysis.inside_by_zone(inside, zones).set_index("zone_id")
    idmc_by_zone = dict(zip(matches["zone_id"], matches["text"]))
    table = pd.DataFrame(
        {
            "event": events["event"],
            "type": events["hazard_type"].map(dmap.hazard_type_label),
            "start": events["start"],
            "end": events["end"],
            "countries": events["countries"],
            "figure": events["figure"],
            "idmc": events["zone_id"].map(idmc_by_zone),
            "measure": events["measure"].fillna(""),
            "figure_source": events["figure_source"].fillna(""),
            "figure_url": events["figure_url"],
            "shelters_inside": events["zone_id"].map(per_zone["shelters"]),
            "segments_inside": events["zone_id"].map(per_zone["route_segments"]),
            "precision": events["precision"].map(precision_label),
            "notes": events["notes"].fillna(""),
            "area_source": events["area_source"].fillna(""),
            "category": events["hazard_category"].map(dmap.hazard_category_label),
            "subtype": events["hazard_subtype"].fillna(""),
        }
    )
    if events["is_demo"].any():
        table.insert(1, "illustrative", events["is_demo"].map({True: _("Illustrative, not a real record"), False: ""}))
    return table


def _inside_rows(inside: pd.DataFrame) -> pd.DataFrame:
    kind = {analysis.SHELTER: _("Shelter or service point"), analysis.ROUTE_SEGMENT: _("Route segment")}
    table = pd.DataFrame(
        {
            "name": inside["name"],
            "kind": inside["feature_type"].map(kind),
            "event": inside["event_name"],
            "hazard": inside["hazard_type"].map(dmap.hazard_type_label),
            "place": inside["place"].fillna(""),
            "countries": inside["countries"],
            "closed": inside["closed"].fillna(""),
        }
    )
    if not table["closed"].astype(bool).any():
        table = table.drop(columns="closed")
    return table
