"""Names on the map: towns, ports, border crossings and reception stations as map labels.

No Streamlit here. The captions name Necoclí, Capurganá, Lajas Blancas: the
map shows them too. Labels come from the `places` layer, travel with the map
(a few kilobytes, so a saved map keeps them offline) and appear from the zoom
at which they no longer crowd one another (`MIN_ZOOM`), drawn as text by the
browser (`Corredor.placeLabels`).
"""

from __future__ import annotations

from functools import lru_cache

import folium
from jinja2 import Template

import loaders
from mapping.elements import _DataElement, to_js

MIN_ZOOM = {"town": 6, "port": 6, "airport": 7, "border_crossing": 7, "reception_station": 7}
DEFAULT_MIN_ZOOM = 7


@lru_cache(maxsize=4)
def _labels(path: str, mtime: int) -> tuple[tuple, ...]:
    places = loaders.read_layer("places", path=path)
    return tuple(
        (round(float(p.geometry.y), 4), round(float(p.geometry.x), 4), str(p.name), MIN_ZOOM.get(p.kind, DEFAULT_MIN_ZOOM))
        for p in places.itertuples()
        if p.geometry is not None and not p.is_demo
    )


def place_labels(path=None) -> list[list]:
    """[lat, lon, name, first zoom] for every real place of the GeoPackage (read again when the file changes)."""
    path = path or loaders.default_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return []
    return [list(label) for label in _labels(str(path), mtime)]


class PlaceLabels(_DataElement):
    """The places' names as labels over the map (see `Corredor.placeLabels`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.placeLabels({{ this._parent.get_name() }}, {{ this.labels_js }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[list]):
        super().__init__()
        self._name = "PlaceLabels"
        self.default_js, self.default_css = [], []
        self.labels_js = to_js(labels)


def add_place_labels(m: folium.Map, path=None) -> folium.Map:
    labels = place_labels(path)
    if labels:
        PlaceLabels(labels).add_to(m)
    return m
