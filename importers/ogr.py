"""Any GIS file GDAL reads (GeoJSON, Shapefile in a zip, KML/KMZ, GeoPackage, GML, FlatGeobuf) into a chosen layer.

Read with pyogrio; reprojected to EPSG:4326; invalid geometries repaired with
shapely's `make_valid` and reported; geometry types brought to the layer's
(Polygon to MultiPolygon, a one-part MultiPoint to Point, MultiLineString
merged to LineString) or the feature rejected. Attributes are matched to the
layer's columns by name (case and spacing do not matter). What the file does
not carry is derived where it can be: the country from the location, the
countries a line or area crosses, a key from the file's checksum and the
feature number, and the provenance (the new `sources` row, the precision
given, is_demo false). Zips are checked for unsafe paths and bombs first.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely

from i18n import _
from importers import geo, safety
from importers.common import CRS, Candidate, Prepared, finalise, new_report, source_row
from importers.errors import ImportFileError
from importers.parsing import fold, is_blank
from loaders.schema import LAYERS, PRECISIONS, Layer

KIND = "ogr"
DATASET_SUFFIXES = (".shp", ".geojson", ".json", ".kml", ".kmz", ".gpkg", ".gml", ".fgb")
SPATIAL_LAYERS = tuple(name for name, layer in LAYERS.items() if layer.geometry)
ALIASES = {"description": "notes"}
AMERICAS = shapely.box(geo.AMERICAS_LON[0], geo.AMERICAS_LAT[0], geo.AMERICAS_LON[1], geo.AMERICAS_LAT[1])


def _target(options, path: Path) -> Layer:
    name = options.layer if options else None
    if name not in SPATIAL_LAYERS:
        raise ImportFileError(
            "unknown_layer",
            _("choose the layer to import into with --layer: one of {layers}").format(layers=", ".join(SPATIAL_LAYERS))
            if name is None
            else _("'{name}' is not a map layer of Corredor; choose one of {layers}").format(name=name, layers=", ".join(SPATIAL_LAYERS)),
            path=path,
        )
    return LAYERS[name]


def _dataset(path: Path, folder: Path) -> Path:
    """The file GDAL should open: the upload itself, or the one dataset inside a checked zip."""
    kind = safety.sniff(path)
    if kind == "zip":
        files = safety.extract_zip(path, folder)
        found = [f for f in files if f.suffix.lower() in DATASET_SUFFIXES and not f.name.startswith(".") and "__MACOSX" not in f.parts]
        if not found:
            raise ImportFileError("unknown_format", _("the zip holds no GIS file GDAL can read (looked for {suffixes})").format(suffixes=", ".join(DATASET_SUFFIXES)), path=path)
        shapefiles = [f for f in found if f.suffix.lower() == ".shp"]
        if len(found) > 1 and len(shapefiles) != 1:
            names = ", ".join(str(f.relative_to(folder)) for f in found)
            raise ImportFileError("unknown_format", _("the zip holds several GIS files ({names}); zip one at a time").format(names=names), path=path)
        return shapefiles[0] if shapefiles else found[0]
    if kind == "sqlite":
        return path
    if kind == "text":
        safety.decode_text(path.read_bytes(), path)
        return path
    raise ImportFileError("unknown_format", _("unknown format ({kind}): expected GeoJSON, a zipped Shapefile, KML or a GeoPackage").format(kind=kind), path=path)


def _choose_layer(dataset: Path, wanted: str | None, target: str, path: Path) -> str | None:
    try:
        layers = [str(name) for name, _geom in pyogrio.list_layers(dataset)]
    except Exception as err:  # pyogrio's DataSourceError and friends
        raise ImportFileError("unknown_format", _("GDAL cannot read this file as GIS data ({err})").format(err=err), path=path) from None
    if wanted:
        if wanted not in layers:
            raise ImportFileError("unknown_layer", _("the file has no layer {name!r}; it has {layers}").format(name=wanted, layers=", ".join(layers)), path=path)
        return wanted
    if len(layers) <= 1:
        return layers[0] if layers else None
    if target in layers:
        return target
    raise ImportFileError("unknown_layer", _("the file has several layers ({layers}): choose one with --source-layer").format(layers=", ".join(layers)), path=path)


def to_type(geom, target: str):
    """`geom` as the layer's geometry type, or ValueError."""
    geom = shapely.force_2d(geom)
    kind = geom.geom_type
    if target == "Point":
        if kind == "MultiPoint" and len(geom.geoms) == 1:
            return geom.geoms[0]
        if kind == "Point":
            return geom
    elif target == "LineString":
        if kind == "MultiLineString":
            geom = shapely.line_merge(geom)
            kind = geom.geom_type
        if kind == "LineString":
            return geom
    elif target == "MultiPolygon":
        if kind == "GeometryCollection":
            parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(parts) if parts else geom
            kind = geom.geom_type
        if kind == "Polygon":
            return shapely.MultiPolygon([geom])
        if kind == "MultiPolygon":
            return geom
    raise ValueError(_("expected a {target}, found a {kind}").format(target=target, kind=kind))


