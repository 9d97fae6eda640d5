"""Build the Overview map: countries, then every layer of the registry the reader turned on.

No Streamlit here: the page hands in prepared layers and gets back a folium
Map. The same inputs always give byte-identical output (element ids are
derived from each element's place in the map), so Streamlit can skip
re-sending an unchanged map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from i18n import _
from i18n.vocabulary import cause_label, route_label
from mapping import assets, base, framing, styles
from mapping.base import ONLINE_TILES, stable_ids  # noqa: F401  (re-exported)
from mapping.elements import GeoJsonOverlay, OfflineMap, PackedPoints
from mapping.packing import pack_incidents
from mapping.specs import feature_spec, incident_spec, popup_labels, route_spec, shelter_spec, zone_spec  # noqa: F401  (re-exported)
from registry import layers as registry

AMERICAS_BOUNDS = [[-35.0, -117.0], [40.0, -40.0]]  # where the routes run


@dataclass
class OverviewLayers:
    """What the Overview map draws: GeoJSON by registry key (`incidents`: the records); a layer left out is not drawn."""

    basemap: dict
    selected: list[str] = field(default_factory=list)
    overlays: dict = field(default_factory=dict)
    incident_display: dict[str, dict[str, str]] = field(default_factory=dict)
    has_demo_incidents: bool = False


def _legend_spec(layers: OverviewLayers) -> dict:
    sections = registry.legend_sections(layers.overlays)
    incidents = layers.overlays.get("incidents")
    note = _("Incident points are illustrative, not real records.") if incidents is not None and layers.has_demo_incidents else None
    return base.legend(sections, note)


def add_overlay(m: OfflineMap, key: str, data, *, display: dict | None = None, base_url: str = assets.DEFAULT_BASE_URL) -> None:
    """Draw the registry's layer `key` on `m` (`incidents` are packed points, the rest GeoJSON)."""
    layer = registry.get(key)
    if key == "incidents":
        packed, lookups = pack_incidents(data, {"cause": cause_label, "route": route_label, "precision": styles.precision_label, **(display or {})})
        PackedPoints(packed, incident_spec(lookups), name=layer.title(), base_url=base_url).add_to(m)
    else:
        GeoJsonOverlay(data, layer.spec(), name=layer.title(), base_url=base_url).add_to(m)


def build_overview_map(layers: OverviewLayers, *, bounds: framing.Box | None = None, **options) -> OfflineMap:
    """The Overview map for the given layers, fitted to `bounds` (default: the Americas); `options` for `mapping.base.new_map` (base_url, height)."""
    m = base.new_map(layers.selected, country_links=True, online_tiles=True, **base.defaults(options, height=600))
    base_url = m.base_url
    for layer in sorted(registry.MAP_LAYERS, key=lambda layer: layer.stack):
        if layers.overlays.get(layer.key) is not None:
            add_overlay(m, layer.key, layers.overlays[layer.key], display=layers.incident_display, base_url=base_url)
    return base.finish(m, _legend_spec(layers), bounds or framing.frame())
