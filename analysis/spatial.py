"""Distances and overlays in metres, not degrees.

Lengths are geodesic (on the WGS84 ellipsoid, via pyproj.Geod). Distances
between features are measured in the UTM zone of each point, a projected CRS
that is accurate to well under 1% within a few hundred kilometres, which is
the range these questions are asked at ("shelters within 25 km of a route").
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

WGS84 = "EPSG:4326"
GEOD = Geod(ellps="WGS84")


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the UTM zone that contains (lon, lat)."""
    zone = int((lon + 180) // 6) % 60 + 1
    return (32600 if lat >= 0 else 32700) + zone


def length_km(geometries: gpd.GeoSeries) -> pd.Series:
    """Geodesic length of each line, in kilometres."""
    return pd.Series([GEOD.geometry_length(g) / 1000 for g in geometries], index=geometries.index, dtype=float)


def nearest_distance_km(points: gpd.GeoDataFrame, lines: gpd.GeoDataFrame) -> pd.Series:
    """Distance in km from each point to the nearest of `lines` (NaN if there are none)."""
    out = pd.Series(np.nan, index=points.index, dtype=float)
    if points.empty or lines.empty:
        return out
    zones = [utm_epsg(p.x, p.y) for p in points.geometry]
    for epsg in sorted(set(zones)):
        members = points[[z == epsg for z in zones]]
        projected_lines = lines.geometry.to_crs(epsg)
        for index, point in members.geometry.to_crs(epsg).items():
            out[index] = projected_lines.distance(point).min() / 1000
    return out


def within_km(points: gpd.GeoDataFrame, lines: gpd.GeoDataFrame, km: float) -> pd.Series:
    """True for each point no further than `km` from one of `lines`."""
    return nearest_distance_km(points, lines).le(km)


def features_in_zones(features: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, zone_columns: list[str]) -> gpd.GeoDataFrame:
    """Each feature that intersects a zone, once per zone, with the zone's columns added."""
    if features.empty or zones.empty:
        return features.iloc[0:0].assign(**{c: pd.Series(dtype=object) for c in zone_columns})
    joined = gpd.sjoin(features, zones[zone_columns + ["geometry"]], how="inner", predicate="intersects")
    return joined.drop(columns="index_right")


def core_extent(frame: gpd.GeoDataFrame, share: float = 0.002) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of the features without the farthest `share` on each side.

    A few source coordinates are far off (a record placed in the wrong hemisphere):
    maps draw every feature but open on the rest. Fewer than 100 features: their full extent.
    """
    if len(frame) < 100:
        return tuple(float(v) for v in frame.total_bounds)
    points = frame.geometry.representative_point()
    x, y = points.x, points.y
    return (float(x.quantile(share)), float(y.quantile(share)), float(x.quantile(1 - share)), float(y.quantile(1 - share)))
