"""Figures, breakdowns and grids for the page on disappearances and deaths.

Everything here works on the `incidents` layer (Missing Migrants Project
schema) and the `reported_totals` table; no Streamlit.

Counting rule (as in `analysis.figures`): each record is counted once, in
every total, chart and grid cell, whatever its MMP Incident Type. A split
incident is one row whose Incident ID lists its parts, a cumulative incident
one row for deaths reported together: neither repeats anyone, and IOM's
published totals are the plain sum over all rows.

Grids are computed in a Lambert azimuthal equal-area projection centred on
the Americas, so every hexagon or square covers the same ground area (km²),
then turned back into EPSG:4326 polygons for the map.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from i18n.vocabulary import cause_label, route_label  # noqa: F401  (re-exported for the page and charts)
from loaders.schema import CAUSES

NO_ROUTE = ""  # route filter value for records without an MMP route
WGS84 = "EPSG:4326"
# Equal-area CRS for the grids: centred between the US–Mexico border and the Darién.
AMERICAS_EQUAL_AREA = CRS.from_proj4("+proj=laea +lat_0=15 +lon_0=-85 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs")
NICE_KM = (5, 10, 15, 20, 25, 50, 75, 100, 125, 150, 200, 250, 300)


# --- selection -------------------------------------------------------------


def split_routes(value) -> list[str]:
    """The MMP route values of one record (MMP joins several with commas); [] if none."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(",") if part.strip()]


def route_options(incidents: pd.DataFrame) -> list[str]:
    """Every route named in `incidents`, sorted, then NO_ROUTE if some records have none."""
    names = sorted({r for value in incidents["route"] for r in split_routes(value)})
    if any(not split_routes(v) for v in incidents["route"]):
        names.append(NO_ROUTE)
    return names


def cause_options(incidents: pd.DataFrame) -> list[str]:
    """The causes present in `incidents`, in the MMP's order."""
    present = set(incidents["cause"].dropna())
    return [c for c in CAUSES if c in present] + sorted(present - set(CAUSES))


def filter_incidents(incidents: pd.DataFrame, routes: list[str] | None = None, causes: list[str] | None = None) -> pd.DataFrame:
    """Rows on any of `routes` (NO_ROUTE: records without one) and with one of `causes`; None or [] keeps all."""
    keep = pd.Series(True, index=incidents.index)
    if routes:
        wanted = set(routes)
        keep &= pd.Series([bool(wanted & set(split_routes(v) or [NO_ROUTE])) for v in incidents["route"]], index=incidents.index, dtype=bool)
    if causes:
        keep &= incidents["cause"].isin(list(causes)).fillna(False).astype(bool)
    return incidents[keep]


# --- figures ---------------------------------------------------------------


@dataclass(frozen=True)
class DeathFigures:
    """Headline numbers of a selection of incident records.

    `children` and `females` are sums over the records that state them; they
    are None when no counted record states them (unknown, not zero).
    """

    dead: int
    missing: int
    incidents: int
    children: int | None
    children_known: int  # counted records that state the number of children
    females: int | None
    females_known: int
    illustrative: bool  # some record of the selection is illustrative (is_demo)

    @property
    def dead_and_missing(self) -> int:
        return self.dead + self.missing


def _sum(series: pd.Series) -> int:
    return int(pd.to_numeric(series, errors="coerce").fillna(0).sum())


def death_figures(incidents: pd.DataFrame) -> DeathFigures:
    rows = incidents
    children = rows["children"].dropna()
    females = rows["females"].dropna()
    return DeathFigures(
        dead=_sum(rows["dead"]),
        missing=_sum(rows["missing"]),
        incidents=len(rows),
        children=_sum(children) if len(children) else None,
        children_known=len(children),
        females=_sum(females) if len(females) else None,
        females_known=len(females),
        illustrative=bool(incidents["is_demo"].fillna(False).astype(bool).any()),
    )


