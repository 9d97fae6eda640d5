"""Build the download files: CSV, GeoJSON and GeoPackage, each zipped with a README.txt.

Pure functions from a checked (and filtered) layer to bytes, so the page only
caches and serves them. Every CSV passes through `safe_csv_frame`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from analysis import catalogue
from i18n import _, format_number, ngettext
from loaders.schema import LAYERS, Layer
from registry import layers as map_layers

FORMATS = {
    "csv": {"label": "CSV", "extension": "csv"},
    "geojson": {"label": "GeoJSON", "extension": "geojson"},
    "gpkg": {"label": "GeoPackage", "extension": "gpkg"},
}
MAX_COUNTRIES_IN_NAME = 8
MAX_SOURCES_IN_CITATION = 6

# --- CSV safety -------------------------------------------------------------

# OWASP "CSV injection": a cell a spreadsheet would read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number (-77.5, -3, -1.2e-5) is data, not a formula.
PLAIN_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def neutralise_cell(value):
    """`value` with a leading ' if a spreadsheet would run it as a formula; anything else unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell neutralised (numbers, booleans and empty cells untouched)."""
    out = pd.DataFrame(frame).copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.astype(object).map(neutralise_cell, na_action="ignore")
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """The one way the app writes a CSV: neutralised cells, no index, CRLF line ends (RFC 4180)."""
    return safe_csv_frame(frame).to_csv(index=False, lineterminator="\r\n")


# --- the three formats ------------------------------------------------------


