"""Read the Corredor GeoPackage, one checked layer at a time.

Everything read passes the layer's schema (`loaders.schema`) before it is
returned, so the map builders and pages can trust column names, types and
vocabularies. Filters are applied here so every page filters the same way.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterable

import geopandas as gpd
import pandas as pd
import pyogrio

from loaders.errors import LayerError
from loaders.schema import LAYERS, Layer
from loaders.validate import check_frame

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_GPKG = ROOT / "geodata" / "corredor.gpkg"
CRS = "EPSG:4326"
GEOMETRY_FAMILIES = {"Point": {"Point"}, "LineString": {"LineString"}, "MultiPolygon": {"MultiPolygon", "Polygon"}}


def default_path() -> Path:
    """The GeoPackage the app reads: `$CORREDOR_GPKG` if set, else the bundled one."""
    return Path(os.environ.get("CORREDOR_GPKG") or BUNDLED_GPKG)


def _existing(path: str | Path | None) -> Path:
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        raise LayerError(
            "the GeoPackage does not exist; build it with `python scripts/build_geodata.py`",
            path=path,
        )
    return path


def list_layers(path: str | Path | None = None) -> list[str]:
    """Names of the layers and tables in the GeoPackage, in file order."""
    path = _existing(path)
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as err:  # pyogrio raises several DataSourceError kinds
        raise LayerError(f"not a readable GeoPackage ({err})", path=path) from err


def schema_of(name: str, path: str | Path | None = None) -> Layer:
    if name not in LAYERS:
        raise LayerError(
            f"unknown layer; Corredor's layers are {', '.join(LAYERS)}",
            path=path if path is not None else default_path(),
            layer=name,
        )
    return LAYERS[name]


def read_layer(
    name: str,
    *,
    countries: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    path: str | Path | None = None,
) -> gpd.GeoDataFrame | pd.DataFrame:
    """Read one layer, checked against its schema, optionally filtered.

    countries: ISO3 codes; a feature matches if it belongs to (or crosses) one.
    years: inclusive (first, last); a feature matches if its dates overlap.
    bbox: (min lon, min lat, max lon, max lat), read through the spatial index.
    Tables (no geometry) come back as a pandas DataFrame.
    """
    layer = schema_of(name, path)
    path = _existing(path)
    available = list_layers(path)
    if name not in available:
        raise LayerError(
            f"the layer is missing; the file has {', '.join(available) or 'no layers'}",
            path=path,
            layer=name,
        )
    if bbox is not None and layer.geometry is None:
        raise LayerError("a table has no geometry to filter by bbox", path=path, layer=name)
    frame = pyogrio.read_dataframe(
        path, layer=name, fid_as_index=True, bbox=tuple(bbox) if bbox else None, read_geometry=layer.geometry is not None
    )
    checked = _check(frame, layer, path)
    checked = _filter(checked, layer, countries=countries, years=years)
    return checked


def _check(frame: pd.DataFrame, layer: Layer, path: Path) -> pd.DataFrame:
    unexpected = [c for c in frame.columns if c not in layer.column_names and c != "geometry"]
    if unexpected:
        raise LayerError(
            f"unexpected column not in the schema (expected {', '.join(layer.column_names)})",
            path=path,
            layer=layer.name,
            column=unexpected[0],
        )
    values, problems = check_frame(frame, layer, row_labels=[f"fid {fid}" for fid in frame.index])
    if problems:
        first = problems[0]
        more = f" ({len(problems) - 1} more problems)" if len(problems) > 1 else ""
        shown = "" if first.value is None else f": {first.value!r}"
        raise LayerError(first.reason + shown + more, path=path, layer=layer.name, column=first.column, row=first.row)
    if layer.geometry is None:
        return values.reset_index(drop=True)
    crs = frame.crs
    if crs is None or crs.to_epsg() != 4326:
        raise LayerError(f"expected coordinates in {CRS}, found {crs}", path=path, layer=layer.name, column="geometry")
    families = GEOMETRY_FAMILIES[layer.geometry]
    kinds = frame.geometry.geom_type
    wrong = kinds[~kinds.isin(families)]
    if len(wrong):
        raise LayerError(
            f"expected {layer.geometry} geometry, found {wrong.iloc[0]}",
            path=path,
            layer=layer.name,
            column="geometry",
            row=f"fid {wrong.index[0]}",
        )
    return gpd.GeoDataFrame(values, geometry=frame.geometry.values, crs=CRS).reset_index(drop=True)


def _filter(frame: pd.DataFrame, layer: Layer, *, countries, years) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if countries is not None:
        wanted = {c.upper() for c in countries}
        if "country_iso3" in frame.columns:
            keep &= frame["country_iso3"].isin(wanted).fillna(False).astype(bool)
        elif "countries" in frame.columns:
            keep &= frame["countries"].fillna("").map(lambda v: bool(wanted & set(v.split(";")))).astype(bool)
        elif layer.name == "countries":
            keep &= frame["iso3"].isin(wanted).fillna(False).astype(bool)
    if years is not None:
        first, last = int(years[0]), int(years[1])
        start, end = _year_span(frame, layer)
        if start is not None:
            keep &= ((start <= last) & (end >= first)).fillna(False).astype(bool)
    return frame[keep].reset_index(drop=True)


def _year_of(values: pd.Series) -> pd.Series:
    """Years of a year column or of YYYY-MM-DD dates."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("Int64")
    return values.str.slice(0, 4).astype("Int64")


def _year_span(frame: pd.DataFrame, layer: Layer) -> tuple[pd.Series | None, pd.Series | None]:
    """First and last year each feature covers (the schema's `year_columns`), or (None, None) if it is not dated."""
    columns = layer.year_columns
    if not columns:
        return None, None
    start = _year_of(frame[columns[0]])
    if len(columns) == 1:
        return start, start
    open_end = pd.Series(dt.date.today().year, index=frame.index, dtype="Int64")
    if layer.open_end_when:
        column, value = layer.open_end_when
        open_end = open_end.where(frame[column] == value, start)
    return start, _year_of(frame[columns[1]]).fillna(open_end)


def read_sources(path: str | Path | None = None) -> pd.DataFrame:
    """The `sources` table, indexed by source_id."""
    return read_layer("sources", path=path).set_index("source_id")
