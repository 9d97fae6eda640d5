"""Importer tests work on a temporary GeoPackage, never on the committed file.

`gpkg` is a copy of the bundled file whose incidents are 400 generated rows
(benchmarks/demo_incidents.py): small and known, so the tests can watch an
import replace or update them. `real_gpkg` is a plain copy, with IOM's records.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from import_helpers import sha256

from loaders import BUNDLED_GPKG
from tests.conftest import BACKENDS, fresh_database


@pytest.fixture(scope="session")
def _bundled_sha() -> str:
    return sha256(BUNDLED_GPKG)


@pytest.fixture(scope="session")
def _generated_gpkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks import demo_incidents

    return demo_incidents.write_copy(BUNDLED_GPKG, tmp_path_factory.mktemp("generated") / "corredor.gpkg")


def _copy(original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CORREDOR_DATABASE_URL", raising=False)
    folder = tmp_path / "geodata"
    folder.mkdir()
    copy = folder / "corredor.gpkg"
    shutil.copyfile(original, copy)
    monkeypatch.setenv("CORREDOR_GPKG", str(copy))
    return copy


@pytest.fixture
def real_gpkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _bundled_sha: str) -> Path:
    """A fresh copy of geodata/corredor.gpkg (IOM's records) in its own folder; $CORREDOR_GPKG points at it."""
    yield _copy(BUNDLED_GPKG, tmp_path, monkeypatch)
    assert sha256(BUNDLED_GPKG) == _bundled_sha, "a test changed the committed GeoPackage"


@pytest.fixture
def gpkg_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _bundled_sha: str, _generated_gpkg: Path) -> Path:
    """A fresh copy of the bundled file with 400 generated incidents, in its own folder; $CORREDOR_GPKG points at it."""
    yield _copy(_generated_gpkg, tmp_path, monkeypatch)
    assert sha256(BUNDLED_GPKG) == _bundled_sha, "a test changed the committed GeoPackage"


@pytest.fixture(scope="session")
def generated_postgis_template(postgres, _generated_gpkg: Path) -> str:
    """Name of a database holding the generated-incidents GeoPackage, loaded by `init-db` (copied per test)."""
    from importers import store_postgis

    store_postgis.init_db(postgres.create("corredor_generated_template"), _generated_gpkg)
    return "corredor_generated_template"


@pytest.fixture(params=BACKENDS)
def gpkg(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The store an import test writes: a fresh GeoPackage copy with 400 generated incidents, or a
    fresh PostGIS database loaded with the same data ($CORREDOR_DATABASE_URL points at it)."""
    if request.param == "gpkg":
        yield request.getfixturevalue("gpkg_file")
        return
    with fresh_database(request, "generated_postgis_template", monkeypatch) as url:
        yield url
