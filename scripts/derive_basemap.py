"""Derive the basemap's sources (`geodata/sources/basemap/`) from Natural Earth.

Natural Earth is public domain. Run once when the sources change, with the
folder holding the Natural Earth 1:10m shapefiles (ne_10m_coastline,
ne_10m_admin_0_boundary_lines_land, ne_10m_admin_1_states_provinces_lines,
ne_10m_lakes, ne_10m_land) and the 1:50m rivers (ne_50m_rivers_lake_centerlines, GeoJSON or
shapefile). It keeps the Americas and writes compact GeoJSON at about 100 m
detail; `mapping.basemap.build` turns these into the files the app serves.

Run: python scripts/derive_basemap.py NATURAL_EARTH_FOLDER
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "sources" / "basemap"
AMERICAS = (-170.0, -57.0, -25.0, 84.0)  # west, south, east, north
TOLERANCE_DEG = 0.002  # about 200 m: finer than any zoom the maps open on
ARCTIC_LAT, ARCTIC_TOLERANCE_DEG = 60.0, 0.01  # far from every route: coarser
MIN_LAKE_SQ_DEG = 0.002  # smaller lakes are left out
COORD_DECIMALS = 4
LAYERS = {
    "coast": "ne_10m_coastline",
    "borders": "ne_10m_admin_0_boundary_lines_land",
    "admin1": "ne_10m_admin_1_states_provinces_lines",
    "lakes": "ne_10m_lakes",
    "land": "ne_10m_land",
    "rivers": "ne_50m_rivers_lake_centerlines",
}


def _read(folder: Path, stem: str) -> gpd.GeoSeries:
    for suffix in (".shp", ".geojson"):
        path = folder / (stem + suffix)
        if path.exists():
            return gpd.read_file(path, columns=[]).geometry
    raise SystemExit(f"{folder}: no {stem}.shp or {stem}.geojson")


def derive(folder: Path, name: str, stem: str) -> dict:
    geoms = _read(folder, stem).values
    clipped = shapely.clip_by_rect(geoms, *AMERICAS)
    clipped = clipped[~shapely.is_empty(clipped)]
    if name == "lakes":
        clipped = clipped[shapely.area(clipped) >= MIN_LAKE_SQ_DEG]
    arctic = shapely.get_y(shapely.centroid(clipped)) > ARCTIC_LAT
    tolerance = [ARCTIC_TOLERANCE_DEG if far else TOLERANCE_DEG for far in arctic]
    simple = shapely.simplify(clipped, tolerance, preserve_topology=True)
    simple = shapely.set_precision(simple, 10**-COORD_DECIMALS)
    features = [
        {"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(g))}
        for g in simple
        if g is not None and not g.is_empty
    ]
    return {"type": "FeatureCollection", "name": name, "features": features}


def main(folder: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, stem in LAYERS.items():
        fc = derive(Path(folder), name, stem)
        path = OUT / f"{name}.geojson"
        path.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(fc['features'])} features, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
