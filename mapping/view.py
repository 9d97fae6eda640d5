"""The map view in the link: open a map at a given centre and zoom, and keep the link in step.

No Streamlit here. `add_view_sync(m, view)` finishes a built map: with a view
(lat, lon, zoom) the map is created at that centre and zoom instead of fitting
its bounds (a fit animates, and Leaflet ignores a new view until that
animation ends); then `Corredor.syncViewToLink` writes
`view=<lat>,<lon>,<zoom>` into the top window's address whenever the user
moves the map. Writing the address from the map's (same-origin) iframe sends
nothing to the server, so moving the map never reruns the app.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from mapping import assets
from mapping.labels import add_place_labels
from mapping.base import stable_ids


class ViewSync(MacroElement):
    """Mirror the user's moves of the map into the link (see `Corredor.syncViewToLink`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.syncViewToLink({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "ViewSync"


def open_at(m: folium.Map, view: tuple[float, float, int]) -> None:
    """Create map `m` at `view` (lat, lon, zoom) rather than fitting it to its bounds."""
    lat, lon, zoom = view
    for name, child in list(m._children.items()):
        if isinstance(child, folium.map.FitBounds):
            del m._children[name]
    m.location = [float(lat), float(lon)]
    m.options["zoom"] = int(zoom)


def add_view_sync(m: folium.Map, view: tuple[float, float, int] | None = None) -> folium.Map:
    """Finish the built map `m`: open it at `view` if given, name its places, and keep the link's view= in step."""
    if view is not None:
        open_at(m, view)
    add_place_labels(m)  # towns, crossings and stations named on the map
    ViewSync().add_to(m)
    stable_ids(m)
    assets.assert_map_offline(m)
    return m
