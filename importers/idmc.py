"""IDMC Global Internal Displacement Database (GIDD) disaster events into `disaster_events`.

One row of IDMC's table (an event in one country for one figure year) is one
row of the layer, every column kept; none is merged with another. The key is
IDMC's Event ID with the country and year where IDMC gives one; otherwise the
row itself (country, year, name, start date and its order among rows that
share them), so distinct rows that share a name and date (three "Brazil:
Flood - 01/01/2011" rows, each with its own figure) all stay. Countries
outside Corredor's `countries` layer (the Americas) are set aside. Figures are
IDMC's "internal displacements", which count movements, not people; location
precision is the country.

The bundled layer is built by `scripts/build_geodata.py` through `read_events`,
the same function an import runs, so bundled and imported rows cannot differ.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

from i18n import _
from importers import geo
from importers.common import Candidate, Prepared, clean_text, finalise, new_report, slug, source_row
from importers.errors import ImportFileError
from importers.parsing import header_key, is_blank, parse_count, parse_date
from importers.report import unit_name
from importers.tabular import read_table
from loaders.schema import DISASTER_EVENTS

KIND = "idmc"
LAYER = DISASTER_EVENTS
URL = "https://www.internal-displacement.org/database/displacement-data/"
PUBLISHER = "Internal Displacement Monitoring Centre (IDMC)"
TITLE = "Global Internal Displacement Database – Disasters"
LICENCE = "CC BY-NC 4.0"
ATTRIBUTION = "Internal Displacement Monitoring Centre (IDMC), Global Internal Displacement Database – Disasters, internal-displacement.org, CC BY-NC 4.0"

HEADERS: dict[str, tuple[str, ...]] = {
    "iso3": ("iso3", "iso", "iso3 code", "country iso3"),
    "country": ("country territory", "country", "country name"),
    "year": ("year",),
    "event_name": ("event name", "event"),
    "start": ("date of event start", "date of event", "event start date", "start date"),
    "displacements": ("disaster internal displacements", "disaster new displacements", "internal displacements"),
    "raw": ("disaster internal displacements raw", "disaster new displacements raw"),
    "hazard_category": ("hazard category",),
    "hazard_type": ("hazard type",),
    "hazard_subtype": ("hazard sub type", "hazard subtype"),
    "event_codes": ("event codes code type", "event codes", "event code"),
    "event_id": ("event id",),
    "occurred": ("displacement occurred",),
}
FIELD_BY_HEADER = {name: f for f, names in HEADERS.items() for name in names}
REQUIRED = (
    ("ISO3", ("iso3", "country")),
    ("Year", ("year",)),
    ("Event Name", ("event_name",)),
    ("Date of Event (start)", ("start",)),
    ("Hazard Category", ("hazard_category",)),
    ("Hazard Type", ("hazard_type",)),
    ("Disaster Internal Displacements", ("displacements", "raw")),
)
README_DATES = {"date extracted": "accessed", "last update": "published"}


def _is_header(cells: list[str]) -> bool:
    fields = {FIELD_BY_HEADER.get(header_key(c)) for c in cells} - {None}
    return len(fields) >= 4 and "event_name" in fields


def map_header(header: list[str], path: Path) -> dict[str, str]:
    columns: dict[str, str] = {}
    for name in header:
        field = FIELD_BY_HEADER.get(header_key(name))
        if field and field not in columns:
            columns[field] = name
    missing = [label for label, options in REQUIRED if not any(o in columns for o in options)]
    if missing:
        expected = ", ".join(label for label, _options in REQUIRED)
        raise ImportFileError(
            "unknown_header",
            _("not an IDMC GIDD disaster-events header: no column for {missing}. Expected: {expected} (and Event ID, Year, Hazard Sub Type); the file's columns: {found}").format(
                missing=", ".join(missing), expected=expected, found=", ".join(header)
            ),
            path=path,
        )
    return columns


GLIDE = re.compile(r"\b[A-Z]{2}-\d{4}-\d{6}-[A-Z]{3}\b")


def glide_numbers(codes: str | None) -> str | None:
    """The GLIDE numbers (e.g. TC-2016-000106-HTI) among IDMC's event codes, joined by ';' (None when there is none)."""
    found = GLIDE.findall(str(codes or ""))
    return ";".join(dict.fromkeys(found)) or None


def workbook_dates(path: Path) -> dict[str, dt.date]:
    """IDMC's README sheet dates: 'DATE EXTRACTED' (accessed) and 'LAST UPDATE' (published), where the file has them."""
    if path.suffix.lower() != ".xlsx":
        return {}
    import openpyxl

    found: dict[str, dt.date] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # the data sheet is read (and its errors reported) by read_table
        return {}
    try:
        sheet = next((s for s in book.worksheets if s.title.strip().lower() == "readme"), None)
        if sheet is None:
            return {}
        for values in sheet.iter_rows(max_row=40, values_only=True):
            for value in values:
                match = re.match(r"\s*(date extracted|last update)\s*:\s*(.+)", str(value or ""), re.IGNORECASE)
                if match:
                    try:
                        found[README_DATES[match.group(1).lower()]] = dt.datetime.strptime(match.group(2).strip(), "%B %d, %Y").date()
                    except ValueError:
                        pass
    finally:
        book.close()
    return found


def prepare(path: Path, gpkg: Path, *, display_name: str | None = None, today: dt.date | None = None) -> Prepared:
    """An import of a GIDD export into the GeoPackage `gpkg` (its `countries` layer says what the Americas are)."""
    return read_events(path, geo.Countries.from_gpkg(gpkg), display_name=display_name, today=today)


