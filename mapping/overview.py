"""Build the Overview map: countries, routes, shelters, incidents and displacement zones.

No Streamlit here: the page hands in prepared layers and gets back a folium
Map. The same inputs always give byte-identical output (element ids are
derived from each element's place in the map), so Streamlit can skip
re-sending an unchanged map.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import folium
import pandas as pd

from i18n import _
from i18n.vocabulary import cause_label, route_label
from mapping.basemap import add_basemap
from mapping import assets, framing, styles
from mapping.elements import GeoJsonOverlay, Legend, OfflineMap, PackedPoints
from mapping.packing import RECORD_SIZE, pack_incidents
from loaders.schema import PRECISIONS

AMERICAS_BOUNDS = [[-35.0, -117.0], [40.0, -40.0]]  # where the routes run
ONLINE_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


@dataclass
class OverviewLayers:
    """What the Overview map draws; a layer left as None is not drawn."""

    basemap: dict
    selected: list[str] = field(default_factory=list)
    routes: dict | None = None
    shelters: dict | None = None
    zones: dict | None = None
    incidents: pd.DataFrame | None = None
    incident_display: dict[str, dict[str, str]] = field(default_factory=dict)
    has_demo_incidents: bool = False


def popup_labels() -> dict[str, str]:
    return {
        "source": _("Source"),
        "precision": _("Location precision"),
        "date": _("Date"),
    }


def feature_spec(style: dict, rows: list) -> dict:
    """A Corredor.geojson spec: tooltip and popup titled by the feature's `title`,
    the given rows, then its source and location precision, and the demo badge."""
    p = popup_labels()
    return {
        "style": style,
        "tooltip": "title",
        "popup": {
            "title": "title",
            "rows": [[label, prop] for label, prop in rows] + [[p["source"], "source"], [p["precision"], "precision"]],
            "demoBadge": _("Illustrative data"),
        },
    }


def route_spec() -> dict:
    return feature_spec(
        styles.route_style_rules(),
        [(_("Mode"), "mode_label"), (_("Direction"), "direction_label"), (_("Years"), "years"), (_("Notes"), "notes")],
    )


def shelter_spec(*, cluster: bool = True, extra_rows: tuple = ()) -> dict:
    """Shelters as points (clustered unless told not to); `extra_rows` go before the source rows."""
    rows = [
        (_("Type"), "type"),
        (_("Operator"), "operator"),
        (_("Place"), "place"),
        (_("Services"), "services"),
        (_("Serves"), "populations"),
        (_("Languages"), "languages"),
        (_("Capacity"), "capacity"),
        (_("Contact"), "contact"),
        (_("Closure reported"), "closed"),
        (_("Last verified"), "verified"),
        *extra_rows,
    ]
    spec = feature_spec(styles.shelter_style_rules(), rows)
    if cluster:
        spec["cluster"] = {"className": "shelters", "radius": 40, "disableAtZoom": 9}
    return spec


def zone_spec() -> dict:
    rows = [
        (_("Hazard"), "hazard"),
        (popup_labels()["date"], "dates"),
        (_("Countries"), "countries"),
        (_("Displacement"), "displacement"),
        (_("How the area was drawn"), "notes"),
    ]
    return feature_spec(styles.zone_style_rules(), rows)


def incident_spec(lookups: dict, report_ids: list[str] | None = None) -> dict:
    """The incident points' popup; with `report_ids` (the records' ids, in packed order) a 'Report a problem' link on each."""
    p = popup_labels()
    spec = {
        "recordSize": RECORD_SIZE,
        "lookups": lookups,
        "fill": styles.INCIDENT_FILL,
        "stroke": styles.INCIDENT_STROKE,
        "approximateFrom": PRECISIONS.index("approximate"),
        "cluster": {"className": "incidents", "radius": 45},
        "demoBadge": _("Illustrative record, not a real incident"),
        "labels": {
            "title": _("Dead and missing migrants"),
            "date": p["date"],
            "dead": _("Dead"),
            "missing": _("Missing"),
            "cause": _("Cause"),
            "route": _("Route"),
            "country": _("Country"),
            "source": p["source"],
            "quality": _("Source quality"),
            "precision": p["precision"],
        },
    }
    if report_ids is not None:
        spec["report"] = {"label": _("Report a problem"), "base": "/deaths?report=1&incident=", "ids": [str(i) for i in report_ids]}
    return spec


def _legend_spec(layers: OverviewLayers) -> dict:
    sections = []
    if layers.routes is not None:
        items = [{"shape": "line", "color": c, "label": styles.mode_label(m)} for m, c in styles.MODE_COLOURS.items()]
        items.append({"shape": "line", "color": styles.MODE_COLOURS["foot"], "weight": styles.DARIEN_WEIGHT, "label": _("Darién corridor")})
        items.append({"shape": "line", "color": "#555555", "dash": True, "label": _("Southbound (return flow)")})
        sections.append({"title": _("Routes"), "items": items})
    if layers.shelters is not None:
        sections.append(
            {
                "title": _("Services"),
                "items": [
                    {"shape": "circle", "color": styles.SHELTER_COLOUR, "label": _("Shelter or service point")},
                    {"shape": "circle", "color": styles.SHELTER_CLOSED_COLOUR, "fill": "#ffffff", "label": _("Closure reported")},
                ],
            }
        )
    if layers.incidents is not None:
        sections.append({"title": _("Dead and missing"), "items": [{"shape": "circle", "color": styles.INCIDENT_STROKE, "fill": styles.INCIDENT_FILL, "label": _("Incident, sized by dead and missing")}]})
    if layers.zones is not None:
        items = [
            {"shape": "area", "color": styles.HAZARD_COLOURS["Weather related"], "label": _("Weather-related disaster")},
            {"shape": "area", "color": styles.HAZARD_COLOURS["Geophysical"], "label": _("Geophysical disaster")},
        ]
        sections.append({"title": _("Disaster displacement"), "items": items})
    note = _("Incident points are illustrative, not real records.") if layers.incidents is not None and layers.has_demo_incidents else None
    return {"title": _("Legend"), "sections": sections, "note": note, "open": None}  # open: None = open on wide screens


def stable_ids(root: folium.Element) -> None:
    """Give every element an id derived from its position, so output is reproducible."""

    def walk(element, path):
        element._id = hashlib.sha1(path.encode()).hexdigest()[:16]
        for i, child in enumerate(list(element._children.values())):
            walk(child, f"{path}/{i}")

    figure = root.get_root()
    walk(figure, "figure")


def build_overview_map(
    layers: OverviewLayers,
    *,
    bounds: list[list[float]] | None = None,
    base_url: str = assets.DEFAULT_BASE_URL,
    height: int = 600,
) -> OfflineMap:
    """The Overview map for the given layers, fitted to `bounds` (default: the Americas)."""
    m = OfflineMap(base_url=base_url, location=[15, -80], zoom_start=3, height=height, width="100%")
    add_basemap(m, layers.selected, base_url=base_url, country_links=True)
    folium.TileLayer(ONLINE_TILES, name=_("Online street map (needs internet)"), attr="© OpenStreetMap contributors", overlay=True, show=False, max_zoom=12).add_to(m)
    if layers.zones is not None:
        GeoJsonOverlay(layers.zones, zone_spec(), name=_("Disaster displacement zones"), base_url=base_url).add_to(m)
    if layers.routes is not None:
        GeoJsonOverlay(layers.routes, route_spec(), name=_("Migration routes"), base_url=base_url).add_to(m)
    if layers.shelters is not None:
        GeoJsonOverlay(layers.shelters, shelter_spec(), name=_("Shelters and services"), base_url=base_url).add_to(m)
    if layers.incidents is not None:
        display = {"cause": cause_label, "route": route_label, "precision": styles.precision_label, **layers.incident_display}
        data, lookups = pack_incidents(layers.incidents, display)
        PackedPoints(data, incident_spec(lookups), name=_("Dead and missing migrants"), base_url=base_url).add_to(m)
    Legend(_legend_spec(layers)).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    framing.fit(m, bounds or framing.frame())
    stable_ids(m)
    assets.assert_map_offline(m)
    return m
