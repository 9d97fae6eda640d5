"""The map of the shelter directory's results: countries, routes for context, shelters.

No Streamlit here. Shelters must already be generalised
(`mapping.features.generalise_sensitive`) before they reach this module: the
features are built from whatever points they carry.
"""

from __future__ import annotations

from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd

from i18n import _
from mapping import base, framing, styles
from mapping.elements import GeoJsonOverlay, OfflineMap
from mapping.features import shelter_features
from mapping.specs import feature_spec
from mapping.specs import shelter_spec as overview_shelter_spec
from registry import layers as registry

MIN_SPAN_DEGREES = framing.MIN_SPAN_DEGREES  # a fit around one shelter shows its surroundings, not a street


def sensitive_note() -> str:
    return _("Shown at town level to protect residents")


def result_features(shelters: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> dict:
    """Shelter features with the Overview's popup properties, plus the id and a note for sensitive ones."""
    collection = shelter_features(shelters, sources, country_names)
    sensitive = shelters["sensitive"].fillna(False).astype(bool).tolist()
    for feature, shelter_id, is_sensitive in zip(collection["features"], shelters["shelter_id"], sensitive):
        feature["properties"]["shelter_id"] = str(shelter_id)
        feature["properties"]["location_note"] = sensitive_note() if is_sensitive else None
        feature["properties"]["detail_href"] = "/shelters?" + urlencode({"shelter": str(shelter_id), "report": "1"})
    return collection


def shelter_spec() -> dict:
    """Clustered points with the same popup as on the Overview, and the sensitive-location note."""
    spec = overview_shelter_spec(extra_rows=([_("Location"), "location_note"],))
    spec["popup"]["link"] = {"label": _("Details and report a problem"), "href": "detail_href"}
    return spec


def route_spec() -> dict:
    return feature_spec(styles.route_style_rules(), [(_("Mode"), "mode_label"), (_("Direction"), "direction_label"), (_("Years"), "years")])


def legend_spec(with_routes: bool) -> dict:
    sections = [styles.shelter_legend()]
    if with_routes:
        sections.append(
            {
                "title": _("Routes"),
                "items": [{"shape": "line", "color": c, "label": styles.mode_label(m)} for m, c in styles.MODE_COLOURS.items()]
                + [{"shape": "line", "color": "#555555", "dash": True, "label": _("Southbound (return flow)")}],
            }
        )
    return base.legend(sections, _("Sensitive shelters are shown at town level only."))


def fit_bounds(shelters: gpd.GeoDataFrame, fallback: list[list[float]] | None = None) -> list[list[float]]:
    """[[south, west], [north, east]] around the shelters (see `mapping.framing.frame`)."""
    return framing.frame(shelters, fallback=fallback)


def build_shelter_map(
    basemap: dict, shelters: dict, *, routes: dict | None = None, selected: list[str] | None = None, bounds: framing.Box | None = None, **options
) -> OfflineMap:
    """The results map: `shelters` from `result_features`, `routes` from `features.route_features` (or None);
    `options` for `mapping.base.new_map` (base_url, height)."""
    m = base.new_map(selected, **base.defaults(options, height=440))
    base_url = m.base_url
    with_routes = bool(routes and routes.get("features"))
    if with_routes:
        GeoJsonOverlay(routes, route_spec(), name=registry.get("routes").title(), base_url=base_url).add_to(m)
    GeoJsonOverlay(shelters, shelter_spec(), name=registry.get("shelters").title(), base_url=base_url).add_to(m)
    return base.finish(m, legend_spec(with_routes), bounds or framing.frame())
