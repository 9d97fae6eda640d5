"""The map layers: one declaration each, which the sidebar, the map builders, the legend, the link and the data gateway loop over.

An entry names its table in the GeoPackage (whose schema and date column are
in `loaders.schema`), the rows of that table it draws, its title, its public
form (what the public may see of it), the GeoJSON its popups read, its style
and popup rows, and its legend entry. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from i18n import _
from i18n.vocabulary import place_kind_label
from loaders.schema import LAYERS, Layer
from mapping import features, styles
from mapping.specs import place_spec, route_spec, shelter_spec, zone_spec

Read = Callable[[str], pd.DataFrame]  # reads another whole table (e.g. `places`) for a public form


@dataclass(frozen=True)
class MapLayer:
    """One layer of the maps: a sidebar toggle, a link key, a map overlay and a legend section."""

    key: str  # the sidebar toggle and the link's `layers=` value
    table: str  # the GeoPackage layer it draws (its schema: `loaders.schema.LAYERS[table]`)
    title: Callable[[], str]  # the toggle's, the overlay's and the Data page's name, translated
    features: Callable[..., dict] | None  # (frame, sources, country names) -> GeoJSON with popup properties
    spec: Callable[[], dict] | None  # style and popup rows for `Corredor.geojson`
    legend: Callable[[], dict] | None  # the legend section
    where: Callable[[pd.DataFrame], pd.Series] | None = None  # the table's rows this layer draws (None: all)
    public: Callable[[pd.DataFrame, Read], pd.DataFrame] | None = None  # what the public may see
    default: bool = True  # drawn when the link names no layers
    stack: int = 1  # drawing order: areas under lines under points

    @property
    def schema(self) -> Layer:
        return LAYERS[self.table]

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of the table this layer draws."""
        return frame if self.where is None else frame[self.where(frame).to_numpy()].reset_index(drop=True)

    def years(self, years):
        """The year range to read the table with: None where the layer is not dated."""
        return years if self.schema.year_columns else None


def _shelters_public(shelters: pd.DataFrame, read: Read) -> pd.DataFrame:
    return features.generalise_sensitive(shelters, read("places"))


def _route_legend() -> dict:
    items = [{"shape": "line", "color": c, "label": styles.mode_label(m)} for m, c in styles.MODE_COLOURS.items()]
    items.append({"shape": "line", "color": styles.MODE_COLOURS["foot"], "weight": styles.DARIEN_WEIGHT, "label": _("Darién corridor")})
    items.append({"shape": "line", "color": "#555555", "dash": True, "label": _("Southbound (return flow)")})
    return {"title": _("Routes"), "items": items}


def _incident_legend() -> dict:
    return {"title": _("Dead and missing"), "items": [{"shape": "circle", "color": styles.INCIDENT_STROKE, "fill": styles.INCIDENT_FILL, "label": _("Incident, sized by dead and missing")}]}


def _zone_legend() -> dict:
    items = [
        {"shape": "area", "color": styles.HAZARD_COLOURS["Weather related"], "label": _("Weather-related disaster")},
        {"shape": "area", "color": styles.HAZARD_COLOURS["Geophysical"], "label": _("Geophysical disaster")},
    ]
    return {"title": _("Disaster displacement"), "items": items}


# --- official border crossings and reception stations (rows of `places`) ----

CROSSING_KINDS = ("border_crossing", "reception_station")


def _crossing_legend() -> dict:
    return {
        "title": _("Border crossings and reception stations"),
        "items": [
            {"shape": "circle", "color": "#333333", "fill": styles.PLACE_STYLES[k]["fillColor"], "label": place_kind_label(k)} for k in CROSSING_KINDS
        ],
    }


MAP_LAYERS: tuple[MapLayer, ...] = (
    MapLayer("routes", "routes", lambda: _("Migration routes"), features.route_features, route_spec, _route_legend),
    MapLayer(
        "shelters", "shelters", lambda: _("Shelters and services"), features.shelter_features, shelter_spec, styles.shelter_legend,
        public=_shelters_public, stack=2,
    ),
    MapLayer("incidents", "incidents", lambda: _("Dead and missing migrants"), None, None, _incident_legend, stack=3),
    MapLayer("zones", "displacement_zones", lambda: _("Disaster displacement zones"), features.zone_features, zone_spec, _zone_legend, stack=0),
    MapLayer(
        "crossings", "places", lambda: _("Border crossings and reception stations"), features.place_features, place_spec, _crossing_legend,
        where=lambda places: places["kind"].isin(CROSSING_KINDS), default=False, stack=2,
    ),
)

BY_KEY: dict[str, MapLayer] = {layer.key: layer for layer in MAP_LAYERS}
KEYS: tuple[str, ...] = tuple(BY_KEY)  # the sidebar's order, also the legend's
DEFAULT_KEYS: tuple[str, ...] = tuple(layer.key for layer in MAP_LAYERS if layer.default)


def get(key: str) -> MapLayer:
    return BY_KEY[key]


def titles() -> dict[str, str]:
    """Every toggle's title, in the sidebar's order."""
    return {layer.key: layer.title() for layer in MAP_LAYERS}


def has_public_form(table: str) -> bool:
    return any(layer.table == table and layer.public is not None for layer in MAP_LAYERS)


def public_form(table: str, frame: pd.DataFrame, read: Read) -> pd.DataFrame:
    """`frame` of `table` as the public may see it (sensitive shelters at town level); other tables as they are."""
    for layer in MAP_LAYERS:
        if layer.table == table and layer.public is not None:
            return layer.public(frame, read)
    return frame


def legend_sections(keys) -> list[dict]:
    """The legend sections of the layers `keys`, in the sidebar's order."""
    return [layer.legend() for layer in MAP_LAYERS if layer.key in keys and layer.legend is not None]


def table_titles() -> dict[str, str]:
    """A readable title for every table of the GeoPackage, in the order of `loaders.schema.LAYERS`."""
    titles = {
        "sources": _("Sources"),
        "countries": _("Countries"),
        "places": _("Places on the routes"),
        "disaster_events": _("Disaster displacement events (IDMC)"),
        "darien_crossings": _("Darién crossings (Panama's SNM)"),
        "reported_totals": _("Reported totals"),
        **{layer.table: layer.title() for layer in MAP_LAYERS if layer.where is None},
    }
    return {name: titles.get(name, name) for name in LAYERS}