def read_events(path: Path, countries: geo.Countries, *, display_name: str | None = None, today: dt.date | None = None) -> Prepared:
    """Every row of a GIDD export checked into `disaster_events` rows (the Americas by `countries`), or rejected with its reason."""
    today = today or dt.date.today()
    report = new_report(KIND, path, LAYER.name, display_name=display_name)
    table = read_table(path, _is_header)
    report.file_format, report.unit = table.file_format, table.unit
    columns = map_header(table.header, path)
    if table.hxl_row:
        report.notes.append(_("HXL hashtag row ({unit} {row}) skipped: it is not data").format(unit=unit_name(table.unit), row=table.hxl_row))
    dates = workbook_dates(path)
    accessed = dates.get("accessed", today)
    source = source_row(
        "idmc",
        report,
        name=f"{PUBLISHER}, {TITLE}",
        publisher=PUBLISHER,
        url=URL,
        licence=LICENCE,
        notes=_(
            "Export {file} (SHA-256 {sha}), extracted {date}. Attribution: {attribution}. Non-commercial use only. "
            "Disaster internal displacements count movements, not people: one person displaced twice counts twice. "
            "Figures are IDMC's by country and year; no area is given for an event."
        ).format(file=report.file_name, sha=report.sha256[:16], date=accessed.isoformat(), attribution=ATTRIBUTION),
        today=accessed,
    )
    if "published" in dates:
        source["published"] = dates["published"].isoformat()

    def get(row, field):
        name = columns.get(field)
        return "" if name is None else row.cells.get(name, "")

    candidates = []
    seen: dict[str, int] = {}
    for row in table.rows:
        report.read(row.number)
        c = Candidate(row.number, row.raw())
        raw_iso, raw_country = get(row, "iso3"), get(row, "country")
        if not is_blank(raw_iso):
            code = str(raw_iso).strip().upper()
            code = code if code in countries.codes else None
        else:
            code = countries.code_for(raw_country)
        if code is None:
            if is_blank(raw_iso) and is_blank(raw_country):
                c.problem(columns.get("iso3") or columns.get("country"), None, _("a country (ISO3) is required"))
                candidates.append(c)
            else:
                report.set_aside(row.number, columns.get("iso3") or columns.get("country"), raw_iso or raw_country, _("country not among Corredor's countries of the Americas: set aside"))
            continue
        if row.extra:
            c.problem(None, row.extra, _("more cells than the header has columns"))
        v = c.values
        v["country_iso3"] = code
        v["country_name"] = clean_text(raw_country) or code
        before = len(c.problems)
        year = _count(c, columns, "year", get(row, "year"))
        if year is None and len(c.problems) == before:
            c.problem(columns["year"], None, _("a year is required"))
        v["year"] = year
        v["event_name"] = clean_text(get(row, "event_name"))
        if v["event_name"] is None:
            c.problem(columns["event_name"], None, _("an event name is required"))
        start, day = get(row, "start"), None
        if is_blank(start):
            c.problem(columns["start"], None, _("a start date is required"))
        else:
            try:
                day, note = parse_date(start, today=max(today, accessed))
                if note:
                    c.warn(columns["start"], start, _(note))
            except ValueError as err:
                c.problem(columns["start"], start, str(err))
        v["start_date"] = day.isoformat() if day else None
        figure = _count(c, columns, "displacements", get(row, "displacements"))
        raw_figure = _count(c, columns, "raw", get(row, "raw"))
        if figure is None and raw_figure is not None:
            c.warn(columns.get("displacements"), None, _("no rounded figure: the raw figure is used"))
            figure = raw_figure
        elif figure is None and not c.problems:
            c.warn(columns.get("displacements"), None, _("IDMC gives no figure for this row: kept without one"))
        v["displacements"], v["displacements_raw"] = figure, raw_figure
        for field, column in (("hazard_category", "hazard_category"), ("hazard_type", "hazard_type")):
            v[column] = clean_text(get(row, field))
            if v[column] is None:
                c.problem(columns[field], None, _("a value is required"))
        v["hazard_subtype"] = clean_text(get(row, "hazard_subtype"))
        v["event_codes"] = clean_text(get(row, "event_codes"))
        v["glide"] = glide_numbers(v["event_codes"])
        v["displacement_occurred"] = clean_text(get(row, "occurred"))
        event_id = _count(c, columns, "event_id", get(row, "event_id"))
        v["event_id"] = event_id
        if event_id is not None:
            key = f"idmc-{event_id}-{code}-{year}"
        else:
            key = f"idmc-{code}-{year}-{slug(v['event_name'] or '', 40)}-{v['start_date']}"
        seen[key] = n = seen.get(key, 0) + 1
        if event_id is None:
            key = f"{key}-{n}"
            if n > 1:
                c.warn(columns["event_name"], v["event_name"], _("same country, year, name and date as an earlier row without an Event ID: a distinct row of IDMC's table, kept with its own figure"))
        elif n > 1:
            key = f"{key}-{n}"
            c.warn(columns["event_id"], event_id, _("Event ID repeated for the same country and year: a distinct row of IDMC's table, kept with its own figure"))
        v["event_key"] = key
        v["source_id"] = source["source_id"]
        v["precision"] = "country"
        v["is_demo"] = False
        candidates.append(c)
    frame = finalise(report, LAYER, candidates)
    if not report.balanced:  # pragma: no cover
        raise AssertionError(f"row accounting broken: {report.figures()}")
    return Prepared(LAYER, frame, report, source, replace_demo=False)


def _count(c: Candidate, columns: dict[str, str], field: str, value: object) -> int | None:
    """A whole number of at least 0 from a cell, or None (a problem recorded when the cell holds something else)."""
    try:
        return parse_count(value)
    except ValueError as err:
        c.problem(columns.get(field), value, str(err))
        return None
