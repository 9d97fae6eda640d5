"""Importer tests work on a temporary copy of the bundled GeoPackage, never on the committed file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from import_helpers import sha256

from loaders import BUNDLED_GPKG


@pytest.fixture(scope="session")
def _bundled_sha() -> str:
    return sha256(BUNDLED_GPKG)


@pytest.fixture
def gpkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _bundled_sha: str) -> Path:
    """A fresh copy of geodata/corredor.gpkg in its own folder; $CORREDOR_GPKG points at it."""
    folder = tmp_path / "geodata"
    folder.mkdir()
    copy = folder / "corredor.gpkg"
    shutil.copyfile(BUNDLED_GPKG, copy)
    monkeypatch.setenv("CORREDOR_GPKG", str(copy))
    yield copy
    assert sha256(BUNDLED_GPKG) == _bundled_sha, "a test changed the committed GeoPackage"