def _ordered(frame: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """The layer's columns in schema order (and the geometry, for a spatial layer)."""
    columns = [c for c in layer.column_names if c in frame.columns]
    if layer.geometry is not None:
        return gpd.GeoDataFrame(frame[columns], geometry=gpd.GeoSeries(frame.geometry.values, index=frame.index, crs="EPSG:4326"))
    return pd.DataFrame(frame[columns])


def csv_bytes(frame: pd.DataFrame, layer: Layer) -> bytes:
    """CSV in UTF-8 (with a byte-order mark, so spreadsheets read accents right).

    Points get `longitude` and `latitude` columns; lines and areas a `geometry_wkt` column.
    """
    ordered = _ordered(frame, layer)
    table = pd.DataFrame(ordered.drop(columns="geometry")) if layer.geometry is not None else ordered
    if layer.geometry == "Point":
        geoms = ordered.geometry.values
        table["longitude"] = shapely.get_x(geoms) if len(ordered) else pd.Series(dtype=float)
        table["latitude"] = shapely.get_y(geoms) if len(ordered) else pd.Series(dtype=float)
    elif layer.geometry is not None:
        table["geometry_wkt"] = shapely.to_wkt(ordered.geometry.values, rounding_precision=6) if len(ordered) else pd.Series(dtype=object)
    return csv_text(table).encode("utf-8-sig")


def _write_with_pyogrio(frame: gpd.GeoDataFrame, layer: Layer, suffix: str, driver: str, **options) -> bytes:
    """Write to a file in a private temporary folder, then read its bytes back (no half-written file is ever served)."""
    with tempfile.TemporaryDirectory(prefix="corredor-export-") as folder:
        path = Path(folder) / f"{layer.name}{suffix}"
        pyogrio.write_dataframe(frame, path, layer=layer.name, driver=driver, geometry_type=layer.geometry, **options)
        return path.read_bytes()


def geojson_bytes(frame: gpd.GeoDataFrame, layer: Layer) -> bytes:
    """RFC 7946 GeoJSON (longitude/latitude, WGS 84)."""
    if layer.geometry is None:
        raise ValueError(f"{layer.name} is a table without geometry: export it as CSV")
    return _write_with_pyogrio(_ordered(frame, layer), layer, ".geojson", "GeoJSON", layer_options={"RFC7946": "YES"})


def gpkg_bytes(frame: gpd.GeoDataFrame, layer: Layer) -> bytes:
    """A GeoPackage with one layer, named and typed as in Corredor's own GeoPackage."""
    if layer.geometry is None:
        raise ValueError(f"{layer.name} is a table without geometry: export it as CSV")
    return _write_with_pyogrio(_ordered(frame, layer), layer, ".gpkg", "GPKG")


def formats_for(name: str) -> tuple[str, ...]:
    """The download formats of layer `name`: tables have no geometry, so CSV only."""
    return tuple(FORMATS) if LAYERS[name].geometry is not None else ("csv",)


def public_rows(name: str, frame: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows as the public may have them (`registry.layers.public_form`): sensitive shelters at town level only (as on every map)."""
    if not map_layers.has_public_form(name):
        return frame
    if places is None:
        raise ValueError(f"{name} are exported only with `places`, to move sensitive ones to their town")
    return map_layers.public_form(name, frame, {"places": places}.__getitem__)


# --- names, citation and README ---------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The shared filters a download was made with: ISO3 codes (empty: all) and a year range (None: all)."""

    countries: tuple[str, ...] = ()
    years: tuple[int, int] | None = None


def _years(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def filters_text(name: str, selection: Selection) -> str:
    """The filters that shaped a download of layer `name`, including those that could not apply."""
    applies = catalogue.applicable_filters(name)
    parts = []
    if not selection.countries:
        parts.append(_("all countries"))
    elif applies.countries:
        parts.append(_("countries {codes}").format(codes=", ".join(selection.countries)))
    else:
        parts.append(_("countries not applied (this table has no country column)"))
    if selection.years is None:
        parts.append(_("all years"))
    elif applies.years:
        parts.append(_("years {years}").format(years=_years(selection.years)))
    else:
        parts.append(_("years not applied (this layer has no dates to filter by)"))
    text = "; ".join(parts)
    if name == "sources":
        return _("sources cited by the features selected by {filters}").format(filters=text)
    return text


def file_stem(name: str, selection: Selection) -> str:
    """e.g. corredor-shelters-COL-PAN; only the filters that apply to the layer are named."""
    applies = catalogue.applicable_filters(name)
    parts = ["corredor", name.replace("_", "-")]
    if applies.countries and selection.countries:
        codes = list(selection.countries)
        parts += codes if len(codes) <= MAX_COUNTRIES_IN_NAME else [f"{len(codes)}-countries"]
    if applies.years and selection.years is not None:
        first, last = selection.years
        parts += [str(first)] if first == last else [str(first), str(last)]
    return "-".join(parts)


def file_name(name: str, fmt: str, selection: Selection) -> str:
    """The zip's name, e.g. corredor-routes-COL-PAN-2019-2024-csv.zip."""
    return f"{file_stem(name, selection)}-{fmt}.zip"


def data_file_name(name: str, fmt: str, selection: Selection) -> str:
    return f"{file_stem(name, selection)}.{FORMATS[fmt]['extension']}"


def citation(name: str, selection: Selection, built: dt.datetime, cited: pd.DataFrame, data_date: str | None = None) -> str:
    """Corredor (2026). shelters layer, filtered: countries COL, PAN. Data date: 2026-11-23. Sources: …"""
    names = [str(n) for n in cited["name"]]
    shown = "; ".join(names[:MAX_SOURCES_IN_CITATION])
    if len(names) > MAX_SOURCES_IN_CITATION:
        shown += "; " + _("and {n} more (listed below)").format(n=format_number(len(names) - MAX_SOURCES_IN_CITATION))
    return _("Corredor ({year}). {layer} layer, filtered: {filters}. Data date: {date}. Sources: {sources}.").format(
        year=built.year,
        layer=name,
        filters=filters_text(name, selection),
        date=data_date or built.date().isoformat(),
        sources=shown or _("none cited"),
    )


def _source_line(row) -> str:
    def value(field):
        v = row.get(field)
        return None if v is None or pd.isna(v) or not str(v).strip() else str(v)

    parts = [value("name") or str(row["source_id"])]
    if value("publisher"):
        parts.append(value("publisher"))
    if value("url"):
        parts.append(value("url"))
    parts.append(_("Licence: {licence}").format(licence=value("licence") or _("not stated")))
    if value("published"):
        parts.append(_("Published: {date}").format(date=value("published")))
    if value("accessed"):
        parts.append(_("Accessed: {date}").format(date=value("accessed")))
    if "rows" in row and pd.notna(row["rows"]):
        n = int(row["rows"])
        parts.append(ngettext("Cited by {n} row", "Cited by {n} rows", n).format(n=format_number(n)))
    return "- " + ". ".join(parts)


def export_data_date(name: str, cited: pd.DataFrame) -> str | None:
    """For records from a dated export (MMP), the export's own data date (its newest record); else None."""
    if name != "incidents" or not len(cited):
        return None
    exports = cited[cited["source_id"].astype(str).str.startswith("mmp-") & cited["published"].notna()]
    return str(max(exports["published"]))[:10] if len(exports) else None


def data_date_line(name: str, cited: pd.DataFrame, built: dt.datetime) -> str:
    """The one data date of layer `name` (as the README and the data page give it)."""
    date = export_data_date(name, cited)
    if date:
        return _("Data date: {date} (the newest record of the Missing Migrants Project export).").format(date=date)
    return _("Data date: {date} (the date this copy of Corredor's GeoPackage was built).").format(date=built.date().isoformat())


def readme_text(
    name: str,
    frame: pd.DataFrame,
    fmt: str,
    *,
    sources: pd.DataFrame,
    selection: Selection,
    built: dt.datetime,
    total: int | None = None,
) -> str:
    """The README.txt beside the data: citation, data date, contents, warnings, licences and every source."""
    layer = LAYERS[name]
    cited = catalogue.cited_sources(frame, sources)
    if name == "sources":
        cited = cited.drop(columns="rows")  # each row of the sources table "cites" only itself
    data_file = data_file_name(name, fmt, selection)
    rows = len(frame)
    lines = [
        _("Corredor: the {layer} layer").format(layer=name),
        "",
        _("HOW TO CITE"),
        citation(name, selection, built, cited, export_data_date(name, cited)),
        "",
        _("CONTENTS"),
        (
            _("{file}: {rows} rows of the {total} in the layer ({format}).")
            if total is not None
            else _("{file}: {rows} rows ({format}).")
        ).format(file=data_file, rows=format_number(rows), total=format_number(total or 0), format=FORMATS[fmt]["label"]),
        _("What it holds: {description}").format(description=layer.description),
        _("Filters: {filters}.").format(filters=filters_text(name, selection)),
        data_date_line(name, cited, built),
        _("Newest publication or access date among its sources: {date}.").format(
            date=catalogue.newest_source_date(cited) or _("none stated")
        ),
        _("Columns: described in docs/schema.md of Corredor (layer {layer}).").format(layer=name),
    ]
    if layer.geometry is not None:
        lines.append(_("Coordinates: longitude and latitude in EPSG:4326 (WGS 84)."))
    if fmt == "csv":
        if layer.geometry == "Point":
            lines.append(_("In the CSV the location is in the columns longitude and latitude."))
        elif layer.geometry is not None:
            lines.append(_("In the CSV the geometry is in the column geometry_wkt (WKT)."))
        lines.append(
            _(
                "CSV: UTF-8, comma-separated. Text cells that began with =, +, -, @, a tab or a carriage return "
                "start with an apostrophe (') so that spreadsheets do not run them as formulas."
            )
        )
    if name == "incidents" and rows:
        from importers.mmp import attribution

        shown = attribution() + "."
        if total is not None and rows != total:
            shown += " " + _("The data were filtered: {filters}.").format(filters=filters_text(name, selection))
        lines += ["", _("ATTRIBUTION"), shown]
    demo = catalogue.illustrative_rows(frame)
    if demo:
        share = demo / rows
        lines += [
            "",
            _("WARNING: ILLUSTRATIVE DATA"),
            _(
                "{demo} of the {rows} rows ({share}) are illustrative (is_demo = true): invented examples, "
                "not real records. Do not cite or count them as data."
            ).format(demo=format_number(demo), rows=format_number(rows), share=f"{share:.0%}"),
        ]
    if name == "shelters":
        lines += [
            "",
            _("SENSITIVE LOCATIONS"),
            _("Shelters marked sensitive are given at town level only, as on every Corredor map."),
        ]
    if "precision" in frame.columns:
        lines += [
            "",
            _("LOCATION PRECISION"),
            _(
                "Each row's precision column says how exactly its location is known: exact, street, town, "
                "approximate, schematic (drawn to show a connection, not traced) or country (known only to the country)."
            ),
        ]
    lines += idmc_terms(name, cited)
    lines += ["", _("LICENCES")]
    groups = catalogue.licence_groups(cited)
    for licence, names in groups.items():
        if licence is None:
            lines.append(
                ngettext(
                    "- Not stated by the publisher ({n} source): check its terms before reusing its data.",
                    "- Not stated by the publisher ({n} sources): check each source's terms before reusing its data.",
                    len(names),
                ).format(n=format_number(len(names)))
            )
        else:
            lines.append(_("- {licence}: {names}").format(licence=licence, names="; ".join(names)))
    if not groups:
        lines.append(_("- No source is cited by these rows."))
    lines += ["", _("SOURCES ({n})").format(n=format_number(len(cited)))]
    lines += [_source_line(row) for row in cited.to_dict("records")]
    return "\r\n".join(lines) + "\r\n"


def idmc_terms(name: str, cited: pd.DataFrame) -> list[str]:
    """README lines for IDMC's rows: the attribution its licence asks for, its definition, and non-commercial use only."""
    idmc = cited[cited["licence"].fillna("").str.contains(r"\bBY-NC\b") & cited["publisher"].fillna("").str.contains("IDMC")]
    if idmc.empty and name != "disaster_events":
        return []
    from importers.idmc import ATTRIBUTION

    accessed = ", ".join(sorted({str(d) for d in idmc["accessed"].dropna()})) or _("not recorded")
    return [
        "",
        _("IDMC DATA: NON-COMMERCIAL USE ONLY"),
        _("Attribution: {attribution}, accessed {date}.").format(attribution=ATTRIBUTION, date=accessed),
        _(
            "Licence CC BY-NC 4.0: the data may be shared and adapted for non-commercial purposes only, with this attribution. "
            "Internal displacements count movements, not people: one person displaced twice in a year counts twice. "
            "Figures are IDMC's by country and year; their location precision is the country."
        ),
    ]


def data_bytes(name: str, frame: pd.DataFrame, fmt: str) -> bytes:
    layer = LAYERS[name]
    if fmt not in formats_for(name):
        raise ValueError(f"{name} cannot be exported as {fmt}; it offers {', '.join(formats_for(name))}")
    if fmt == "csv":
        return csv_bytes(frame, layer)
    if fmt == "geojson":
        return geojson_bytes(frame, layer)
    return gpkg_bytes(frame, layer)


def export_zip(
    name: str,
    frame: pd.DataFrame,
    fmt: str,
    *,
    sources: pd.DataFrame,
    selection: Selection,
    built: dt.datetime,
    total: int | None = None,
    places: pd.DataFrame | None = None,
) -> bytes:
    """A zip with the data file and README.txt, for layer `name` already filtered to `selection`.

    `sources` is the sources table indexed by source_id; `built` the GeoPackage's
    modification time (the data date); `places` is needed for shelters.
    """
    rows = public_rows(name, frame, places)
    payload = data_bytes(name, rows, fmt)
    readme = readme_text(name, rows, fmt, sources=sources, selection=selection, built=built, total=total)
    stamp = built.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, content in ((data_file_name(name, fmt, selection), payload), ("README.txt", readme.encode("utf-8"))):
            info = zipfile.ZipInfo(member, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
