"""Build the Disaster displacement map: zones coloured by hazard type, with
route segments and shelters over them, those inside a zone highlighted.

No Streamlit here. Popups are the Overview's (the same property builders of
`mapping.features` and the same popup rows); this module only adds the
properties that drive this map's colours. Same inputs, byte-identical output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from i18n import _, format_number
from i18n.vocabulary import hazard_category_label, hazard_type_label  # noqa: F401  (re-exported)
from registry import layers as registry
from mapping import base, framing, styles
from mapping.elements import GeoJsonOverlay, OfflineMap
from mapping.specs import feature_spec, route_spec, shelter_spec, zone_spec

# Paul Tol's "muted" scheme (colour-blind safe); the two category colours of the
# Overview stand for the commonest type of each category.
HAZARD_TYPE_COLOURS = {
    "Earthquake": styles.HAZARD_COLOURS["Geophysical"],
    "Volcanic activity": "#AA4499",
    "Mass movement": "#999933",
    "Storm": styles.HAZARD_COLOURS["Weather related"],
    "Flood": "#88CCEE",
    "Drought": "#DDCC77",
    "Wildfire": "#CC6677",
    "Extreme temperature": "#117733",
    "Wet mass movement": "#999933",
    "Mass Movement": "#999933",
    "Extreme Temperature": "#117733",
    "Erosion": "#BBBBBB",
    "Mixed disasters": "#555555",
    "Sea level Rise": "#332288",
    "Wave action": "#6699CC",
}
# Sequential, colour-blind safe (ColorBrewer YlGnBu): IDMC's displacements by country, in six classes.
CHOROPLETH_BREAKS = (1, 10_000, 100_000, 500_000, 2_000_000, 10_000_000)
CHOROPLETH_COLOURS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
RECENT_YEARS_IN_POPUP = 6
INSIDE_COLOUR = "#D55E00"  # Okabe–Ito vermillion: a feature inside a zone
OUTSIDE_ROUTE_COLOUR = "#555555"



def hazard_type_colour(hazard_type: str, category: str | None = None) -> str:
    """The colour of a hazard type; an unknown type takes its category's colour."""
    return HAZARD_TYPE_COLOURS.get(hazard_type) or styles.HAZARD_COLOURS.get(category or "", "#888888")


def _add_properties(collection: dict, column: str, values) -> dict:
    """A copy of `collection` with property `column` set from `values` (one per feature, in order)."""
    values = list(values)
    if len(values) != len(collection["features"]):
        raise ValueError("one value per feature is needed")
    features = [{**f, "properties": {**f["properties"], column: v}} for f, v in zip(collection["features"], values)]
    return {**collection, "features": features}


def zone_map_features(zone_collection: dict, zones, idmc_figures: list[str] | None = None) -> dict:
    """The Overview's zone features plus `hazard_type`, which colours them here, and `idmc`: IDMC's figure for the event, in words."""
    collection = _add_properties(zone_collection, "hazard_type", zones["hazard_type"].astype(object))
    if idmc_figures is not None:
        collection = _add_properties(collection, "idmc", idmc_figures)
    return collection


def idmc_figure_text(displacements, method_label: str, event_names: str) -> str:
    """A zone's IDMC figure as its popup and table say it: the number, how it was matched and IDMC's event names."""
    if displacements is None or pd.isna(displacements):
        return method_label
    return _("{figure} internal displacements ({how}: {events})").format(figure=format_number(int(displacements)), how=method_label, events=event_names)


def choropleth_class(value: int) -> str:
    """The class (c1 … c6) of a country's displacements; c0 for none."""
    return f"c{sum(1 for b in CHOROPLETH_BREAKS if value >= b)}"


