"""Colours and line styles of every layer, from the Okabe–Ito colour-blind-safe palette."""

from __future__ import annotations

from i18n import _
from i18n.vocabulary import mode_label, precision_label  # noqa: F401  (re-exported)

MODE_COLOURS = {
    "foot": "#E69F00",
    "boat": "#0072B2",
    "bus": "#009E73",
    "train": "#CC79A7",
    "mixed": "#555555",
}
DARIEN_ROUTE_ID = "darien"
ROUTE_WEIGHT = 3
DARIEN_WEIGHT = 6
SHELTER_COLOUR = "#332288"
SHELTER_CLOSED_COLOUR = "#666666"
INCIDENT_FILL = "#D55E00"
INCIDENT_STROKE = "#7a2e00"
HAZARD_COLOURS = {"Geophysical": "#882255", "Weather related": "#44AA99"}
COUNTRY_FILL = "#f4f1ea"
COUNTRY_SELECTED_FILL = "#fffdf5"
COUNTRY_BORDER = "#8a8a8a"
COUNTRY_SELECTED_BORDER = "#333333"
PLACE_STYLES = {
    "town": {"fillColor": "#ffffff", "color": "#333333"},
    "port": {"fillColor": "#ffffff", "color": "#333333"},
    "airport": {"fillColor": "#ffffff", "color": "#333333"},
    "border_crossing": {"fillColor": "#000000", "color": "#ffffff"},
    "reception_station": {"fillColor": "#F0E442", "color": "#333333"},
}


def route_style_rules() -> dict:
    """Style spec for Corredor.geojson: colour by mode, the Darién wider, southbound dashed."""
    return {
        "base": {"weight": ROUTE_WEIGHT, "opacity": 0.9},
        "by": [
            {"property": "mode", "values": {m: {"color": c} for m, c in MODE_COLOURS.items()}},
            {"property": "route_id", "values": {DARIEN_ROUTE_ID: {"weight": DARIEN_WEIGHT, "opacity": 1}}},
            {"property": "direction", "values": {"southbound": {"dashArray": "8 6"}}},
        ],
    }


def shelter_style_rules() -> dict:
    return {
        "base": {"radius": 7, "color": "#ffffff", "weight": 2, "fillColor": SHELTER_COLOUR, "fillOpacity": 0.95},
        "by": [{"property": "is_closed", "values": {"true": {"color": SHELTER_CLOSED_COLOUR, "fillColor": "#ffffff"}}}],
    }


def zone_style_rules() -> dict:
    return {
        "base": {"weight": 1.5, "fillOpacity": 0.25, "opacity": 0.8},
        "by": [{"property": "hazard_category", "values": {h: {"color": c, "fillColor": c} for h, c in HAZARD_COLOURS.items()}}],
    }


def country_style_rules(selected: list[str]) -> dict:
    return {
        "base": {"color": COUNTRY_BORDER, "weight": 0.8, "fillColor": COUNTRY_FILL, "fillOpacity": 1},
        "by": [{"property": "iso3", "values": {iso: {"color": COUNTRY_SELECTED_BORDER, "weight": 1.6, "fillColor": COUNTRY_SELECTED_FILL} for iso in selected}}],
    }


def shelter_legend(title: str | None = None) -> dict:
    """The legend section of shelters and service points (open, and closure reported)."""
    return {
        "title": title or _("Services"),
        "items": [
            {"shape": "circle", "color": SHELTER_COLOUR, "label": _("Shelter or service point")},
            {"shape": "circle", "color": SHELTER_CLOSED_COLOUR, "fill": "#ffffff", "label": _("Closure reported")},
        ],
    }
