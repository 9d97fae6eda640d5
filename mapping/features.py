"""Turn checked layers into GeoJSON features with the properties their popups show.

Each feature carries its source's name, its date and its location precision,
already translated; sensitive shelters are generalised to town level here so
no public map can draw them at their exact point.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from analysis.shelters import route_label
from i18n import _, format_number
from i18n.vocabulary import direction_label, hazard_subtype_label, mode_label, place_kind_label, precision_label, hazard_type_label, population_labels, service_labels, type_labels
from loaders.values import plain_value

PUBLIC_PRECISIONS = ("town", "approximate", "schematic")


def feature_collection(frame: gpd.GeoDataFrame, properties: pd.DataFrame, decimals: int = 5) -> dict:
    """GeoJSON with the given property columns, coordinates rounded to `decimals`."""
    geoms = shapely.set_precision(frame.geometry.values, 10**-decimals) if len(frame) else []
    features = []
    for geom, props in zip(geoms, properties.to_dict("records")):
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geom),
                "properties": {k: plain_value(v) for k, v in props.items()},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _source_names(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    return frame["source_id"].map(sources["name"]).fillna(frame["source_id"])


def _years(start, end) -> str:
    if pd.isna(start):
        return ""
    if pd.isna(end):
        return f"{int(start)}–"
    return f"{int(start)}" if int(start) == int(end) else f"{int(start)}–{int(end)}"


def route_features(routes: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str] | None = None) -> dict:
    props = pd.DataFrame(
        {
            "route_id": routes["route_id"],
            "title": route_label(routes),
            "mode": routes["mode"],
            "mode_label": routes["mode"].map(mode_label),
            "direction": routes["direction"],
            "direction_label": routes["direction"].map(direction_label),
            "years": [_years(s, e) for s, e in zip(routes["year_start"], routes["year_end"])],
            "notes": routes["notes"],
            "source": _source_names(routes, sources),
            "precision": routes["precision"].map(precision_label),
            "is_demo": routes["is_demo"],
        }
    )
    return feature_collection(routes, props)


def generalise_sensitive(shelters: gpd.GeoDataFrame, places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move sensitive shelters known more exactly than town level to their town's point.

    The town comes from `places` (same name and country); failing that the
    point is rounded to 0.05° (about 5 km). Precision becomes `town` either way.
    """
    exact = shelters["sensitive"].fillna(False).astype(bool) & ~shelters["precision"].isin(PUBLIC_PRECISIONS)
    if not exact.any():
        return shelters
    out = shelters.copy()
    towns = {(n.casefold(), c): g for n, c, g in zip(places["name"], places["country_iso3"], places.geometry)}
    geoms = list(out.geometry)
    for i in exact[exact].index:
        key = (str(out.at[i, "municipality"]).casefold(), out.at[i, "country_iso3"])
        point = out.geometry[i]
        geoms[out.index.get_loc(i)] = towns.get(key) or shapely.Point(round(point.x * 20) / 20, round(point.y * 20) / 20)
    out = out.set_geometry(geoms)
    out.loc[exact, "precision"] = "town"
    return out


def shelter_features(shelters: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> dict:
    def labels(values, table):
        return values.fillna("").map(lambda v: ", ".join(table.get(x, x) for x in v.split(";") if x))

    props = pd.DataFrame(
        {
            "title": shelters["name"],
            "type": shelters["type"].map(type_labels()),
            "operator": shelters["operator"],
            "place": shelters["municipality"] + ", " + shelters["country_iso3"].map(lambda c: country_names.get(c, c)),
            "services": labels(shelters["services"], service_labels()),
            "populations": labels(shelters["populations"], population_labels()),
            "languages": shelters["languages"].str.replace(";", ", "),
            "capacity": shelters["capacity"],
            "contact": shelters["contact"],
            "verified": shelters["last_verified"].fillna(_("not yet verified")),
            "closed": shelters["closed"],
            "is_closed": shelters["closed"].notna(),
            "source": _source_names(shelters, sources),
            "precision": shelters["precision"].map(precision_label),
            "is_demo": shelters["is_demo"],
        }
    )
    return feature_collection(shelters, props)


def zone_features(zones: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> dict:
    def figure(row) -> str | None:
        if pd.isna(row["displacement"]):
            return _("no sourced figure")
        source = sources["name"].get(row["figure_source_id"], row["figure_source_id"]) if pd.notna(row["figure_source_id"]) else ""
        measure = row["displacement_measure"] if pd.notna(row["displacement_measure"]) else ""
        return f"{format_number(int(row['displacement']))} {measure} ({source})".replace(" ()", "")

    props = pd.DataFrame(
        {
            "title": zones["event_name"],
            "hazard_category": zones["hazard_category"],
            "hazard": zones["hazard_type"].map(hazard_type_label) + zones["hazard_subtype"].map(lambda s: f" / {hazard_subtype_label(s)}" if pd.notna(s) else ""),
            "dates": zones["start_date"] + zones["end_date"].map(lambda e: f" – {e}" if pd.notna(e) else ""),
            "countries": zones["countries"].map(lambda v: ", ".join(country_names.get(c, c) for c in v.split(";"))),
            "displacement": [figure(r) for _, r in zones.iterrows()],
            "notes": zones["notes"],
            "source": _source_names(zones, sources),
            "precision": zones["precision"].map(precision_label),
            "is_demo": zones["is_demo"],
        }
    )
    return feature_collection(zones, props, decimals=3)


def place_features(places: gpd.GeoDataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> dict:
    """Places (towns, border crossings, reception stations), with kind, country, source and precision for their popups."""
    props = pd.DataFrame(
        {
            "title": places["name"],
            "kind": places["kind"],
            "kind_label": places["kind"].map(place_kind_label),
            "country": places["country_iso3"].map(lambda c: country_names.get(c, c)),
            "admin1": places["admin1"],
            "source": _source_names(places, sources),
            "precision": places["precision"].map(precision_label),
            "is_demo": places["is_demo"],
        }
    )
    return feature_collection(places, props)


def basemap_features(countries: gpd.GeoDataFrame, language: str, tolerance: float = 0.02) -> dict:
    """Countries for drawing: simplified further for the screen, named in `language`."""
    simplified = countries.copy()
    simplified["geometry"] = shapely.simplify(countries.geometry.values, tolerance, preserve_topology=True)
    name_column = f"name_{language}" if f"name_{language}" in countries.columns else "name_en"
    props = pd.DataFrame({"iso3": countries["iso3"], "name": countries[name_column]})
    props["brief_href"] = [f"/country?iso3={code}&lang={language}" for code in countries["iso3"]]  # a click opens the country's brief
    return feature_collection(simplified, props, decimals=3)
