"""The one base every Corredor map is built on, and the one way it is finished.

`new_map` makes the offline map with the countries beneath everything;
`finish` adds the legend and the layer control, opens the map on its box,
gives every element a stable id and checks that nothing would load from off
the app's server. No Streamlit here; same inputs, byte-identical output.
"""

from __future__ import annotations

import hashlib

import folium

from i18n import _
from mapping import assets, framing
from mapping.basemap import add_basemap
from mapping.elements import Legend, OfflineMap

ONLINE_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def new_map(
    selected=(),
    *,
    base_url: str = assets.DEFAULT_BASE_URL,
    height: int = 480,
    country_links: bool = False,
    online_tiles: bool = False,
    location=(15, -80),
    zoom_start: int = 3,
    **options,
) -> OfflineMap:
    """An offline map with the offline basemap (`mapping.basemap`) beneath every layer, `selected` countries outlined.

    `country_links`: a country's popup links to its brief. `online_tiles`: an
    optional street map layer, off until the reader turns it on.
    """
    m = OfflineMap(base_url=base_url, location=list(location), zoom_start=zoom_start, height=height, width="100%", **options)
    add_basemap(m, selected, base_url=base_url, country_links=country_links)  # drawn from the app's own static files
    if online_tiles:
        folium.TileLayer(ONLINE_TILES, name=_("Online street map (needs internet)"), attr="© OpenStreetMap contributors", overlay=True, show=False, max_zoom=12).add_to(m)
    return m


def defaults(options: dict, **default) -> dict:
    """A map builder's `options` for `new_map` (base_url, height, ...), with its own defaults where not given."""
    return {**default, **options}


def legend(sections: list[dict], note: str | None = None) -> dict:
    """A legend spec: open on wide screens, folded on phones."""
    return {"title": _("Legend"), "sections": sections, "note": note, "open": None}  # open: None = open on wide screens


def finish(m: OfflineMap, legend_spec: dict, box: framing.Box) -> OfflineMap:
    """Legend, layer control, the opening box, stable ids, and the offline check: the end of every map."""
    Legend(legend_spec).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    framing.fit(m, box)
    stable_ids(m)
    assets.assert_map_offline(m)
    return m


def stable_ids(root: folium.Element) -> None:
    """Give every element an id derived from its position, so output is reproducible."""

    def walk(element, path):
        element._id = hashlib.sha1(path.encode()).hexdigest()[:16]
        for i, child in enumerate(list(element._children.values())):
            walk(child, f"{path}/{i}")

    figure = root.get_root()
    walk(figure, "figure")
