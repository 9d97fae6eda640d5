"""Folium elements for Corredor maps: one small class per map element.

Each element's script calls a function of `corredor-map.js` with a JSON spec,
so data never becomes markup: the browser writes it as text. The map and its
plugins load Leaflet from the app's own static files, never from a CDN.
"""

from __future__ import annotations

import json
import re

import folium
from branca.element import CssLink, Element, JavascriptLink
from folium.elements import JSCSSMixin
from folium.map import Layer
from jinja2 import Template

from i18n import _
from mapping import assets


_BRACE_OPENING_JINJA_TAG = re.compile(r"\{(?=[{%#])")


def to_js(value) -> str:
    """JSON for a <script> block: compact, stable, and inert as markup or template.

    In JSON these characters can only occur inside strings, where a \\u escape
    means the same: so no data can close the script tag or open a Jinja tag.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _BRACE_OPENING_JINJA_TAG.sub(r"\\u007b", text)


_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


class RawScript(Element):
    """Script text put on the page as it is.

    branca compiles every rendered script as a Jinja template; for a layer
    carrying megabytes of data that costs most of the build time.
    """

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _DataElement(JSCSSMixin):
    """Renders its script macro once, as raw text, after linking its assets."""

    def render(self, **kwargs):
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        figure.script.add_child(RawScript(self._template.module.script(self, kwargs)), name=self.get_name())


_FIXED_ZOOM = re.compile(r",\s*maximum-scale=1\.0,\s*user-scalable=no")


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet comes from the app's static files, with no tiles by default.

    Its page lets readers zoom (folium's page forbids it), and names the map as
    the page's main landmark (`MapLandmark`).
    """

    def __init__(self, *, base_url: str = assets.DEFAULT_BASE_URL, label: str | None = None, **kwargs):
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("min_zoom", 2)
        kwargs.setdefault("max_zoom", 12)  # MarkerCluster needs a max zoom when there are no tiles
        kwargs.setdefault("control_scale", True)
        super().__init__(**kwargs)
        self.base_url = base_url  # where the layers added to it load their scripts from
        # folium passes zoom limits only to tile layers; the map itself needs them too
        self.options["minZoom"] = kwargs["min_zoom"]
        self.options["maxZoom"] = kwargs["max_zoom"]
        self.default_js = [("leaflet", base_url + assets.LEAFLET_JS), ("corredor", base_url + assets.CORREDOR_JS)]
        self.default_css = [("leaflet_css", base_url + assets.LEAFLET_CSS), ("corredor_css", base_url + assets.CORREDOR_CSS)]
        MapLandmark(label or _("Map")).add_to(self)
        MapDisclaimer(disclaimer()).add_to(self)

    def render(self, **kwargs):
        super().render(**kwargs)
        # folium's header forbids zooming the page (maximum-scale=1, user-scalable=no): let readers zoom
        header = self._template.module.__dict__["header"](self, kwargs)
        self.get_root().header.add_child(Element(_FIXED_ZOOM.sub("", header)), name=self.get_name())


def disclaimer() -> str:
    """The map disclaimer for boundaries and names, shown on every map and export."""
    return _("Boundaries and names shown do not imply official endorsement or acceptance.")


class MapDisclaimer(_DataElement):
    """The disclaimer for boundaries and names, in the map's attribution line (as text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.disclaimer({{ this._parent.get_name() }}, {{ this.text_js }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "MapDisclaimer"
        self.default_js, self.default_css = [], []
        self.text_js = to_js(text)


class MapLandmark(_DataElement):
    """The map's frame is a page of its own to a screen reader: make the map its main landmark, with a heading."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.landmark({{ this._parent.get_name() }}, {{ this.label_js }});
        {% endmacro %}
        """
    )

    def __init__(self, label: str):
        super().__init__()
        self._name = "MapLandmark"
        self.default_js, self.default_css = [], []
        self.label_js = to_js(label)


class _ClusterAssets(_DataElement):
    """Mixin: Leaflet.markercluster from the app's static files."""

    def _use_cluster_assets(self, base_url: str) -> None:
        self.default_js = [("markercluster", base_url + assets.CLUSTER_JS)]
        self.default_css = [(f"markercluster_{i}", base_url + css) for i, css in enumerate(assets.CLUSTER_CSS)]


class GeoJsonOverlay(_ClusterAssets, Layer):
    """A GeoJSON layer styled by property values, with escaped popups and tooltips.

    `spec` is handed to `Corredor.geojson`: style rules, popup rows
    (label, property), tooltip property, and optional clustering for points.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = Corredor.geojson({{ this._parent.get_name() }}, {{ this.data_js }}, {{ this.spec_js }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, spec: dict, *, name: str, show: bool = True, control: bool = True, base_url: str = assets.DEFAULT_BASE_URL):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "GeoJsonOverlay"
        self.data_js = to_js(data)
        self.spec_js = to_js({**spec, "name": spec.get("name", name)})
        self._bounds = bounds_of_features(data)
        if spec.get("cluster"):
            self._use_cluster_assets(base_url)
        else:
            self.default_js, self.default_css = [], []

    def get_bounds(self):
        return self._bounds


class PackedPoints(_ClusterAssets, Layer):
    """Many points as one packed binary string (see mapping.packing), clustered in the browser."""

    _draw = "packedPoints"  # the Corredor script's function that draws them
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = Corredor.{{ this._draw }}({{ this._parent.get_name() }}, {{ this.spec_js }}, "{{ this.data }}");
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, data: str, spec: dict, *, name: str, show: bool = True, base_url: str = assets.DEFAULT_BASE_URL):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PackedPoints"
        if not _BASE64.fullmatch(data):
            raise ValueError("packed point data must be base64")
        self.data = data  # base64: safe in a JS string as it is, and too large to escape needlessly
        self.spec_js = to_js({**spec, "name": spec.get("name", name)})
        self._use_cluster_assets(base_url)


class HeatPoints(PackedPoints):
    """The same packed points drawn as a heat surface (Leaflet.heat), each weighted by its dead and missing.

    The points travel once, as the packed string; the browser reads their
    places and weights from it.
    """

    _draw = "heat"

    def __init__(self, data: str, spec: dict, *, name: str, show: bool = True, base_url: str = assets.DEFAULT_BASE_URL):
        super().__init__(data, spec, name=name, show=show, base_url=base_url)
        self._name = "HeatPoints"
        self.default_js, self.default_css = [("leaflet_heat", base_url + assets.HEAT_JS)], []


class Legend(_DataElement):
    """The map legend: sections of swatches and labels, drawn as text by the browser."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.legend({{ this._parent.get_name() }}, {{ this.spec_js }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: dict):
        super().__init__()
        self._name = "Legend"
        self.default_js, self.default_css = [], []
        self.spec_js = to_js(spec)


def coordinates(geometries) -> tuple[list[float], list[float]]:
    """Longitudes and latitudes of every position in GeoJSON geometries (None ones skipped)."""
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for geometry in geometries:
        if geometry:
            walk(geometry.get("coordinates", []))
    return xs, ys


def bounds_of_features(data: dict) -> list[list[float | None]]:
    """[[south, west], [north, east]] of a FeatureCollection ([[None, None], [None, None]] when it has no coordinates)."""
    xs, ys = coordinates(feature.get("geometry") for feature in data.get("features", []))
    if not xs:
        return [[None, None], [None, None]]
    return [[min(ys), min(xs)], [max(ys), max(xs)]]
