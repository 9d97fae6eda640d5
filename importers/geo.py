"""Where a point is: the countries of the Americas from the GeoPackage, names to ISO3, distances.

Distances are measured in the Lambert azimuthal equal-area projection centred
on the Americas that `analysis.deaths` uses for its grids: good to a few per
cent across the region, which is all a warning needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyproj import CRS, Transformer

import loaders
from i18n import _, format_number
from importers.parsing import fold

AMERICAS_EQUAL_AREA = CRS.from_proj4("+proj=laea +lat_0=15 +lon_0=-85 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs")
# The Americas, generously: from the Aleutians to Cape Horn, Greenland included.
AMERICAS_LON = (-180.0, -10.0)
AMERICAS_LAT = (-60.0, 84.0)
INSIDE_TOLERANCE_KM = 10.0  # borders are simplified to about 1 km; coastal points sit offshore
NEAREST_LIMIT_KM = 250.0  # a point farther than this from every country is not attributed to one

# Names the Missing Migrants Project, IDMC and shelter lists use besides Natural Earth's.
ALIASES = {
    "usa": "USA",
    "us": "USA",
    "u s": "USA",
    "united states": "USA",
    "eeuu": "USA",
    "ee uu": "USA",
    "bahamas": "BHS",
    "the bahamas": "BHS",
    "bolivia plurinational state of": "BOL",
    "venezuela bolivarian republic of": "VEN",
    "falkland islands malvinas": "FLK",
    "malvinas": "FLK",
    "curacao": "CUW",
    "sint maarten dutch part": "SXM",
    "saint martin french part": "MAF",
    "st martin": "MAF",
    "saint kitts and nevis": "KNA",
    "st kitts and nevis": "KNA",
    "st lucia": "LCA",
    "st vincent and the grenadines": "VCT",
    "virgin islands u s": "VIR",
    "us virgin islands": "VIR",
    "united states virgin islands": "VIR",
    "virgin islands british": "VGB",
    "turks and caicos": "TCA",
    "haiti": "HTI",
    "mexico": "MEX",
    "panama": "PAN",
}


def americas_box(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    return (lons >= AMERICAS_LON[0]) & (lons <= AMERICAS_LON[1]) & (lats >= AMERICAS_LAT[0]) & (lats <= AMERICAS_LAT[1])


@dataclass
class Located:
    """Where each point falls: the country containing it (or None), the nearest one and the distance to it."""

    inside: list[str | None]
    nearest: list[str | None]
    distance_km: np.ndarray


class Countries:
    def __init__(self, iso3: list[str], geoms: list, names: dict[str, str]):
        self.iso3 = list(iso3)
        self.codes = set(self.iso3)
        self.geoms = np.asarray(geoms, dtype=object)
        shapely.prepare(self.geoms)  # point-in-polygon tests run ~50 times faster on prepared polygons
        self.index = {code: i for i, code in enumerate(self.iso3)}
        self.tree = shapely.STRtree(self.geoms)
        self._to_laea = Transformer.from_crs("EPSG:4326", AMERICAS_EQUAL_AREA, always_xy=True)
        self.projected = np.asarray([shapely.transform(g, self._project) for g in self.geoms], dtype=object)
        self.projected_tree = shapely.STRtree(self.projected)
        self.names = names

    def _project(self, coords: np.ndarray) -> np.ndarray:
        x, y = self._to_laea.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    @classmethod
    def from_frame(cls, frame) -> Countries:
        """From a `countries` layer in memory (as the GeoPackage build has it)."""
        names: dict[str, str] = {}
        for column in ("name_fr", "name_pt", "name_es", "name_en"):  # English wins ties (San Martín)
            names.update({fold(n): code for n, code in zip(frame[column], frame["iso3"]) if isinstance(n, str)})
        names.update(ALIASES)
        names.update({code.lower(): code for code in frame["iso3"]})
        return cls(list(frame["iso3"]), list(frame.geometry), names)

    @classmethod
    def from_gpkg(cls, path: Path) -> Countries:
        stamp = loaders.data_version(path)
        cached = _CACHE.get(stamp)
        if cached is None:
            frame = loaders.read_layer("countries", path=path) if loaders.is_database(path) else pyogrio.read_dataframe(path, layer="countries")
            cached = cls.from_frame(frame)
            _CACHE.clear()
            _CACHE[stamp] = cached
        return cached

    # --- names -------------------------------------------------------------

    def code_for(self, text: object) -> str | None:
        """ISO3 code of a country of the Americas named `text` (any of four languages, or ISO3), else None."""
        if not isinstance(text, str) or not text.strip():
            return None
        key = fold(text)
        if key in self.names:
            return self.names[key]
        bare = fold(re.sub(r"\(.*?\)", "", text))
        return self.names.get(bare)

    # --- places ------------------------------------------------------------

    def locate(self, lons: np.ndarray, lats: np.ndarray) -> Located:
        n = len(lons)
        inside: list[str | None] = [None] * n
        nearest: list[str | None] = [None] * n
        distance = np.full(n, np.inf)
        if n == 0:
            return Located(inside, nearest, distance)
        points = shapely.points(lons, lats)
        candidates = self.tree.query(points)  # bounding boxes only; then the exact test on prepared polygons
        keep = shapely.intersects(self.geoms[candidates[1]], points[candidates[0]]) if candidates.shape[1] else np.zeros(0, dtype=bool)
        hits = candidates[:, keep]
        for point_i, geom_i in zip(hits[0], hits[1]):
            if inside[point_i] is None:
                inside[point_i] = self.iso3[geom_i]
                nearest[point_i] = self.iso3[geom_i]
                distance[point_i] = 0.0
        outside = np.array([i for i in range(n) if inside[i] is None], dtype=int)
        if len(outside):
            x, y = self._to_laea.transform(np.asarray(lons)[outside], np.asarray(lats)[outside])
            ok = np.isfinite(x) & np.isfinite(y)
            if ok.any():
                projected = shapely.points(x[ok], y[ok])
                (point_idx, geom_idx), dist = self.projected_tree.query_nearest(projected, return_distance=True, all_matches=False)
                rows = outside[ok][point_idx]
                for row, g, d in zip(rows, geom_idx, dist):
                    nearest[row] = self.iso3[g]
                    distance[row] = d / 1000.0
        return Located(inside, nearest, distance)

    def distance_km(self, code: str, lon: float, lat: float) -> float:
        """Distance from a point to a country (0 inside it)."""
        i = self.index[code]
        if shapely.intersects(self.geoms[i], shapely.Point(lon, lat)):
            return 0.0
        x, y = self._to_laea.transform(lon, lat)
        if not (np.isfinite(x) and np.isfinite(y)):
            return float("inf")
        return float(shapely.distance(self.projected[i], shapely.Point(x, y))) / 1000.0

    def distances_to(self, codes: list[str | None], lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Distance (km) from each point to its own country in `codes` (inf where the code is None)."""
        n = len(codes)
        out = np.full(n, np.inf)
        if n == 0:
            return out
        lons = np.asarray(lons, dtype=float)
        lats = np.asarray(lats, dtype=float)
        x, y = self._to_laea.transform(lons, lats)
        points = shapely.points(lons, lats)
        projected = shapely.points(x, y)
        codes_arr = np.asarray([c if c in self.index else "" for c in codes], dtype=object)
        for code in set(codes_arr) - {""}:
            mask = codes_arr == code
            i = self.index[code]
            inside = shapely.intersects(self.geoms[i], points[mask])
            dist = shapely.distance(self.projected[i], projected[mask]) / 1000.0
            out[mask] = np.where(inside, 0.0, np.where(np.isfinite(dist), dist, np.inf))
        return out

    def geometry(self, code: str):
        return self.geoms[self.index[code]]


