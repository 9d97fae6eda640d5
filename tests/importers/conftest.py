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


@pytest.fixture(scope="session")
def _bundled_sha() -> str:
    return sha256(BUNDLED_GPKG)


@pytest.fixture(scope="session")
def _generated_gpkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks import demo_incidents

    return demo_incidents.write_copy(BUNDLED_GPKG, tmp_path_factory.mktemp("generated") / "corredor.gpkg")


def _copy(original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
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
def gpkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _bundled_sha: str, _generated_gpkg: Path) -> Path:
    """A fresh copy of the bundled file with 400 generated incidents, in its own folder; $CORREDOR_GPKG points at it."""
    copy = _copy(_generated_gpkg, tmp_path, monkeypatch)
    monkeypatch.setenv("CORREDOR_GPKG", str(copy))
    yield copy
    assert sha256(BUNDLED_GPKG) == _bundled_sha, "a test changed the committed GeoPackage"
