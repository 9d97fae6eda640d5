"""Spatial helpers, checked against numbers worked out by hand."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from analysis import spatial


def gdf(geoms):
    return gpd.GeoDataFrame(geometry=geoms, crs="EPSG:4326")


@pytest.mark.parametrize(
    "lon, lat, epsg",
    [(-77.5, 8.5, 32618), (-99.1, 19.4, 32614), (-70.6, -33.4, 32719), (-180, 0, 32601), (179.9, 0, 32660)],
)
def test_utm_zone_of_a_point(lon, lat, epsg):
    assert spatial.utm_epsg(lon, lat) == epsg


def test_one_degree_along_the_equator_is_111_km():
    # WGS84 equatorial radius 6,378,137 m: 2πa/360 = 111.319 km
    lengths = spatial.length_km(gdf([shapely.LineString([(0, 0), (1, 0)])]).geometry)
    assert lengths.iloc[0] == pytest.approx(111.319, abs=0.01)


def test_one_degree_of_latitude_near_panama_is_about_110_6_km():
    # Meridian arc from 8° to 9° N on WGS84: 110.60 km
    lengths = spatial.length_km(gdf([shapely.LineString([(-78, 8), (-78, 9)])]).geometry)
    assert lengths.iloc[0] == pytest.approx(110.60, abs=0.05)


def test_distance_to_the_nearest_line_in_km():
    # A point 0.1° of latitude north of an east-west line at 8° N: 11.06 km
    lines = gdf([shapely.LineString([(-78.5, 8.0), (-77.5, 8.0)]), shapely.LineString([(-70, 0), (-69, 0)])])
    points = gdf([shapely.Point(-78.0, 8.1), shapely.Point(-60.0, 8.1)])
    distances = spatial.nearest_distance_km(points, lines)
    assert distances.iloc[0] == pytest.approx(11.06, rel=0.005)
    assert distances.iloc[1] > 900
    assert spatial.within_km(points, lines, 12).tolist() == [True, False]


def test_no_lines_means_no_distance():
    distances = spatial.nearest_distance_km(gdf([shapely.Point(0, 0)]), gdf([]))
    assert distances.isna().all()


def test_features_in_zones_lists_each_pair():
    zones = gpd.GeoDataFrame({"zone_id": ["a", "b"]}, geometry=[shapely.box(0, 0, 2, 2), shapely.box(1, 1, 3, 3)], crs="EPSG:4326")
    points = gpd.GeoDataFrame({"name": ["in both", "in a", "outside"]}, geometry=[shapely.Point(1.5, 1.5), shapely.Point(0.5, 0.5), shapely.Point(5, 5)], crs="EPSG:4326")
    joined = spatial.features_in_zones(points, zones, ["zone_id"])
    assert sorted(zip(joined["name"], joined["zone_id"])) == [("in a", "a"), ("in both", "a"), ("in both", "b")]
