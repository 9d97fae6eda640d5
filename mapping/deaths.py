"""Build the map of the page on disappearances and deaths.

Three views of the same counted incident records:
- points: the packed, clustered incident points of the Overview (size by dead
  and missing, opacity by Source Quality, dashed outline when the location is
  approximate);
- heat: the same packed points drawn by Leaflet.heat (served by the app), each
  weighted by its dead and missing, so nearby records blend into one glow;
- hexagons: an equal-area hexagon grid with the totals of each cell, computed
  server-side (`analysis.deaths.grid_cells`) and drawn as GeoJSON polygons.
No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from analysis.deaths import class_breaks, class_ranges, classify
from analysis.spatial import core_extent
from i18n import _, format_number
from mapping import base, framing, styles
from mapping.elements import GeoJsonOverlay, HeatPoints, OfflineMap, PackedPoints
from mapping.features import feature_collection
from mapping.specs import incident_spec
from mapping.packing import pack_incidents
from registry import layers as registry

VIEWS = ("points", "heat", "hexagons")
# Sequential ramp (ColorBrewer YlOrRd, from its second step so the lowest class shows on the pale basemap).
RAMP = ("#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
HEAT_GRADIENT = {"0.15": RAMP[0], "0.35": RAMP[1], "0.55": RAMP[2], "0.75": RAMP[3], "1": RAMP[4]}


@dataclass
class DeathsMap:
    """What the map draws: the basemap, and either incident points or grid cells."""

    basemap: dict
    view: str = "points"
    selected: list[str] = field(default_factory=list)
    incidents: pd.DataFrame | None = None  # counted incident records, for the points and heat views
    incident_display: dict[str, dict[str, str]] = field(default_factory=dict)
    cells: gpd.GeoDataFrame | None = None  # analysis.deaths.grid_cells, for the hexagons view
    cell_km: float | None = None
    illustrative: bool = False


def ramp(classes: int) -> list[str]:
    """`classes` colours of the ramp, spread from light to dark."""
    if classes <= 0:
        return []
    if classes == 1:
        return [RAMP[-1]]
    return [RAMP[round(i * (len(RAMP) - 1) / (classes - 1))] for i in range(classes)]


def _range_label(low: int, high: int) -> str:
    return format_number(low) if low == high else _("{low}–{high}").format(low=format_number(low), high=format_number(high))


def cell_features(cells: gpd.GeoDataFrame, cell_km: float) -> tuple[dict, list[int]]:
    """GeoJSON of the hexagons with their class and popup text, and the class breaks used."""
    breaks = class_breaks(cells["dead_and_missing"]) if len(cells) else []
    classes = classify(cells["dead_and_missing"], breaks) if len(cells) else []
    size = _("{km} km across").format(km=format_number(cell_km))
    title = _("Dead and missing in this hexagon: {n}")
    tooltip = _("{n} dead and missing")
    props = pd.DataFrame(
        {
            "cell": cells["cell"],
            "class": [str(c) for c in classes],
            "title": [title.format(n=format_number(int(n))) for n in cells["dead_and_missing"]],
            "tooltip": [tooltip.format(n=format_number(int(n))) for n in cells["dead_and_missing"]],
            "dead": [format_number(int(n)) for n in cells["dead"]],
            "missing": [format_number(int(n)) for n in cells["missing"]],
            "incidents": [format_number(int(n)) for n in cells["incidents"]],
            "size": size,
            "is_demo": cells["illustrative"].astype(bool),
        }
    )
    return feature_collection(cells, props, decimals=4), breaks


def cell_style_rules(classes: int) -> dict:
    """Fill colour of each hexagon by class."""
    base = {"weight": 0.8, "color": "#7a2e00", "opacity": 0.6, "fillOpacity": 0.8}
    values = {str(i): {"fillColor": c} for i, c in enumerate(ramp(classes))}
    return {"base": base, "by": [{"property": "class", "values": values}]}


def heat_spec() -> dict:
    """How Leaflet.heat draws the packed points: the page's colour ramp, glows ~20 px across."""
    return {"radius": 18, "blur": 14, "minOpacity": 0.35, "gradient": HEAT_GRADIENT}


def _cell_spec(classes: int) -> dict:
    return {
        "style": cell_style_rules(classes),
        "tooltip": "tooltip",
        "popup": {
            "title": "title",
            "rows": [[_("Dead"), "dead"], [_("Missing"), "missing"], [_("Incidents"), "incidents"], [_("Cell"), "size"]],
            "demoBadge": _("Illustrative data"),
        },
    }


