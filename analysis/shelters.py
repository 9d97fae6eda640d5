"""The shelter directory: search and filters, counts, and shelters near the routes.

No Streamlit here. Every function takes plain (Geo)DataFrames shaped like the
`shelters` and `routes` layers, so it can be checked on small hand-built frames.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis import spatial
from i18n import _, data_text, format_number
from i18n.vocabulary import population_labels, service_labels, type_labels  # noqa: F401  (used by the page too)
from i18n.vocabulary import precision_label

SEARCH_COLUMNS = ("name", "municipality", "operator")


def fold(text) -> str:
    """`text` without accents and case, for matching: 'Tecún Umán' -> 'tecun uman'."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def values_of(joined) -> set[str]:
    """The values of a ';'-joined column cell, as a set (empty for a missing cell)."""
    if joined is None or (not isinstance(joined, str) and pd.isna(joined)):
        return set()
    return {v.strip() for v in str(joined).split(";") if v.strip()}


@dataclass(frozen=True)
class ShelterQuery:
    """What the reader asked for. Empty text or an empty list means 'no restriction'.

    - text: every word must occur (accents and case ignored) in the name, town or operator;
    - types: the shelter's type is one of these;
    - services: the shelter offers every one of these;
    - populations: the shelter serves at least one of these, and a shelter
      that serves everyone (`all`) matches any population asked for;
    - hide_closed: leave out shelters whose closure was reported.
    """

    text: str = ""
    types: tuple[str, ...] = field(default_factory=tuple)
    services: tuple[str, ...] = field(default_factory=tuple)
    populations: tuple[str, ...] = field(default_factory=tuple)
    hide_closed: bool = False


def search(shelters: pd.DataFrame, query: ShelterQuery) -> pd.DataFrame:
    """The rows of `shelters` that match `query`, in their original order."""
    keep = pd.Series(True, index=shelters.index)
    words = fold(query.text).split()
    if words:
        haystack = pd.Series("", index=shelters.index)
        for column in SEARCH_COLUMNS:
            haystack = haystack + " " + shelters[column].map(fold)
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    if query.types:
        keep &= shelters["type"].isin(list(query.types)).fillna(False).astype(bool)
    if query.services:
        wanted = set(query.services)
        keep &= shelters["services"].map(lambda v: wanted <= values_of(v)).astype(bool)
    if query.populations:
        wanted = set(query.populations)
        keep &= shelters["populations"].map(lambda v: bool(values_of(v) & (wanted | {"all"}))).astype(bool)
    if query.hide_closed:
        keep &= ~is_closed(shelters)
    return shelters[keep.to_numpy()]


def is_closed(shelters: pd.DataFrame) -> pd.Series:
    """True where a closure was reported (the `closed` date is filled)."""
    closed = shelters["closed"]
    return (closed.notna() & closed.astype("string").str.strip().ne("")).fillna(False).astype(bool)


def counts_by_country_and_type(shelters: pd.DataFrame) -> pd.DataFrame:
    """One row per (country, type) present: columns country_iso3, type, count."""
    if shelters.empty:
        return pd.DataFrame({"country_iso3": pd.Series(dtype=object), "type": pd.Series(dtype=object), "count": pd.Series(dtype=int)})
    counts = shelters.groupby(["country_iso3", "type"], observed=True).size().rename("count").reset_index()
    counts["country_iso3"] = counts["country_iso3"].astype(object)
    counts["type"] = counts["type"].astype(object)
    counts["count"] = counts["count"].astype(int)
    return counts.sort_values(["country_iso3", "type"], ignore_index=True)


def count_table(counts: pd.DataFrame, type_order: list[str] | None = None) -> pd.DataFrame:
    """Countries as rows, types as columns, with a Total column, largest country first."""
    if counts.empty:
        return pd.DataFrame(columns=["total"])
    table = counts.pivot_table(index="country_iso3", columns="type", values="count", aggfunc="sum", fill_value=0)
    columns = [t for t in (type_order or sorted(table.columns)) if t in table.columns]
    table = table[columns].astype(int)
    table["total"] = table.sum(axis=1)
    table = table.sort_values(["total"], ascending=False, kind="stable")
    table.columns.name = None
    return table


def nearest_route(points: gpd.GeoDataFrame, lines: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each point: the index (in `lines`) of the nearest line and the distance to it in km.

    Distances are measured as in `analysis.spatial.nearest_distance_km`: in the
    UTM zone of each point (a projected CRS), never in degrees. With no lines,
    both columns are empty.
    """
    out = pd.DataFrame({"line": pd.Series([None] * len(points), index=points.index, dtype=object), "distance_km": np.nan}, index=points.index)
    if points.empty or lines.empty:
        return out
    zones = [spatial.utm_epsg(p.x, p.y) for p in points.geometry]
    for epsg in sorted(set(zones)):
        members = points[[z == epsg for z in zones]]
        projected_lines = lines.geometry.to_crs(epsg)
        for index, point in members.geometry.to_crs(epsg).items():
            distances = projected_lines.distance(point).to_numpy()
            position = int(np.argmin(distances))
            out.at[index, "line"] = lines.index[position]
            out.at[index, "distance_km"] = float(distances[position]) / 1000
    return out


def route_label(routes: pd.DataFrame) -> pd.Series:
    """'Route name: from → to' for each segment, the route's name in the reader's language."""
    return routes["route_name"].map(data_text.text).astype(str) + ": " + routes["from_place"].astype(str) + " → " + routes["to_place"].astype(str)


def shelters_near_routes(shelters: gpd.GeoDataFrame, routes: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each shelter with its nearest route segment and the distance to it (km), nearest first.

    Columns: shelter_id, segment_id, route, route_source_id, distance_km.
    Shelters without any route in reach (no routes given) keep empty route and distance.
    """
    nearest = nearest_route(shelters, routes)
    labels = route_label(routes) if len(routes) else pd.Series(dtype=object)

    def of(values: pd.Series | list) -> list:
        return [values.get(i) if i is not None else None for i in nearest["line"]]

    empty = pd.Series(dtype=object)
    table = pd.DataFrame(
        {
            "shelter_id": shelters["shelter_id"].astype(object).to_numpy(),
            "segment_id": of(routes["segment_id"].astype(object) if len(routes) else empty),
            "route": of(labels),
            "route_source_id": of(routes["source_id"].astype(object) if len(routes) else empty),
            "distance_km": nearest["distance_km"].to_numpy(),
        }
    )
    return table.sort_values("distance_km", kind="stable", na_position="last", ignore_index=True)


def within(near: pd.DataFrame, km: float) -> pd.DataFrame:
    """The rows of a `shelters_near_routes` table no further than `km` from a route."""
    return near[near["distance_km"].le(km).fillna(False).astype(bool).to_numpy()]


def is_url(value) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("https://", "http://"))


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def is_sensitive(shelter: pd.Series) -> bool:
    value = shelter["sensitive"]
    return False if value is None or pd.isna(value) else bool(value)