def choropleth_features(basemap: dict, by_country_year, attribution: str, precision: str) -> dict:
    """The countries with IDMC displacements in the selection, each with its class, total and recent years.

    `basemap` is `mapping.features.basemap_features` (iso3, name); `by_country_year`
    is `analysis.displacement.by_country_and_year` of the selection.
    """
    totals = by_country_year.groupby("country_iso3")["displacements"].sum() if len(by_country_year) else {}
    rows = by_country_year.groupby("country_iso3")["events"].sum() if len(by_country_year) else {}
    features = []
    for feature in basemap["features"]:
        iso = feature["properties"]["iso3"]
        if iso not in totals or int(totals[iso]) <= 0:
            continue
        years = by_country_year[by_country_year["country_iso3"] == iso].sort_values("year", ascending=False)
        shown = years.head(RECENT_YEARS_IN_POPUP)
        by_year = " · ".join(f"{int(y)}: {format_number(int(v))}" for y, v in zip(shown["year"], shown["displacements"]))
        if len(years) > RECENT_YEARS_IN_POPUP:
            by_year += " · …"
        properties = {
            "iso3": iso,
            "title": feature["properties"]["name"],
            "band": choropleth_class(int(totals[iso])),
            "total": format_number(int(totals[iso])),
            "by_year": by_year,
            "rows": format_number(int(rows[iso])),
            "measure": _("internal displacements: movements, not people"),
            "source": attribution,
            "precision": precision,
            "is_demo": False,
        }
        features.append({**feature, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def choropleth_legend_items() -> list[dict]:
    labels = [
        _("{low} – {high}").format(low=format_number(low), high=format_number(high - 1))
        for low, high in zip(CHOROPLETH_BREAKS, CHOROPLETH_BREAKS[1:])
    ] + [_("{low} or more").format(low=format_number(CHOROPLETH_BREAKS[-1]))]
    return [{"shape": "area", "color": "#666666", "fill": colour, "label": label} for colour, label in zip(CHOROPLETH_COLOURS, labels)]


def choropleth_spec() -> dict:
    style = {
        "base": {"color": "#666666", "weight": 0.8, "fillOpacity": 0.75, "fillColor": CHOROPLETH_COLOURS[0]},
        "by": [{"property": "band", "values": {f"c{i + 1}": {"fillColor": c} for i, c in enumerate(CHOROPLETH_COLOURS)}}],
    }
    rows = [
        (_("Disaster displacements (IDMC)"), "total"),
        (_("By year (newest first)"), "by_year"),
        (_("Rows of IDMC's table"), "rows"),
        (_("What is counted"), "measure"),
    ]
    return feature_spec(style, rows)


def zone_popup_spec() -> dict:
    """The Overview's zone popup with one more row: IDMC's figure for the event."""
    spec = zone_spec()
    rows = list(spec["popup"]["rows"])
    rows.insert(4, [_("IDMC figure"), "idmc"])
    return {**spec, "popup": {**spec["popup"], "rows": rows}}


def route_map_features(route_collection: dict, routes, inside: set[str]) -> dict:
    """The Overview's route features plus `in_zone` (the segment crosses a zone)."""
    return _add_properties(route_collection, "in_zone", (s in inside for s in routes["segment_id"]))


def shelter_map_features(shelter_collection: dict, shelters, inside: set[str]) -> dict:
    """The Overview's shelter features plus `marker`: inside/outside a zone, open/closed."""
    markers = [
        ("inside" if sid in inside else "outside") + ("_closed" if closed else "")
        for sid, closed in zip(shelters["shelter_id"], shelters["closed"].notna())
    ]
    return _add_properties(shelter_collection, "marker", markers)


def zone_style_rules(hazard_types: list[str], categories: dict[str, str] | None = None) -> dict:
    """Colour by category (the fallback), then by hazard type."""
    categories = categories or {}
    rules = styles.zone_style_rules()
    rules["base"] = {**rules["base"], "fillOpacity": 0.3}
    colours = {t: {"color": hazard_type_colour(t, categories.get(t)), "fillColor": hazard_type_colour(t, categories.get(t))} for t in hazard_types}
    rules["by"] = list(rules["by"]) + [{"property": "hazard_type", "values": colours}]
    return rules


def route_style_rules() -> dict:
    return {
        "base": {"weight": 2.5, "opacity": 0.85, "color": OUTSIDE_ROUTE_COLOUR},
        "by": [
            {"property": "in_zone", "values": {"true": {"color": INSIDE_COLOUR, "weight": 4.5, "opacity": 1}}},
            {"property": "direction", "values": {"southbound": {"dashArray": "8 6"}}},
        ],
    }


def shelter_style_rules() -> dict:
    return {
        "base": {"radius": 6, "color": "#ffffff", "weight": 1.5, "fillColor": styles.SHELTER_COLOUR, "fillOpacity": 0.95},
        "by": [
            {
                "property": "marker",
                "values": {
                    "inside": {"fillColor": INSIDE_COLOUR, "radius": 7},
                    "inside_closed": {"color": INSIDE_COLOUR, "weight": 2.5, "fillColor": "#ffffff", "radius": 7},
                    "outside_closed": {"color": styles.SHELTER_CLOSED_COLOUR, "weight": 2, "fillColor": "#ffffff"},
                },
            }
        ],
    }


@dataclass
class DisplacementLayers:
    """What the Disaster displacement map draws; routes or shelters left as None are not drawn."""

    basemap: dict
    zones: dict
    hazard_types: list[str] = field(default_factory=list)  # in legend order
    hazard_categories: dict[str, str] = field(default_factory=dict)  # hazard type -> category
    selected: list[str] = field(default_factory=list)
    routes: dict | None = None
    shelters: dict | None = None
    choropleth: dict | None = None  # choropleth_features: IDMC's displacements by country
    choropleth_title: str = ""


def _legend_spec(layers: DisplacementLayers) -> dict:
    sections = []
    if layers.choropleth is not None:
        sections.append({"title": layers.choropleth_title or choropleth_name(), "items": choropleth_legend_items()})
    sections += [
        {
            "title": _("Disaster zones, by hazard"),
            "items": [{"shape": "area", "color": hazard_type_colour(t, layers.hazard_categories.get(t)), "label": hazard_type_label(t)} for t in layers.hazard_types],
        }
    ]
    if layers.routes is not None:
        sections.append(
            {
                "title": _("Routes"),
                "items": [
                    {"shape": "line", "color": INSIDE_COLOUR, "weight": 4, "label": _("Segment crossing a zone")},
                    {"shape": "line", "color": OUTSIDE_ROUTE_COLOUR, "label": _("Other segment")},
                    {"shape": "line", "color": OUTSIDE_ROUTE_COLOUR, "dash": True, "label": _("Southbound (return flow)")},
                ],
            }
        )
    if layers.shelters is not None:
        sections.append(
            {
                "title": _("Services"),
                "items": [
                    {"shape": "circle", "color": INSIDE_COLOUR, "label": _("Inside a zone")},
                    {"shape": "circle", "color": styles.SHELTER_COLOUR, "label": _("Outside the zones")},
                    {"shape": "circle", "color": styles.SHELTER_CLOSED_COLOUR, "fill": "#ffffff", "label": _("Closure reported")},
                ],
            }
        )
    note = _("Zones are approximate or schematic areas, not official footprints.")
    if layers.choropleth is not None:
        note = _("IDMC's internal displacements count movements, not people.") + " " + note
    # bottom left: over the Pacific, off the countries and zones the map is about
    return {**base.legend(sections, note), "position": "bottomleft"}


def choropleth_name() -> str:
    return _("Disaster displacements by country (IDMC)")


zones_name = registry.get("zones").title  # the layers' titles: registry.layers
routes_name = registry.get("routes").title
shelters_name = registry.get("shelters").title


def build_displacement_map(layers: DisplacementLayers, *, bounds: framing.Box | None = None, **options) -> OfflineMap:
    """The map of disaster zones with the routes and shelters over them, fitted to `bounds`; `options` for `mapping.base.new_map`."""
    m = base.new_map(layers.selected, zoom_snap=0.25, **base.defaults(options, height=460))
    base_url = m.base_url
    if layers.choropleth is not None:
        GeoJsonOverlay(layers.choropleth, choropleth_spec(), name=choropleth_name(), base_url=base_url).add_to(m)
    zones = {**zone_popup_spec(), "style": zone_style_rules(layers.hazard_types, layers.hazard_categories)}
    if layers.choropleth is not None:  # outlines stand out over the choropleth; a light fill keeps its colours readable
        zones["style"]["base"] = {**zones["style"]["base"], "fillOpacity": 0.15, "weight": 2.5}
    GeoJsonOverlay(layers.zones, zones, name=zones_name(), base_url=base_url).add_to(m)
    if layers.routes is not None:
        GeoJsonOverlay(layers.routes, {**route_spec(), "style": route_style_rules()}, name=routes_name(), base_url=base_url).add_to(m)
    if layers.shelters is not None:
        # not clustered: a shelter inside a zone must stay visible at every zoom
        spec = shelter_spec(cluster=False)
        GeoJsonOverlay(layers.shelters, {**spec, "style": shelter_style_rules()}, name=shelters_name(), base_url=base_url).add_to(m)
    return base.finish(m, _legend_spec(layers), bounds or framing.frame())


def bounds_of(frame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a GeoDataFrame, or None when it is empty."""
    if frame is None or len(frame) == 0:
        return None
    return framing.frame(frame)