_CACHE: dict[tuple[str, int], Countries] = {}


@dataclass
class Placement:
    """The decision about one point: where it goes, or why it cannot."""

    lat: float | None
    lon: float | None
    iso3: str | None
    warnings: list[tuple[str, str, str]]  # (column, reason, detail)
    problem: str | None = None
    out_of_region: bool = False
    swapped: bool = False


def _swapped() -> tuple[str, str, str]:
    return ("coordinates", _("latitude and longitude were swapped: swapped back"), "")


def _outside(code: str, km: float, where: str) -> tuple[str, str, str]:
    return ("coordinates", _("point outside its declared country"), _("{code}: {km} km away, in or nearest to {where}").format(code=code, km=format_number(round(km)), where=where))


def _nearest(code: str | None, km: float) -> tuple[str, str, str]:
    return ("coordinates", _("point outside every border (at sea?): attributed to the nearest country"), _("{code}, {km} km").format(code=code, km=format_number(round(km))))


def place(countries: Countries, lats: list[float], lons: list[float], declared: list[str | None]) -> list[Placement]:
    """Decide, for each (lat, lon) and declared country (ISO3 or None), the point and its country.

    A pair that only makes sense swapped (latitude beyond ±90, or a point that
    lands in its declared country, or in the Americas, only once swapped) is
    swapped back with a warning. A point outside its declared country keeps the
    declared country, with a warning. Without a declared country the point's
    own country is used, or the nearest within 250 km (at sea) with a warning;
    a point far outside the Americas is out of region.
    """
    n = len(lats)
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    finite = np.isfinite(lat) & np.isfinite(lon)
    as_given_ok = finite & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    swapped_ok = finite & (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
    safe_lat = np.where(as_given_ok, lat, 0.0)
    safe_lon = np.where(as_given_ok, lon, 0.0)
    sw_lat = np.where(swapped_ok, lon, 0.0)
    sw_lon = np.where(swapped_ok, lat, 0.0)
    here = countries.locate(safe_lon, safe_lat)
    has_code = np.array([c is not None for c in declared], dtype=bool)
    # distance to the declared country only where the point is not plainly inside it
    d_here = np.zeros(n)
    check = np.array([declared[i] is not None and here.inside[i] != declared[i] for i in range(n)], dtype=bool)
    if check.any():
        idx = np.flatnonzero(check)
        d_here[idx] = countries.distances_to([declared[i] for i in idx], safe_lon[idx], safe_lat[idx])
    d_here[~has_code] = np.inf
    # the swapped reading, only where the pair as given does not fit
    unresolved = swapped_ok & ((has_code & (d_here > INSIDE_TOLERANCE_KM)) | (~has_code & np.array([x is None for x in here.inside], dtype=bool)))
    there = Located([None] * n, [None] * n, np.full(n, np.inf))
    d_there = np.full(n, np.inf)
    if unresolved.any():
        idx = np.flatnonzero(unresolved)
        sub = countries.locate(sw_lon[idx], sw_lat[idx])
        sub_d = countries.distances_to([declared[i] for i in idx], sw_lon[idx], sw_lat[idx])
        for j, i in enumerate(idx):
            there.inside[i], there.nearest[i], there.distance_km[i] = sub.inside[j], sub.nearest[j], sub.distance_km[j]
            d_there[i] = sub_d[j]
    box_here = americas_box(safe_lon, safe_lat) & as_given_ok
    box_there = americas_box(sw_lon, sw_lat) & swapped_ok
    out: list[Placement] = []
    for i in range(n):
        code = declared[i]
        if not as_given_ok[i] and not swapped_ok[i]:
            out.append(Placement(None, None, None, [], _("coordinates out of range")))
            continue
        if code is not None:
            if as_given_ok[i] and d_here[i] <= INSIDE_TOLERANCE_KM:
                out.append(Placement(lat[i], lon[i], code, []))
            elif swapped_ok[i] and d_there[i] <= INSIDE_TOLERANCE_KM:
                out.append(Placement(lon[i], lat[i], code, [_swapped()], swapped=True))
            elif as_given_ok[i]:
                where = here.inside[i] or here.nearest[i] or "?"
                out.append(
                    Placement(
                        lat[i], lon[i], code,
                        [_outside(code, d_here[i], where)],
                    )
                )
            else:
                out.append(
                    Placement(
                        lon[i], lat[i], code,
                        [
                            _swapped(),
                            _outside(code, d_there[i], there.inside[i] or there.nearest[i] or "?"),
                        ],
                        swapped=True,
                    )
                )
            continue
        if as_given_ok[i] and here.inside[i]:
            out.append(Placement(lat[i], lon[i], here.inside[i], []))
        elif swapped_ok[i] and there.inside[i] and not box_here[i]:
            out.append(Placement(lon[i], lat[i], there.inside[i], [_swapped()], swapped=True))
        elif as_given_ok[i] and here.distance_km[i] <= NEAREST_LIMIT_KM:
            out.append(
                Placement(
                    lat[i], lon[i], here.nearest[i],
                    [_nearest(here.nearest[i], here.distance_km[i])],
                )
            )
        elif swapped_ok[i] and there.distance_km[i] <= NEAREST_LIMIT_KM and not box_here[i]:
            out.append(
                Placement(
                    lon[i], lat[i], there.nearest[i],
                    [
                        _swapped(),
                        _nearest(there.nearest[i], there.distance_km[i]),
                    ],
                    swapped=True,
                )
            )
        elif not box_here[i] and not box_there[i]:
            out.append(Placement(None, None, None, [], None, out_of_region=True))
        else:
            out.append(Placement(None, None, None, [], _("not within {km} km of any country of the Americas").format(km=format_number(round(NEAREST_LIMIT_KM)))))
    return out
