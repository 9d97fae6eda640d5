"""Importer tests work on a temporary copy of the bundled GeoPackage, never on the committed file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from import_helpers import sha256

from loaders import BUNDLED_GPKG
from tests.conftest import BACKENDS, drop_database, new_database


@pytest.fixture(scope="session")
def _bundled_sha() -> str:
    return sha256(BUNDLED_GPKG)


@pytest.fixture
def gpkg_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _bundled_sha: str) -> Path:
    """A fresh copy of geodata/corredor.gpkg in its own folder; $CORREDOR_GPKG points at it."""
    monkeypatch.delenv("CORREDOR_DATABASE_URL", raising=False)
    folder = tmp_path / "geodata"
    folder.mkdir()
    copy = folder / "corredor.gpkg"
    shutil.copyfile(BUNDLED_GPKG, copy)
    monkeypatch.setenv("CORREDOR_GPKG", str(copy))
    yield copy
    assert sha256(BUNDLED_GPKG) == _bundled_sha, "a test changed the committed GeoPackage"


@pytest.fixture(params=BACKENDS)
def gpkg(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The store an import test writes: a fresh GeoPackage copy, or a fresh PostGIS database
    loaded with the same data ($CORREDOR_DATABASE_URL points at it)."""
    if request.param == "gpkg":
        yield request.getfixturevalue("gpkg_file")
        return
    postgres = request.getfixturevalue("postgres")
    name, url = new_database(postgres, request.getfixturevalue("postgis_template"))
    monkeypatch.setenv("CORREDOR_DATABASE_URL", url)
    yield url
    drop_database(postgres, name)