def _labelled(joined, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(v, v) for v in sorted(values_of(joined), key=lambda v: list(labels).index(v) if v in labels else len(labels)))


def closure_status(closed) -> str:
    date = _text(closed)
    return "⚠ " + _("Closure reported {date}").format(date=date) if date else ""


def location_label(precision: str, sensitive: bool) -> str:
    if sensitive:
        return _("Town level (protected)")
    return precision_label(precision)


def directory_rows(shelters: pd.DataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> pd.DataFrame:
    """The results as the directory table shows them: readable labels, links kept as URLs.

    `sources` is indexed by source_id with `name` and `url`. Columns: shelter_id,
    name, status, type, place, country, services, serves, contact, other_contact,
    location, last_verified, source, source_url, illustrative.
    """
    types, services, populations = type_labels(), service_labels(), population_labels()
    contact = [_text(v) for v in shelters["contact"]]
    sensitive = shelters["sensitive"].fillna(False).astype(bool)
    source_name = shelters["source_id"].map(lambda s: _text(sources["name"].get(s)) or s)
    source_url = shelters["source_id"].map(lambda s: _text(sources["url"].get(s)) if "url" in sources else None).map(lambda u: u if is_url(u) else None)
    return pd.DataFrame(
        {
            "shelter_id": shelters["shelter_id"].astype(object),
            "name": shelters["name"].astype(object),
            "status": shelters["closed"].map(closure_status),
            "type": shelters["type"].map(lambda t: types.get(t, t)),
            "place": shelters["municipality"].astype(object),
            "country": shelters["country_iso3"].map(lambda c: country_names.get(c, c)),
            "services": shelters["services"].map(lambda v: _labelled(v, services)),
            "serves": shelters["populations"].map(lambda v: _labelled(v, populations)),
            "contact": [v if is_url(v) else None for v in contact],
            "other_contact": [v if v and not is_url(v) else None for v in contact],
            "location": [location_label(p, s) for p, s in zip(shelters["precision"], sensitive)],
            "last_verified": shelters["last_verified"].map(lambda v: _text(v) or _("not yet verified")),
            "source": source_name.astype(object),
            "source_url": source_url.astype(object),
            "illustrative": shelters["is_demo"].fillna(False).astype(bool),
        }
    ).reset_index(drop=True)


def detail_rows(shelter: pd.Series, sources: pd.DataFrame, country_names: dict[str, str]) -> pd.DataFrame:
    """One shelter as (field, value, link) rows for the detail panel; only what the data says.

    Optional fields that are empty read 'not reported'; an empty `last_verified`
    reads 'not yet verified'.
    """
    missing = _("not reported")
    source_id = shelter["source_id"]
    source_name = _text(sources["name"].get(source_id)) if "name" in sources else None
    source_url = _text(sources["url"].get(source_id)) if "url" in sources else None
    contact = _text(shelter["contact"])
    capacity = shelter["capacity"]
    has_capacity = capacity is not None and not pd.isna(capacity)
    precision = precision_label(shelter["precision"])
    if is_sensitive(shelter):
        precision = _("{precision} (location protected)").format(precision=precision)
    rows = [
        (_("Type"), type_labels().get(shelter["type"], shelter["type"]), None),
        (_("Operator"), _text(shelter["operator"]) or missing, None),
        (_("Place"), _("{town}, {country}").format(town=shelter["municipality"], country=country_names.get(shelter["country_iso3"], shelter["country_iso3"])), None),
        (_("Services"), _labelled(shelter["services"], service_labels()) or missing, None),
        (_("Serves"), _labelled(shelter["populations"], population_labels()) or missing, None),
        (_("Languages"), ", ".join(sorted(values_of(shelter["languages"]))) or missing, None),
        (_("Capacity"), format_number(int(capacity)) if has_capacity else missing, None),
        (_("Public contact"), contact or missing, contact if is_url(contact) else None),
        (_("Source"), source_name or str(source_id), source_url),
        (_("Location precision"), precision, None),
        (_("Last verified"), _text(shelter["last_verified"]) or _("not yet verified"), None),
        (_("Closure reported"), _text(shelter["closed"]) or _("no closure reported"), None),
    ]
    # An empty string, not None: the link column then shows an empty cell.
    return pd.DataFrame([(f, v, link if is_url(link) else "") for f, v, link in rows], columns=["field", "value", "link"])