def _totals(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    columns = by + ["dead", "missing", "dead_and_missing", "incidents"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({c: rows[c] for c in by})
    frame["dead"] = pd.to_numeric(rows["dead"], errors="coerce").fillna(0).astype("int64")
    frame["missing"] = pd.to_numeric(rows["missing"], errors="coerce").fillna(0).astype("int64")
    frame["incidents"] = 1
    out = frame.groupby(by, sort=True, dropna=False).sum().reset_index()
    out["dead_and_missing"] = out["dead"] + out["missing"]
    return out[columns]


def by_year_and_route(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead, missing and incidents per year and route value (NO_ROUTE when none)."""
    rows = incidents.assign(year=incidents["year"].astype("int64"), route=incidents["route"].astype(object).where(incidents["route"].notna(), NO_ROUTE))
    return _totals(rows, ["year", "route"])


def by_cause(incidents: pd.DataFrame) -> pd.DataFrame:
    """Dead, missing and incidents per cause, largest first."""
    out = _totals(incidents.astype({"cause": object}), ["cause"])
    return out.sort_values(["dead_and_missing", "cause"], ascending=[False, True]).reset_index(drop=True)


# --- published totals ------------------------------------------------------


@dataclass(frozen=True)
class PublishedTotals:
    """Real published figures from `reported_totals` for a year range."""

    yearly: pd.DataFrame  # region totals of dead and missing, one row a year
    by_route: pd.DataFrame  # dead and missing on one route in one year
    other: pd.DataFrame  # other death counts (e.g. national authorities): not comparable

    @property
    def empty(self) -> bool:
        return self.yearly.empty and self.by_route.empty and self.other.empty


def published_totals(reported: pd.DataFrame, years: tuple[int, int] | None, region: str = "Americas") -> PublishedTotals:
    rows = reported[reported["region"] == region]
    if years is not None:
        rows = rows[(rows["year"] >= years[0]) & (rows["year"] <= years[1])]
    has_route = rows["route"].notna() & (rows["route"].astype(object) != "")
    dam = rows["measure"] == "dead_and_missing"
    yearly = rows[dam & ~has_route].sort_values("year").reset_index(drop=True)
    by_route = rows[dam & has_route].sort_values(["year", "value"], ascending=[False, False]).reset_index(drop=True)
    other = rows[rows["measure"] == "deaths"].sort_values("year").reset_index(drop=True)
    return PublishedTotals(yearly=yearly, by_route=by_route, other=other)


@dataclass(frozen=True)
class Comparison:
    """One figure IOM published beside the same figure computed from the records."""

    year: int
    route: str | None  # MMP route value; None for the whole Americas
    computed: int
    published: int
    source_id: str

    @property
    def differs(self) -> bool:
        return self.computed != self.published


def on_route(incidents: pd.DataFrame, route: str) -> pd.DataFrame:
    """The records whose MMP route values include `route` (any spelling of case and accents)."""
    wanted = fold_route(route)
    values = incidents["route"].astype(object)
    hits = {v: wanted in {fold_route(r) for r in split_routes(v)} for v in pd.unique(values.dropna())}  # each distinct value once
    return incidents[values.map(hits).fillna(False).astype(bool).to_numpy()]


def fold_route(name: str) -> str:
    return unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii").strip().casefold()


def compare_with_published(incidents: pd.DataFrame, reported: pd.DataFrame, years: tuple[int, int] | None, route: str | None = None) -> list[Comparison]:
    """MMP's published dead-and-missing figures (Americas, or one route) beside the sum of the records, year by year.

    `incidents` must be the whole layer (not filtered by country). Only
    figures whose route is an MMP route value of the records are compared
    (e.g. not "Caribbean routes", a grouping of several).
    """
    rows = published_totals(reported, years)
    table = rows.yearly if route is None else rows.by_route[rows.by_route["route"].map(fold_route) == fold_route(route)]
    records = incidents if route is None else on_route(incidents, route)
    if records.empty and route is not None:
        return []
    per_year = (pd.to_numeric(records["dead"], errors="coerce").fillna(0) + pd.to_numeric(records["missing"], errors="coerce").fillna(0)).groupby(records["year"].astype(int)).sum()
    out = []
    for _i, row in table.sort_values("year").iterrows():
        year = int(row["year"])
        out.append(Comparison(year, route, int(per_year.get(year, 0)), int(row["value"]), str(row["source_id"])))
    return out


def data_date(incidents: pd.DataFrame, sources: pd.DataFrame) -> str | None:
    """The newest data date (YYYY-MM-DD) of the exports the records come from (each export's newest record)."""
    cited = sources.reindex(sorted(set(incidents["source_id"].dropna())))
    dates = cited["published"].dropna().astype(str) if "published" in cited.columns else pd.Series(dtype=str)
    if len(dates):
        return str(max(dates))[:10]
    return str(incidents["date"].max())[:10] if len(incidents) else None


# --- grids -----------------------------------------------------------------


def _to_equal_area(points: gpd.GeoSeries) -> tuple[np.ndarray, np.ndarray]:
    projected = points.to_crs(AMERICAS_EQUAL_AREA)
    return projected.x.to_numpy(float), projected.y.to_numpy(float)


def cell_size_km(incidents: pd.DataFrame, cells_across: int, smallest: float, largest: float) -> float:
    """A round cell width so that about `cells_across` cells span the incidents."""
    rows = incidents
    if rows.empty:
        return float(smallest)
    x, y = _to_equal_area(rows.geometry)
    span_km = max(x.max() - x.min(), y.max() - y.min()) / 1000
    wanted = span_km / cells_across
    size = next((n for n in NICE_KM if n >= wanted), NICE_KM[-1])
    return float(min(max(size, smallest), largest))


def nice_km(km: float) -> float:
    """The round distance of NICE_KM closest to `km` (the smaller one on a tie)."""
    return float(min(NICE_KM, key=lambda n: (abs(n - km), n)))


def _hex_axial(x: np.ndarray, y: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial (q, r) of the pointy-top hexagon of circumradius `radius` holding each point."""
    q = (math.sqrt(3) / 3 * x - y / 3) / radius
    r = (2 / 3 * y) / radius
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype("int64"), rr.astype("int64")


def _hexagon(q: int, r: int, radius: float) -> list[tuple[float, float]]:
    cx = radius * math.sqrt(3) * (q + r / 2)
    cy = radius * 1.5 * r
    angles = [math.radians(60 * i - 30) for i in range(6)]
    return [(cx + radius * math.cos(a), cy + radius * math.sin(a)) for a in angles]


def _square(i: int, j: int, width: float) -> list[tuple[float, float]]:
    x0, y0 = i * width, j * width
    return [(x0, y0), (x0 + width, y0), (x0 + width, y0 + width), (x0, y0 + width)]


_CELL_COLUMNS = ["cell", "dead", "missing", "dead_and_missing", "incidents", "illustrative"]


def _no_cells() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(columns=_CELL_COLUMNS), geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)


def _located(incidents: pd.DataFrame) -> pd.DataFrame:
    rows = incidents
    return rows[rows.geometry.notna() & ~rows.geometry.is_empty]


def _cells_frame(parts: pd.DataFrame, prefix: str, ring) -> gpd.GeoDataFrame:
    """Sum the records of each (a, b) cell and draw it with `ring(a, b)` (equal-area coordinates) in EPSG:4326."""
    cells = parts.groupby(["a", "b"], sort=True).agg(dead=("dead", "sum"), missing=("missing", "sum"), incidents=("incidents", "sum"), illustrative=("illustrative", "any")).reset_index()
    cells["dead_and_missing"] = cells["dead"] + cells["missing"]
    cells["cell"] = [f"{prefix}{a}:{b}" for a, b in zip(cells["a"], cells["b"])]
    rings = np.array([ring(a, b) for a, b in zip(cells["a"], cells["b"])], dtype=float)  # cells × corners × 2
    lon, lat = Transformer.from_crs(AMERICAS_EQUAL_AREA, WGS84, always_xy=True).transform(rings[..., 0].ravel(), rings[..., 1].ravel())
    polygons = shapely.polygons(np.stack([lon, lat], axis=-1).reshape(rings.shape))
    return gpd.GeoDataFrame(cells[_CELL_COLUMNS].reset_index(drop=True), geometry=polygons, crs=WGS84)


def _record_parts(rows: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "a": a,
            "b": b,
            "dead": pd.to_numeric(rows["dead"], errors="coerce").fillna(0).to_numpy("int64"),
            "missing": pd.to_numeric(rows["missing"], errors="coerce").fillna(0).to_numpy("int64"),
            "incidents": 1,
            "illustrative": rows["is_demo"].fillna(False).astype(bool).to_numpy(),
        }
    )


def grid_cells(incidents: pd.DataFrame, cell_km: float, shape: str = "hexagon") -> gpd.GeoDataFrame:
    """Dead, missing and incidents per grid cell, cells with records only.

    shape "hexagon": pointy-top hexagons `cell_km` across (flat to flat);
    shape "square": squares `cell_km` wide. Both in an equal-area projection,
    returned as EPSG:4326 polygons with a stable `cell` id.
    """
    if shape not in ("hexagon", "square"):
        raise ValueError(f"unknown grid shape {shape!r}")
    rows = _located(incidents)
    if rows.empty:
        return _no_cells()
    width = cell_km * 1000
    x, y = _to_equal_area(rows.geometry)
    if shape == "hexagon":
        radius = width / math.sqrt(3)
        a, b = _hex_axial(x, y, radius)
        return _cells_frame(_record_parts(rows, a, b), "x", lambda q, r: _hexagon(q, r, radius))
    a, b = np.floor(x / width).astype("int64"), np.floor(y / width).astype("int64")
    return _cells_frame(_record_parts(rows, a, b), "s", lambda i, j: _square(i, j, width))


def class_breaks(values, classes: int = 5) -> list[int]:
    """Upper bounds (inclusive) of up to `classes` colour classes of positive whole numbers.

    The bounds are quantiles taken as values of the data (inverted CDF), so
    about as many cells fall in each class; ties merge classes.
    """
    v = np.sort(np.asarray([int(x) for x in values if x and x > 0], dtype="int64"))
    if not len(v):
        return []
    bounds = [int(math.ceil(q)) for q in np.quantile(v, [k / classes for k in range(1, classes + 1)], method="inverted_cdf")]
    bounds[-1] = int(v.max())
    return sorted(set(bounds))


def classify(values, breaks: list[int]) -> list[int]:
    """Index of each value's class: the first break it does not exceed."""
    return [int(i) for i in np.searchsorted(np.asarray(breaks), np.asarray(values, dtype="int64"), side="left")]


def class_ranges(breaks: list[int]) -> list[tuple[int, int]]:
    """(lowest, highest) value of each class, e.g. [(1, 2), (3, 7), (8, 40)]."""
    lows = [1] + [b + 1 for b in breaks[:-1]]
    return list(zip(lows, breaks))
