"""Read a CSV or XLSX spreadsheet into a header and numbered rows, safely.

CSV: strict UTF-8 (or UTF-16 with a byte-order mark), delimiter sniffed
among comma, semicolon and tab. JSON: a list of flat records (as MMP's data
feed sends them), the keys as the header, numbered by record from 1. XLSX: the first sheet with data, read with
openpyxl in read-only mode after the archive passed the zip checks. Rows keep
the number a person sees: the CSV line where the record starts, or the
spreadsheet row. Blank lines are not records and are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from i18n import _
from importers import safety
from importers.errors import ImportFileError

HEADER_SEARCH_ROWS = 10
csv.field_size_limit(10 * safety.MiB)


@dataclass
class Row:
    number: int  # line (CSV) or row (XLSX) as a person would find it
    cells: dict[str, object]  # header -> raw value ("" when empty)
    extra: list[object] = field(default_factory=list)  # non-empty cells beyond the header

    def raw(self) -> dict[str, object]:
        out = {k: _plain(v) for k, v in self.cells.items() if v not in ("", None)}
        if self.extra:
            out["(extra cells)"] = [_plain(v) for v in self.extra]
        return out


def _plain(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    unit: str  # "line", "row" or "record"
    file_format: str  # "csv", "xlsx" or "json"
    sheet: str | None = None
    hxl_row: int | None = None  # number of the HXL hashtag row skipped under the header, if any


def read_raw(path: Path) -> tuple[list[tuple[int, list]], str, str | None]:
    """(number, cells) for every non-blank record, the format (csv/xlsx) and the sheet name."""
    kind = safety.sniff(path)
    if kind == "xlsx":
        safety.check_zip(path)
        rows, sheet = _xlsx_rows(path)
        return rows, "xlsx", sheet
    if kind == "xls":
        raise ImportFileError("unknown_format", _("this is an old Excel .xls workbook: save it as .xlsx or CSV (UTF-8) and import that"), path=path)
    if kind != "text":
        raise ImportFileError(
            "unknown_format",
            _("unknown format ({kind}): expected a CSV (UTF-8), an XLSX workbook or JSON holding a list of records").format(kind=kind),
            path=path,
        )
    text = safety.decode_text(path.read_bytes(), path)
    if text.lstrip().startswith(("[", "{")):
        return _json_rows(text, path), "json", None
    return _csv_rows(text, path), "csv", None


def _json_rows(text: str, path: Path) -> list[tuple[int, list]]:
    """The header (every key, in first-seen order) as row 0, then one row per record numbered from 1."""
    accepted = _("accepted: a CSV (UTF-8), an XLSX workbook, or JSON holding a list of records such as the Missing Migrants Project's data feed")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ImportFileError("unreadable", _("this looks like JSON but cannot be read (line {line}: {err}); {accepted}").format(line=err.lineno, err=err.msg, accepted=accepted), path=path) from None
    if isinstance(data, dict):
        what = _("GeoJSON (a {type}): import it with the ogr kind").format(type=data["type"]) if data.get("type") in ("FeatureCollection", "Feature") else _("a JSON object, not a list of records")
        raise ImportFileError("unknown_format", _("this file is {what}; {accepted}").format(what=what, accepted=accepted), path=path)
    if not isinstance(data, list) or not data:
        raise ImportFileError("empty", _("this JSON holds no records; {accepted}").format(accepted=accepted), path=path)
    odd = next((i for i, item in enumerate(data, start=1) if not isinstance(item, dict)), None)
    if odd is not None:
        raise ImportFileError(
            "unknown_format",
            _("this file is a JSON list whose record {n} is not an object ({value}); {accepted}").format(n=odd, value=type(data[odd - 1]).__name__, accepted=accepted),
            path=path,
        )
    header = list(dict.fromkeys(key for item in data for key in item))
    rows: list[tuple[int, list]] = [(0, header)]
    for number, item in enumerate(data, start=1):
        cells = [_json_cell(item.get(key)) for key in header]
        if any(c != "" for c in cells):
            rows.append((number, cells))
    return rows


def _json_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv_rows(text: str, path: Path) -> list[tuple[int, list]]:
    if not text.strip():
        raise ImportFileError("empty", _("the file holds no data (only blank lines)"), path=path)
    sample = text[:16384]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    rows: list[tuple[int, list]] = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as err:
        raise ImportFileError("unreadable", _("the CSV cannot be read near line {line}: {err}").format(line=reader.line_num, err=err), path=path) from None
    return rows


def _xlsx_rows(path: Path) -> tuple[list[tuple[int, list]], str]:
    import openpyxl  # imported here: only XLSX imports need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError("unreadable", _("the workbook cannot be read ({err})").format(err=err), path=path) from None
    try:
        for sheet in book.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else (v.strip() if isinstance(v, str) else v) for v in values]
                if any(c != "" for c in cells):
                    rows.append((number, cells))
            if rows:
                return rows, sheet.title
    finally:
        book.close()
    raise ImportFileError("empty", _("the workbook has no cells with data"), path=path)


def read_table(path: Path, is_header: Callable[[list[str]], bool] | None = None) -> Table:
    """The table in `path`, its header found among the first rows by `is_header` (default: the first row)."""
    raw, file_format, sheet = read_raw(path)
    if not raw:
        raise ImportFileError("empty", _("the file holds no data"), path=path)
    index = 0
    if is_header is not None:
        for i, (_number, cells) in enumerate(raw[:HEADER_SEARCH_ROWS]):
            if is_header([str(c) for c in cells]):
                index = i
                break
    header_cells = [str(c).strip().lstrip("\ufeff") for c in raw[index][1]]
    while header_cells and header_cells[-1] == "":
        header_cells.pop()
    header = []
    for i, name in enumerate(header_cells):
        name = name or f"(column {i + 1})"
        header.append(name if name not in header else f"{name} ({i + 1})")
    data = raw[index + 1 :]
    hxl_row = None
    if data and all(str(c).strip().startswith("#") for c in data[0][1] if str(c).strip()):
        hxl_row = data[0][0]  # an HXL hashtag row under the header (as in HDX downloads): not data
        data = data[1:]
    if not data:
        raise ImportFileError("header_only", _("the file has a header but no data rows"), path=path)
    rows = []
    for number, cells in data:
        padded = list(cells) + [""] * (len(header) - len(cells))
        extra = [c for c in padded[len(header) :] if c != ""]
        rows.append(Row(number, dict(zip(header, padded[: len(header)])), extra))
    unit = {"csv": "line", "json": "record"}.get(file_format, "row")
    return Table(header, rows, unit, file_format, sheet, hxl_row)
