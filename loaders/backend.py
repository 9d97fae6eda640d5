"""Which store the app reads: PostGIS when `$CORREDOR_DATABASE_URL` is set, else the GeoPackage.

A *location* is either a GeoPackage path or a `postgresql://` URL; every
reader takes one, and `backend()` is the one place that tells them apart.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pandas as pd

from loaders import gpkg, postgis

DATABASE_ENV = "CORREDOR_DATABASE_URL"


def database_url() -> str | None:
    """`$CORREDOR_DATABASE_URL` when it is set (a postgresql:// URL), else None."""
    url = os.environ.get(DATABASE_ENV, "").strip()
    if url and not postgis.is_url(url):
        raise ValueError(f"${DATABASE_ENV} must be a postgresql:// URL")
    return url or None


def location(given: str | Path | None = None) -> str | Path:
    """The store to read or write: `given` if any, else the database if configured, else the GeoPackage."""
    if given is not None:
        return given if postgis.is_url(given) else Path(given)
    return database_url() or gpkg.default_path()


def is_database(where: str | Path | None) -> bool:
    return postgis.is_url(where)


def backend(where: str | Path) -> ModuleType:
    """The module that reads `where`: `loaders.postgis` or `loaders.gpkg`."""
    return postgis if postgis.is_url(where) else gpkg


def shown(where: str | Path) -> str:
    """How to name the store to a person: the file name, or the URL without its password."""
    return postgis.shown(where) if postgis.is_url(where) else Path(where).name


def list_layers(path: str | Path | None = None) -> list[str]:
    where = location(path)
    return backend(where).list_layers(where)


def read_layer(name: str, *, path: str | Path | None = None, **filters) -> pd.DataFrame:
    """One layer, checked and filtered (`filters`: countries, years, bbox), from the GeoPackage or the
    database (see `loaders.gpkg.read_layer`)."""
    where = location(path)
    if postgis.is_url(where):
        return postgis.read_layer(name, where, **filters)
    return gpkg.read_layer(name, path=where, **filters)


def read_sources(path: str | Path | None = None) -> pd.DataFrame:
    """The `sources` table, indexed by source_id."""
    return read_layer("sources", path=path).set_index("source_id")


def data_version(path: str | Path | None = None) -> tuple[str, int]:
    """(location, version): the key every cache uses, changed by every import.

    GeoPackage: its path and modification time. PostGIS: the URL and the
    version row that each import bumps in its own transaction.
    """
    where = location(path)
    if postgis.is_url(where):
        return where, postgis.data_version(where)
    try:
        return str(where), Path(where).stat().st_mtime_ns
    except FileNotFoundError:
        return str(where), 0
