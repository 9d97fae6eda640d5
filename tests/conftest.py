"""Shared fixtures: the bundled GeoPackage, a throw-away PostGIS cluster, small real GeoPackages written per test."""

from __future__ import annotations

import contextlib

import os
import uuid
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from loaders import BUNDLED_GPKG

BACKENDS = ["gpkg", "postgis"]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def bundled_gpkg() -> Path:
    assert BUNDLED_GPKG.is_file(), "geodata/corredor.gpkg is missing: run python scripts/build_geodata.py"
    return BUNDLED_GPKG


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL + PostGIS cluster of this test run, removed afterwards.

    Without PostgreSQL the tests that need it fail in CI ($CI set) and are
    skipped elsewhere, saying how to install it.
    """
    from deploy import pgcluster

    try:
        cluster = pgcluster.Cluster().start()
    except pgcluster.Unavailable as err:
        if os.environ.get("CI"):
            pytest.fail(str(err))
        pytest.skip(str(err))
    try:
        yield cluster
    finally:
        from loaders import postgis

        postgis.close_all()
        cluster.stop()


@pytest.fixture(scope="session")
def postgis_template(postgres) -> str:
    """Name of a database holding the bundled GeoPackage, loaded by `init-db` (copied per test)."""
    from importers import store_postgis

    store_postgis.init_db(postgres.create("corredor_template"), BUNDLED_GPKG)
    return "corredor_template"


def new_database(postgres, template: str) -> tuple[str, str]:
    """A fresh copy of the template: (name, URL)."""
    name = f"corredor_test_{uuid.uuid4().hex[:12]}"
    return name, postgres.create(name, template=template)


@contextlib.contextmanager
def fresh_database(request, template: str, monkeypatch: pytest.MonkeyPatch | None = None):
    """A throw-away copy of the PostGIS database fixture `template`, dropped afterwards; with
    `monkeypatch`, $CORREDOR_DATABASE_URL points at it meanwhile."""
    postgres = request.getfixturevalue("postgres")
    name, url = new_database(postgres, request.getfixturevalue(template))
    if monkeypatch is not None:
        monkeypatch.setenv("CORREDOR_DATABASE_URL", url)
    try:
        yield url
    finally:
        drop_database(postgres, name)


def drop_database(postgres, name: str) -> None:
    from loaders import postgis

    postgis.close_all()
    postgres.drop(name)


@pytest.fixture(scope="session", params=BACKENDS)
def bundled_store(request) -> Path | str:
    """The bundled data, read-only: the GeoPackage itself, or a PostGIS database loaded from it."""
    if request.param == "gpkg":
        yield BUNDLED_GPKG
        return
    with fresh_database(request, "postgis_template") as url:
        yield url


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
