"""Build the map of the page on disappearances and deaths.

Three views of the same counted incident records:
- points: the packed, clustered incident points of the Overview (size by dead
  and missing, opacity by Source Quality, dashed outline when the location is
  approximate);
- heat: a fine equal-area square grid, each square coloured on a sequential
  ramp by the dead and missing recorded within a radius of it (so nearby
  records blend into one area), more transparent for the lower classes;
- hexagons: an equal-area hexagon grid with the totals of each cell.
Grids are computed server-side (`analysis.deaths.grid_cells`) and drawn as
GeoJSON polygons, so no map plugin is needed. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from analysis.deaths import class_breaks, class_ranges, classify
from analysis.spatial import core_extent
from i18n import _, format_number
from mapping import base, framing, styles
from mapping.elements import GeoJsonOverlay, OfflineMap, PackedPoints
from mapping.features import feature_collection
from mapping.specs import incident_spec
from mapping.packing import pack_incidents
from registry import layers as registry

VIEWS = ("points", "heat", "hexagons")
# Sequential ramp (ColorBrewer YlOrRd, from its second step so the lowest class shows on the pale basemap).
RAMP = ("#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
HEAT_OPACITY = (0.45, 0.55, 0.65, 0.75, 0.85)


@dataclass
class DeathsMap:
    """What the map draws: the basemap, and either incident points or grid cells."""

    basemap: dict
    view: str = "points"
    selected: list[str] = field(default_factory=list)
    incidents: pd.DataFrame | None = None  # counted incident records, for the points view
    incident_display: dict[str, dict[str, str]] = field(default_factory=dict)
    cells: gpd.GeoDataFrame | None = None  # analysis.deaths.grid_cells (hexagons) or heat_cells (heat)
    cell_km: float | None = None
    radius_km: float | None = None  # heat: the reach of each square
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


def cell_features(cells: gpd.GeoDataFrame, view: str, cell_km: float, radius_km: float | None = None) -> tuple[dict, list[int]]:
    """GeoJSON of the grid cells with their class and popup text, and the class breaks used."""
    breaks = class_breaks(cells["dead_and_missing"]) if len(cells) else []
    classes = classify(cells["dead_and_missing"], breaks) if len(cells) else []
    km, reach = format_number(cell_km), format_number(radius_km or 0)
    if view == "hexagons":
        size = _("{km} km across").format(km=km)
        title = _("Dead and missing in this hexagon: {n}")
        tooltip = _("{n} dead and missing")
    else:
        size = _("{km} km square, counting records within {reach} km").format(km=km, reach=reach)
        title = _("Dead and missing within {reach} km: {n}")
        tooltip = _("{n} dead and missing within {reach} km")
    props = pd.DataFrame(
        {
            "cell": cells["cell"],
            "class": [str(c) for c in classes],
            "title": [title.format(n=format_number(int(n)), reach=reach) for n in cells["dead_and_missing"]],
            "tooltip": [tooltip.format(n=format_number(int(n)), reach=reach) for n in cells["dead_and_missing"]],
            "dead": [format_number(int(n)) for n in cells["dead"]],
            "missing": [format_number(int(n)) for n in cells["missing"]],
            "incidents": [format_number(int(n)) for n in cells["incidents"]],
            "size": size,
            "is_demo": cells["illustrative"].astype(bool),
        }
    )
    return feature_collection(cells, props, decimals=4), breaks


def cell_style_rules(view: str, classes: int) -> dict:
    """Fill colour by class; heat cells without outline and more transparent at the low end."""
    colours = ramp(classes)
    if view == "heat":
        base = {"weight": 0, "fillOpacity": 0.7}
        values = {str(i): {"fillColor": c, "fillOpacity": HEAT_OPACITY[round(i * (len(HEAT_OPACITY) - 1) / max(classes - 1, 1))]} for i, c in enumerate(colours)}
    else:
        base = {"weight": 0.8, "color": "#7a2e00", "opacity": 0.6, "fillOpacity": 0.8}
        values = {str(i): {"fillColor": c} for i, c in enumerate(colours)}
    return {"base": base, "by": [{"property": "class", "values": values}]}


def _cell_spec(view: str, classes: int) -> dict:
    return {
        "style": cell_style_rules(view, classes),
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
        "heat": _("Dead and missing: heat grid"),
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
    else:
        ranges = class_ranges(breaks or [])
        items = [{"shape": "area", "color": c, "label": _range_label(lo, hi)} for c, (lo, hi) in zip(ramp(len(ranges)), ranges)]
        km, reach = format_number(spec.cell_km or 0), format_number(spec.radius_km or 0)
        if spec.view == "hexagons":
            title = _("Dead and missing per hexagon ({km} km across)").format(km=km)
        else:
            title = _("Dead and missing within {reach} km").format(reach=reach)
        sections.append({"title": title, "items": items})
    notes = []
    if spec.view == "hexagons":
        notes.append(_("Equal-area grid; only hexagons with records are drawn."))
    elif spec.view == "heat":
        notes.append(_("Each {km} km square counts the records within {reach} km of it, so nearby records blend into one area; squares overlap in what they count.").format(km=km, reach=reach))
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
    m = base.new_map(spec.basemap, spec.selected, online_tiles=True, **base.defaults(options, height=480))
    base_url = m.base_url
    breaks: list[int] = []
    data_bounds = None
    if spec.view == "points" and spec.incidents is not None and len(spec.incidents):
        data, lookups = pack_incidents(spec.incidents, {"precision": styles.precision_label, **spec.incident_display})
        PackedPoints(data, incident_spec(lookups), name=layer_name("points"), base_url=base_url).add_to(m)
        data_bounds = core_bounds(spec.incidents)
    elif spec.view != "points" and spec.cells is not None and len(spec.cells):
        collection, breaks = cell_features(spec.cells, spec.view, spec.cell_km or 0, spec.radius_km)
        GeoJsonOverlay(collection, _cell_spec(spec.view, len(breaks)), name=layer_name(spec.view), base_url=base_url).add_to(m)
        data_bounds = core_bounds(spec.cells)
    return base.finish(m, legend_spec(spec, breaks), bounds or framing.frame(data_bounds))