def prepare(path: Path, gpkg: Path, options=None, *, display_name: str | None = None, today: dt.date | None = None) -> Prepared:
    today = today or dt.date.today()
    layer = _target(options, path)
    precision = (options.precision if options else None) or "approximate"
    if precision not in PRECISIONS:
        raise ImportFileError("unknown_layer", _("precision must be one of {values}").format(values=", ".join(PRECISIONS)), path=path)
    report = new_report(KIND, path, layer.name, display_name=display_name)
    report.unit = "feature"
    with tempfile.TemporaryDirectory(prefix="corredor-ogr-") as folder:
        dataset = _dataset(path, Path(folder))
        source_layer = _choose_layer(dataset, options.source_layer if options else None, layer.name, path)
        try:
            frame = pyogrio.read_dataframe(dataset, layer=source_layer)
            info = pyogrio.read_info(dataset, layer=source_layer)
        except Exception as err:
            raise ImportFileError("unreadable", _("GDAL could not read the features ({err})").format(err=err), path=path) from None
    report.file_format = str(info.get("driver") or "")
    if len(frame) == 0:
        raise ImportFileError("header_only", _("the file has no features"), path=path)
    if "geometry" not in frame or frame.crs is None:
        raise ImportFileError(
            "no_crs",
            _("the file does not say which coordinate system it uses (for a Shapefile: the .prj file is missing); add it and import again"),
            path=path,
        )
    if frame.crs.to_epsg() != 4326:
        report.notes.append(_("reprojected from {crs} to EPSG:4326").format(crs=frame.crs.to_string()))
        frame = frame.to_crs(CRS)
    columns = _match_columns(list(frame.columns.drop("geometry")), layer)
    countries = geo.Countries.from_gpkg(gpkg)
    key_generated = layer.key not in columns
    derivable = {layer.key, "source_id", "precision", "is_demo", "country_iso3", "countries"}
    missing = [c.name for c in layer.all_columns if not c.nullable and c.name not in columns and c.name not in derivable]
    if missing:
        raise ImportFileError(
            "missing_columns",
            _("layer '{layer}' needs the columns {missing}, which the file lacks; the file has {found}").format(
                layer=layer.name, missing=", ".join(missing), found=", ".join(str(c) for c in frame.columns if c != "geometry") or _("no attributes")
            ),
            path=path,
        )
    if key_generated:
        report.notes.append(_("no {key} column: keys made from the file's checksum and the feature number").format(key=layer.key))
    unused = [c for c in frame.columns if c != "geometry" and c not in columns.values()]
    if unused:
        report.notes.append(_("attributes not used: {names}").format(names=", ".join(map(str, unused))))
    source = source_row(
        layer.name.replace("_", "-"),
        report,
        name=(options.source_name if options else None) or _("{layer} from {file}").format(layer=layer.name, file=report.file_name),
        publisher=(options.publisher if options else None) or _("not stated (imported GIS file)"),
        url=options.source_url if options else None,
        notes=_("GIS file imported on {date} (SHA-256 {sha}).").format(date=today.isoformat(), sha=report.sha256[:16]),
        today=today,
    )
    candidates: list[Candidate] = []
    points: list[tuple[Candidate, float, float, str | None]] = []
    records = frame.drop(columns="geometry").to_dict("records")
    for n, (record, geom) in enumerate(zip(records, frame.geometry), start=1):
        report.read(n)
        raw = {str(k): _plain(v) for k, v in record.items() if not _missing(v)}
        c = Candidate(n, raw)
        if geom is None or geom.is_empty:
            c.problem("geometry", None, _("no geometry"))
            candidates.append(c)
            continue
        if not shapely.is_valid(geom):
            c.warn("geometry", shapely.is_valid_reason(geom), _("invalid geometry repaired with make_valid"))
            geom = shapely.make_valid(geom)
        try:
            geom = to_type(geom, layer.geometry)
        except ValueError as err:
            c.problem("geometry", geom.geom_type, str(err))
            candidates.append(c)
            continue
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            c.problem("geometry", f"{minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f}", _("coordinates out of range"))
            candidates.append(c)
            continue
        if not geom.intersects(AMERICAS):
            report.set_aside(n, "geometry", geom.geom_type, _("outside the Americas: set aside"))
            continue
        c.geometry = geom
        v = c.values
        for col in layer.all_columns:
            name = columns.get(col.name)
            v[col.name] = None if name is None or _missing(record[name]) else _plain(record[name])
        if key_generated:
            v[layer.key] = f"imp-{report.sha256[:8]}-{n}"
        v["source_id"] = v.get("source_id") or source["source_id"]
        v["precision"] = v.get("precision") or precision
        if v.get("is_demo") is None:
            v["is_demo"] = False
        if "country_iso3" in layer.column_names:
            declared = v.get("country_iso3")
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            code = countries.code_for(declared) if declared else None
            if declared and code is None:
                c.warn("country_iso3", declared, _("country not recognised: taken from the location"))
            points.append((c, point.y, point.x, code))
        if "countries" in layer.column_names and not v.get("countries"):
            hits = countries.tree.query(geom, predicate="intersects")
            codes = sorted({countries.iso3[i] for i in hits})
            if codes:
                v["countries"] = ";".join(codes)
                c.warn("countries", v["countries"], _("countries taken from the features' location"))
            else:
                c.problem("countries", None, _("the feature touches none of Corredor's countries"))
        candidates.append(c)
    placements = geo.place(countries, [p[1] for p in points], [p[2] for p in points], [p[3] for p in points])
    for (c, _lat, _lon, _code), placed in zip(points, placements):
        if placed.problem or placed.out_of_region or placed.iso3 is None:
            c.problem("country_iso3", None, placed.problem or _("no country of the Americas at this location"))
            continue
        if placed.swapped:
            c.problem("geometry", None, _("the point lies in its country only with latitude and longitude swapped; fix the file"))
            continue
        for _col, reason, detail in placed.warnings:
            c.warn("geometry", detail, reason)
        c.values["country_iso3"] = placed.iso3
    result = finalise(report, layer, candidates)
    if not report.balanced:  # pragma: no cover
        raise AssertionError(f"row accounting broken: {report.figures()}")
    return Prepared(layer, result, report, source, replace_demo=False)


def _match_columns(names: list[str], layer: Layer) -> dict[str, str]:
    """Layer column -> file attribute, matched by folded name (and a few aliases)."""
    wanted = {col.name: col.name for col in layer.all_columns}
    out: dict[str, str] = {}
    for name in names:
        key = fold(str(name)).replace(" ", "_")
        key = ALIASES.get(key, key)
        if key not in wanted and len(key) == 10:  # a Shapefile's 10-character field name
            longer = [c for c in wanted if c.startswith(key)]
            key = longer[0] if len(longer) == 1 else key
        if key in wanted and key not in out:
            out[key] = name
    return out


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dt.datetime):  # pandas Timestamps too
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, str) and is_blank(value):
        return None
    return value
