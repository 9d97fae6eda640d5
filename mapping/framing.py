"""Where a map opens: on the data the reader selected, clear of the legend and controls.

No Streamlit here. One rule for every map: `frame(...)` gives the box around
the selected data (not a country's whole territory: Canada's Arctic is not
the story of migration in the Americas), or a page's own named focus; `fit(m,
box)` opens the map on that box. The padding for the legend and the controls
is measured in the browser (`Corredor.fitBounds`), since only the browser knows how
large they are on the reader's screen. A view in the link (a scene's, or the
reader's own) wins: `mapping.view.open_at` removes the fit.
"""

from __future__ import annotations

import math

import folium
from jinja2 import Template

from analysis.spatial import core_extent
from mapping.elements import bounds_of_features, to_js

Box = list[list[float]]  # [[south, west], [north, east]]

# Where the routes run and people live: a selection's box never reaches past it.
LIVED_AMERICAS: Box = [[-56.0, -125.0], [50.0, -34.0]]
AMERICAS: Box = [[-35.0, -117.0], [40.0, -40.0]]  # the default: where the routes run

# Pages and maps that name their own focus.
FOCUS: dict[str, Box] = {
    # the Gulf of Urabá (Turbo, Necoclí) across to Capurganá and the reception stations of
    # Lajas Blancas and San Vicente (Metetí): the jungle crossing itself
    "darien": [[7.9, -78.15], [8.9, -76.55]],
}

# Many points (incident records): the map opens on where all but the farthest 1% on each side lie,
# e.g. the RCM's records from Panama to the US-Mexico border, not the few at the Canadian border.
# Every point is still drawn.
BULK_SHARE = 0.01
MIN_SPAN_DEGREES = 1.0  # a box around one point shows its surroundings, not a street
MAX_ZOOM = 10  # a fit never zooms in further than this


def _box_of(item) -> Box | None:
    """The box of a GeoDataFrame, a GeoJSON FeatureCollection or a box; None when empty."""
    if item is None:
        return None
    if isinstance(item, dict):
        box = bounds_of_features(item)
        return None if box[0][0] is None else box
    if isinstance(item, list):
        return item
    if len(item) == 0:
        return None
    points = len(item) >= 100 and bool((item.geom_type == "Point").all())
    minx, miny, maxx, maxy = core_extent(item, BULK_SHARE) if points else (float(v) for v in item.total_bounds)
    if any(math.isnan(v) for v in (minx, miny, maxx, maxy)):
        return None
    return [[miny, minx], [maxy, maxx]]


def union(*items) -> Box | None:
    """The box around every non-empty item (GeoDataFrames, FeatureCollections, boxes)."""
    boxes = [b for b in (_box_of(i) for i in items) if b]
    if not boxes:
        return None
    return [
        [min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)],
        [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)],
    ]


def clip(box: Box, within: Box = LIVED_AMERICAS) -> Box:
    """`box` cut to `within` (a box wholly outside it becomes `within`)."""
    south, west = max(box[0][0], within[0][0]), max(box[0][1], within[0][1])
    north, east = min(box[1][0], within[1][0]), min(box[1][1], within[1][1])
    if south > north or west > east:
        return [list(within[0]), list(within[1])]
    return [[south, west], [north, east]]


def widen(box: Box, min_span: float = MIN_SPAN_DEGREES) -> Box:
    """`box` grown about its centre to at least `min_span` degrees each way."""
    (south, west), (north, east) = box
    cy, cx = (south + north) / 2, (west + east) / 2
    half_y, half_x = max(north - south, min_span) / 2, max(east - west, min_span) / 2
    return [[cy - half_y, cx - half_x], [cy + half_y, cx + half_x]]


def frame(*data, focus: Box | None = None, fallback=None) -> Box:
    """The box a map opens on: `focus` if the page names one, else the selected `data`.

    Without data, the `fallback` (e.g. the selected countries), then the
    Americas. Always cut to where people live and travel (no Arctic), at
    least `MIN_SPAN_DEGREES` across, rounded so the page is reproducible.
    """
    box = focus or union(*data) or union(fallback) or AMERICAS
    box = widen(clip(box))
    return [[round(box[0][0], 4), round(box[0][1], 4)], [round(box[1][0], 4), round(box[1][1], 4)]]


class FitToData(folium.map.FitBounds):
    """Open the map on a box, padded in the browser for its legend and controls (`Corredor.fitBounds`).

    A FitBounds, so that a view in the link replaces it (`mapping.view.open_at`).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.fitBounds({{ this._parent.get_name() }}, {{ this.box_js }}, {{ this.options_js }});
        {% endmacro %}
        """
    )

    def __init__(self, box: Box, max_zoom: int = MAX_ZOOM):
        super().__init__(box)
        self._name = "FitToData"
        self.box_js = to_js(box)
        self.options_js = to_js({"maxZoom": max_zoom})


def fit(m: folium.Map, box: Box, max_zoom: int = MAX_ZOOM) -> folium.Map:
    """Open `m` on `box` (see `frame`), replacing any earlier fit; call after the legend is added."""
    for name, child in list(m._children.items()):
        if isinstance(child, folium.map.FitBounds):
            del m._children[name]
    FitToData(box, max_zoom).add_to(m)
    return m


def visible_box(view: tuple[float, float, float], width_px: int, height_px: int) -> Box:
    """The box a Web Mercator map of `width_px` × `height_px` shows at `view` (lat, lon, zoom)."""
    lat, lon, zoom = view
    scale = 256 * 2**zoom

    def y_of(latitude):
        s = math.sin(math.radians(latitude))
        return (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale

    def lat_of(y):
        n = math.pi - 2 * math.pi * y / scale
        return math.degrees(math.atan(math.sinh(n)))

    cy = y_of(lat)
    half_lon = width_px / 2 * 360 / scale
    return [[lat_of(cy + height_px / 2), lon - half_lon], [lat_of(cy - height_px / 2), lon + half_lon]]
