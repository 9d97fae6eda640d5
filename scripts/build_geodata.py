"""Build `geodata/corredor.gpkg` from the readable sources in `geodata/sources/`.

The sources are CSV and GeoJSON files that can be reviewed in a diff, and the
publishers' own downloads kept byte-exact (checksummed); this script checks
every row against the layer schema, resolves route waypoints to lines, reads
the Missing Migrants Project export through the importer's own code (so the
bundled and an imported layer cannot differ) and writes the GeoPackage
atomically (to a temporary file, then renamed), so readers never see half a file.

Run: python scripts/build_geodata.py [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.errors import LayerError  # noqa: E402
from loaders.schema import LAYERS, Layer  # noqa: E402
from loaders.validate import check_frame  # noqa: E402

SOURCES_DIR = ROOT / "geodata" / "sources"
OUT = ROOT / "geodata" / "corredor.gpkg"
# The Missing Migrants Project export bundled as the `incidents` layer: its checksum and data date (newest record).
MMP_EXPORT = SOURCES_DIR / "mmp-global-2014-2025-04-29.xlsx"
MMP_SHA256 = "2fba916c806fc4d72ecb7f0abe261b86b4ac3754740df3cdacc6a3d2ae226f97"
MMP_DATA_DATE = dt.date(2025, 4, 29)
LAYER_ORDER = ["sources", "countries", "places", "routes", "shelters", "incidents", "displacement_zones", "disaster_events", "darien_crossings", "reported_totals"]


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _checked(frame: pd.DataFrame, layer: Layer, path: Path, first_line: int = 2) -> pd.DataFrame:
    """Coerce a source table to its schema; stop on the first problem, naming file, row and column."""
    labels = [f"line {i + first_line}" for i in range(len(frame))] if first_line else None
    values, problems = check_frame(frame, layer, row_labels=labels)
    if problems:
        p = problems[0]
        raise LayerError(f"{p.reason}{'' if p.value is None else f': {p.value!r}'}", path=path, layer=layer.name, column=p.column, row=p.row)
    return values


def _points(frame: pd.DataFrame, path: Path, layer: str) -> list[shapely.Point]:
    points = []
    for i, (lat, lon) in enumerate(zip(frame["lat"], frame["lon"])):
        try:
            lat_f, lon_f = float(lat), float(lon)
        except ValueError:
            raise LayerError(f"lat/lon must be numbers, found {lat!r}, {lon!r}", path=path, layer=layer, row=f"line {i + 2}", column="lat") from None
        if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
            raise LayerError(f"lat/lon out of range: {lat_f}, {lon_f}", path=path, layer=layer, row=f"line {i + 2}", column="lat")
        points.append(shapely.Point(lon_f, lat_f))
    return points


def read_sources_table() -> pd.DataFrame:
    files = sorted(SOURCES_DIR.glob("sources_*.csv"))
    frames = [_checked(_read_csv(f), LAYERS["sources"], f) for f in files]
    table = pd.concat(frames, ignore_index=True)
    dup = table["source_id"][table["source_id"].duplicated()]
    if len(dup):
        raise LayerError(f"source_id {dup.iloc[0]!r} is defined twice", path=SOURCES_DIR, layer="sources", column="source_id")
    return table


def read_point_csv(name: str) -> gpd.GeoDataFrame:
    path = SOURCES_DIR / f"{name}.csv"
    raw = _read_csv(path)
    return gpd.GeoDataFrame(_checked(raw, LAYERS[name], path), geometry=_points(raw, path, name), crs="EPSG:4326")


def read_geojson(name: str) -> gpd.GeoDataFrame:
    path = SOURCES_DIR / f"{name}.geojson"
    raw = gpd.read_file(path)
    values = _checked(pd.DataFrame(raw.drop(columns="geometry")), LAYERS[name], path, first_line=0)
    geoms = [shapely.multipolygons(shapely.get_parts(g)) if g.geom_type == "Polygon" else g for g in raw.geometry]
    return gpd.GeoDataFrame(values, geometry=geoms, crs="EPSG:4326")


def read_routes(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    path = SOURCES_DIR / "routes.csv"
    raw = _read_csv(path)
    values = _checked(raw, LAYERS["routes"], path)
    where = dict(zip(places["place_id"], places.geometry))
    lines = []
    for i, waypoints in enumerate(raw["waypoints"]):
        ids = [w.strip() for w in waypoints.split(";") if w.strip()]
        unknown = [w for w in ids if w not in where]
        if unknown or len(ids) < 2:
            reason = f"unknown place_id {unknown[0]!r} (see places.csv)" if unknown else "needs at least two places"
            raise LayerError(reason, path=path, layer="routes", row=f"line {i + 2}", column="waypoints")
        lines.append(shapely.LineString([where[w] for w in ids]))
    return gpd.GeoDataFrame(values, geometry=lines, crs="EPSG:4326")


def read_table(name: str) -> pd.DataFrame:
    path = SOURCES_DIR / f"{name}.csv"
    return _checked(_read_csv(path), LAYERS[name], path)


def read_mmp_export(countries: gpd.GeoDataFrame):
    """The `incidents` layer and its `sources` row from the bundled MMP export, read as `importers.importer mmp` reads it.

    Returns the importer's `Prepared` (its report lists every row set aside or
    rejected, with the reason). `today` is the export's data date, so the
    build gives the same file every time.
    """
    from importers import geo, mmp
    from importers.common import sha256_of

    if sha256_of(MMP_EXPORT) != MMP_SHA256:
        raise LayerError(f"checksum differs from the publisher's download ({MMP_SHA256[:16]}…): restore the file unchanged", path=MMP_EXPORT, layer="incidents")
    return mmp.prepare(MMP_EXPORT, None, today=MMP_DATA_DATE, countries=geo.Countries.from_frame(countries))


IDMC_WORKBOOK = SOURCES_DIR / "idmc-gidd-disasters-2025-11-03.xlsx"


def read_disaster_events(countries: gpd.GeoDataFrame) -> tuple[pd.DataFrame, dict]:
    """`disaster_events` and its `sources` row from IDMC's workbook, through the importer's own code.

    Any rejected row of the Americas stops the build, naming it: the bundled
    layer holds every one.
    """
    from importers import geo, idmc

    prepared = idmc.read_events(IDMC_WORKBOOK, geo.Countries.from_frame(countries))
    invalid = prepared.report.problems()
    if invalid:
        first = invalid[0]
        raise LayerError(f"{first.reason}{'' if first.value is None else f': {first.value!r}'}", path=IDMC_WORKBOOK, layer="disaster_events", column=first.column, row=f"row {first.row}")
    return prepared.frame, prepared.source


def build_layers() -> dict[str, pd.DataFrame]:
    """Every layer, checked, in memory: what the GeoPackage will hold."""
    layers: dict[str, pd.DataFrame] = {"sources": read_sources_table()}
    layers["countries"] = read_geojson("countries")
    layers["places"] = read_point_csv("places")
    layers["routes"] = read_routes(layers["places"])
    layers["shelters"] = read_point_csv("shelters")
    incidents = read_mmp_export(layers["countries"])
    print(incidents.report.to_text(limit=0).splitlines()[1], file=sys.stderr)
    layers["incidents"] = incidents.frame
    layers["sources"] = pd.concat([layers["sources"], _checked(pd.DataFrame([incidents.source]), LAYERS["sources"], MMP_EXPORT, first_line=0)], ignore_index=True)
    layers["displacement_zones"] = read_geojson("displacement_zones")
    layers["disaster_events"], idmc_source = read_disaster_events(layers["countries"])
    layers["sources"] = pd.concat([layers["sources"], _checked(pd.DataFrame([idmc_source]), LAYERS["sources"], IDMC_WORKBOOK, first_line=0)], ignore_index=True)
    layers["darien_crossings"] = read_table("darien_crossings")
    layers["reported_totals"] = read_table("reported_totals")
    known = set(layers["sources"]["source_id"])
    for name, frame in layers.items():
        for column in ("source_id", "figure_source_id"):
            if column in frame.columns:
                cited = set(frame[column].dropna()) - known
                if cited:
                    raise LayerError(f"cites unknown source {sorted(cited)[0]!r}; add it to a sources_*.csv", path=SOURCES_DIR, layer=name, column=column)
    return layers


def _for_file(frame: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """Plain numpy/object columns in schema order, as pyogrio writes them."""
    out = pd.DataFrame(index=frame.index)
    for col in layer.all_columns:
        series = frame[col.name]
        if col.dtype == "bool":
            out[col.name] = series.astype(bool)
        elif col.dtype in ("int", "year") and not col.nullable:
            out[col.name] = series.astype("int64")
        elif col.dtype in ("int", "year"):
            out[col.name] = series.astype("Int64")
        else:
            out[col.name] = series.astype(object).where(series.notna(), None)
    if layer.geometry:
        return gpd.GeoDataFrame(out, geometry=frame.geometry.values, crs="EPSG:4326")
    return out


def write_gpkg(layers: dict[str, pd.DataFrame], out: Path) -> None:
    """Write every layer to a temporary GeoPackage beside `out`, then rename it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".gpkg", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        for name in LAYER_ORDER:
            layer = LAYERS[name]
            frame = _for_file(layers[name], layer)
            kwargs = {"geometry_type": layer.geometry} if layer.geometry else {}
            pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG", append=tmp.exists(), **kwargs)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        layers = build_layers()
    except LayerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    write_gpkg(layers, args.out)
    counts = ", ".join(f"{name} {len(layers[name])}" for name in LAYER_ORDER)
    print(f"{args.out}: {args.out.stat().st_size / 1024:.0f} KiB ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