def layer_name(view: str) -> str:
    return {
        "points": registry.get("incidents").title(),
        "heat": _("Dead and missing: heat map"),
        "hexagons": _("Dead and missing per hexagon"),
    }[view]


def legend_spec(spec: DeathsMap, breaks: list[int] | None = None) -> dict:
    sections = []
    fill = styles.INCIDENT_FILL
    if spec.view == "points":
        items = [
            {"shape": "circle", "color": styles.INCIDENT_STROKE, "fill": fill, "label": _("Incident, sized by dead and missing")},
            {"shape": "circle", "color": styles.INCIDENT_STROKE, "fill": "rgba(213, 94, 0, 0.45)", "label": _("Paler: Source Quality 1 (one media source)")},
            {"shape": "circle", "color": styles.INCIDENT_STROKE, "fill": "rgba(213, 94, 0, 0.85)", "label": _("Solid: Source Quality 5 (official or several sources)")},
            {"shape": "line", "color": styles.INCIDENT_STROKE, "weight": 2, "dash": True, "label": _("Dashed outline: approximate location")},
            {"shape": "circle", "color": "rgba(213, 94, 0, 0.3)", "fill": "rgba(163, 68, 0, 0.92)", "label": _("Group: number is its dead and missing")},
        ]
        sections.append({"title": _("Dead and missing"), "items": items})
    elif spec.view == "heat":
        items = [
            {"shape": "area", "color": RAMP[0], "label": _("Few dead and missing nearby")},
            {"shape": "area", "color": RAMP[2], "label": _("More")},
            {"shape": "area", "color": RAMP[-1], "label": _("Most in the view")},
        ]
        sections.append({"title": _("Dead and missing"), "items": items})
    else:
        ranges = class_ranges(breaks or [])
        items = [{"shape": "area", "color": c, "label": _range_label(lo, hi)} for c, (lo, hi) in zip(ramp(len(ranges)), ranges)]
        title = _("Dead and missing per hexagon ({km} km across)").format(km=format_number(spec.cell_km or 0))
        sections.append({"title": title, "items": items})
    notes = []
    if spec.view == "hexagons":
        notes.append(_("Equal-area grid; only hexagons with records are drawn."))
    elif spec.view == "heat":
        notes.append(_("Each record glows by its dead and missing; nearby records add up. Colours are relative to the place with most in the view, so they change as you zoom."))
    if spec.illustrative:
        notes.append(_("Illustrative records, not real incidents."))
    return base.legend(sections, " ".join(notes) or None)


def core_bounds(frame) -> list[list[float]]:
    """The records' box ([[south, west], [north, east]]) without the few far-off ones (see `analysis.spatial.core_extent`)."""
    minx, miny, maxx, maxy = core_extent(frame)
    return [[miny, minx], [maxy, maxx]]


def build_deaths_map(spec: DeathsMap, *, bounds: framing.Box | None = None, **options) -> OfflineMap:
    """The incidents map in the chosen view, fitted to `bounds` (default: the records, else the Americas); `options` for `mapping.base.new_map`."""
    if spec.view not in VIEWS:
        raise ValueError(f"unknown map view {spec.view!r}")
    m = base.new_map(spec.selected, online_tiles=True, **base.defaults(options, height=480))
    base_url = m.base_url
    breaks: list[int] = []
    data_bounds = None
    if spec.view in ("points", "heat") and spec.incidents is not None and len(spec.incidents):
        data, lookups = pack_incidents(spec.incidents, {"precision": styles.precision_label, **spec.incident_display})
        if spec.view == "points":
            PackedPoints(data, incident_spec(lookups, list(spec.incidents["incident_id"])), name=layer_name("points"), base_url=base_url).add_to(m)
        else:  # the same records (so the map's table lists them), drawn as heat
            HeatPoints(data, {**incident_spec(lookups), **heat_spec()}, name=layer_name("heat"), base_url=base_url).add_to(m)
        data_bounds = core_bounds(spec.incidents)
    elif spec.view == "hexagons" and spec.cells is not None and len(spec.cells):
        collection, breaks = cell_features(spec.cells, spec.cell_km or 0)
        GeoJsonOverlay(collection, _cell_spec(len(breaks)), name=layer_name(spec.view), base_url=base_url).add_to(m)
        data_bounds = core_bounds(spec.cells)
    return base.finish(m, legend_spec(spec, breaks), bounds or framing.frame(data_bounds))
