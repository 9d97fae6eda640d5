"""Build the Darién corridor map: the route's segments by step, its places, and services near it.

No Streamlit here: the page hands in prepared frames and gets back a folium
Map. Same inputs, byte-identical output (`mapping.base.stable_ids`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from analysis.darien import km_range
from i18n import _, format_number
from mapping import base, framing, features, styles
from mapping.elements import GeoJsonOverlay, OfflineMap
from mapping.specs import feature_spec, place_spec, shelter_spec

PLACE_STYLES = styles.PLACE_STYLES
FIT_PADDING_DEG = 0.35


def step_title(number: int, from_place: str, to_place: str) -> str:
    return _("Step {n}: {start} → {end}").format(n=number, start=from_place, end=to_place)


def segment_features(segments: gpd.GeoDataFrame, sources: pd.DataFrame) -> dict:
    """The route's segments as GeoJSON, each with its step, length and the route popup's properties."""
    collection = features.route_features(segments, sources)
    for feature, row in zip(collection["features"], segments.to_dict("records")):
        props = feature["properties"]
        km = km_range(row["length_km"], row["length_km"])
        props["step"] = int(row["step"])
        props["title"] = step_title(int(row["step"]), row["from_place"], row["to_place"])
        props["distance"] = _("{km} km along the schematic line").format(km=km) if row["precision"] == "schematic" else _("{km} km").format(km=km)
    return collection


place_features = features.place_features


def service_features(shelters: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> dict:
    """Services near the route (already generalised where sensitive), with their distance to it."""
    collection = features.shelter_features(shelters, sources, country_names)
    for feature, km in zip(collection["features"], shelters["distance_km"]):
        feature["properties"]["distance"] = _("{km} km").format(km=format_number(round(float(km), 1)))
    return collection


def service_table(near: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> pd.DataFrame:
    """Services near a step as a table of translated text: name, type, town, km, services, closure, source."""
    props = [f["properties"] for f in features.shelter_features(near, sources, country_names)["features"]]
    return pd.DataFrame(
        {
            _("Service point"): [p["title"] for p in props],
            _("Type"): [p["type"] for p in props],
            _("Town"): [p["place"] for p in props],
            _("km from the route"): [round(float(km), 1) for km in near["distance_km"]],
            _("Services"): [p["services"] for p in props],
            _("Closure reported"): [p["closed"] for p in props],
            _("Source"): [p["source"] for p in props],
        }
    )


@dataclass
class DarienLayers:
    """What the Darién map draws."""

    basemap: dict
    segments: dict
    places: dict | None = None
    services: dict | None = None
    service_km: float = 25
    modes: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)


def _segment_spec() -> dict:
    rows = [(_("Mode"), "mode_label"), (_("Distance"), "distance"), (_("Years"), "years"), (_("What the source reports"), "notes")]
    return feature_spec(styles.route_style_rules(), rows)


def _service_spec() -> dict:
    """The Overview's shelter popup, unclustered, with the distance from the route."""
    return shelter_spec(cluster=False, extra_rows=([_("Distance from the route"), "distance"],))


def _legend_spec(layers: DarienLayers) -> dict:
    modes = [m for m in styles.MODE_COLOURS if m in layers.modes]
    sections = [
        {
            "title": _("Route, by how people travel"),
            "items": [{"shape": "line", "color": styles.MODE_COLOURS[m], "weight": styles.DARIEN_WEIGHT, "label": styles.mode_label(m)} for m in modes],
        }
    ]
    if layers.places is not None:
        sections.append(
            {
                "title": _("Places"),
                "items": [
                    {"shape": "circle", "color": PLACE_STYLES["town"]["color"], "fill": PLACE_STYLES["town"]["fillColor"], "label": _("Town or port")},
                    {"shape": "circle", "color": PLACE_STYLES["reception_station"]["color"], "fill": PLACE_STYLES["reception_station"]["fillColor"], "label": _("Migrant reception station")},
                    {"shape": "circle", "color": "#333333", "fill": PLACE_STYLES["border_crossing"]["fillColor"], "label": _("Border crossing")},
                ],
            }
        )
    if layers.services is not None:
        sections.append(styles.shelter_legend(_("Services within {km} km").format(km=format_number(layers.service_km))))
    return base.legend(sections, _("Lines are schematic: drawn through the towns, not traced."))


def route_bounds(segments: gpd.GeoDataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the segments, padded a little."""
    if segments.empty:
        return None
    minx, miny, maxx, maxy = segments.total_bounds
    pad = FIT_PADDING_DEG
    return [[float(miny) - pad, float(minx) - pad], [float(maxy) + pad, float(maxx) + pad]]


def build_darien_map(layers: DarienLayers, *, bounds: framing.Box | None = None, **options) -> OfflineMap:
    """The Darién map, fitted to `bounds` (default: the corridor between Urabá and Chiriquí); `options` for `mapping.base.new_map`."""
    m = base.new_map(layers.selected, location=(8.5, -79.8), zoom_start=7, zoom_snap=0.25, zoom_delta=0.5, **base.defaults(options, height=480))
    base_url = m.base_url
    GeoJsonOverlay(layers.segments, _segment_spec(), name=_("Darién route, step by step"), base_url=base_url).add_to(m)
    if layers.places is not None:
        GeoJsonOverlay(layers.places, place_spec(), name=_("Places on the route"), base_url=base_url).add_to(m)
    if layers.services is not None:
        GeoJsonOverlay(
            layers.services, _service_spec(), name=_("Services within {km} km").format(km=format_number(layers.service_km)), base_url=base_url
        ).add_to(m)
    return base.finish(m, _legend_spec(layers), bounds or framing.frame(focus=framing.FOCUS["darien"]))
