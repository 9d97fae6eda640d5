"""Shared fixtures: the bundled GeoPackage and small real GeoPackages written per test."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from loaders import BUNDLED_GPKG

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def bundled_gpkg() -> Path:
    assert BUNDLED_GPKG.is_file(), "geodata/corredor.gpkg is missing: run python scripts/build_geodata.py"
    return BUNDLED_GPKG


def shelter_row(**overrides) -> dict:
    """One valid shelter, as the schema wants it."""
    row = {
        "shelter_id": "mex_test",
        "name": "Casa de prueba",
        "type": "shelter",
        "operator": "Test operator",
        "country_iso3": "MEX",
        "municipality": "Tapachula",
        "services": "lodging;food",
        "populations": "all",
        "languages": "es",
        "capacity": None,
        "contact": None,
        "sensitive": False,
        "last_verified": None,
        "closed": None,
        "source_id": "src",
        "precision": "town",
        "is_demo": False,
    }
    row.update(overrides)
    return row


def write_shelters(path: Path, rows: list[dict], *, crs: str = "EPSG:4326", geometry=None, layer: str = "shelters") -> Path:
    """Write a real GeoPackage with a shelters layer built from `rows`."""
    frame = pd.DataFrame(rows)
    for column in ("capacity",):
        if column in frame.columns:
            frame[column] = frame[column].astype("Int64")
    geoms = geometry or [shapely.Point(-92.26, 14.9)] * len(rows)
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs=crs)
    pyogrio.write_dataframe(gdf, path, layer=layer, driver="GPKG")
    return path
