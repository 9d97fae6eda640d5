"""Build the Disaster displacement map: zones coloured by hazard type, with
route segments and shelters over them, those inside a zone highlighted.

No Streamlit here. Popups are the Overview's (the same property builders of
`mapping.features` and the same popup rows); this module only adds the
properties that drive this map's colours. Same inputs, byte-identical output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import folium

from i18n import _
from i18n.vocabulary import hazard_category_label, hazard_type_label  # noqa: F401  (re-exported)
from mapping import assets, framing, styles
from mapping.elements import GeoJsonOverlay, Legend, OfflineMap
from mapping.overview import route_spec, shelter_spec, stable_ids, zone_spec

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
}
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


def zone_map_features(zone_collection: dict, zones) -> dict:
    """The Overview's zone features plus `hazard_type`, which colours them here."""
    return _add_properties(zone_collection, "hazard_type", zones["hazard_type"].astype(object))


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


def _legend_spec(layers: DisplacementLayers) -> dict:
    sections = [
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
    return {"title": _("Legend"), "sections": sections, "note": note, "open": None}


def zones_name() -> str:
    return _("Disaster displacement zones")


def routes_name() -> str:
    return _("Migration routes")


def shelters_name() -> str:
    return _("Shelters and services")


def build_displacement_map(
    layers: DisplacementLayers,
    *,
    bounds: list[list[float]] | None = None,
    base_url: str = assets.DEFAULT_BASE_URL,
    height: int = 460,
) -> OfflineMap:
    """The map of disaster zones with the routes and shelters over them, fitted to `bounds`."""
    m = OfflineMap(base_url=base_url, location=[15, -80], zoom_start=3, height=height, width="100%", zoom_snap=0.25)
    GeoJsonOverlay(
        layers.basemap,
        {"style": styles.country_style_rules(layers.selected), "tooltip": "name", "pane": "tilePane"},
        name=_("Countries"),
        control=False,
        base_url=base_url,
    ).add_to(m)
    zones = {**zone_spec(), "style": zone_style_rules(layers.hazard_types, layers.hazard_categories)}
    GeoJsonOverlay(layers.zones, zones, name=zones_name(), base_url=base_url).add_to(m)
    if layers.routes is not None:
        GeoJsonOverlay(layers.routes, {**route_spec(), "style": route_style_rules()}, name=routes_name(), base_url=base_url).add_to(m)
    if layers.shelters is not None:
        # not clustered: a shelter inside a zone must stay visible at every zoom
        spec = shelter_spec(cluster=False)
        GeoJsonOverlay(layers.shelters, {**spec, "style": shelter_style_rules()}, name=shelters_name(), base_url=base_url).add_to(m)
    Legend(_legend_spec(layers)).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    framing.fit(m, bounds or framing.frame())
    stable_ids(m)
    assets.assert_map_offline(m)
    return m


def bounds_of(frame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a GeoDataFrame, or None when it is empty."""
    if frame is None or len(frame) == 0:
        return None
    return framing.frame(frame)
