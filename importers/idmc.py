"""IDMC Global Internal Displacement Database (GIDD) disaster events into `displacement_zones`.

Each GIDD row (one event in one country for one figure year) becomes one
zone linked to its country. GIDD gives no area for an event, so the zone is
drawn at country level (the country's outline, precision `approximate`, said
in the notes) unless the layer already holds an area for the same zone,
which is kept: nothing is invented. Countries outside Corredor's map of the
Americas are set aside. Figures are IDMC's "internal displacements", which
count movements, not people.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shapely

from i18n import _, format_number
from importers import geo, store
from importers.common import Candidate, Prepared, clean_text, finalise, new_report, slug, source_row
from importers.errors import ImportFileError
from importers.parsing import fold, header_key, is_blank, parse_count, parse_date
from importers.report import unit_name
from importers.tabular import read_table
from loaders.schema import DISPLACEMENT_ZONES, HAZARD_CATEGORIES

KIND = "idmc"
LAYER = DISPLACEMENT_ZONES
URL = "https://www.internal-displacement.org/database/displacement-data/"
MEASURE = "internal displacements (movements, not people)"

HEADERS: dict[str, tuple[str, ...]] = {
    "iso3": ("iso3", "iso", "iso3 code", "country iso3"),
    "country": ("country territory", "country", "country name"),
    "year": ("year",),
    "event_name": ("event name", "event"),
    "start": ("date of event start", "date of event", "event start date", "start date"),
    "displacements": ("disaster internal displacements", "disaster new displacements", "internal displacements"),
    "raw": ("disaster internal displacements raw", "disaster new displacements raw"),
    "hazard_category": ("hazard category",),
    "hazard_subcategory": ("hazard sub category", "hazard subcategory"),
    "hazard_type": ("hazard type",),
    "hazard_subtype": ("hazard sub type", "hazard subtype"),
    "event_codes": ("event codes code type", "event codes", "event code"),
    "event_id": ("event id",),
    "occurred": ("displacement occurred",),
}
FIELD_BY_HEADER = {name: f for f, names in HEADERS.items() for name in names}
REQUIRED = (
    ("ISO3", ("iso3", "country")),
    ("Event Name", ("event_name",)),
    ("Date of Event (start)", ("start",)),
    ("Hazard Category", ("hazard_category",)),
    ("Hazard Type", ("hazard_type",)),
    ("Disaster Internal Displacements", ("displacements", "raw")),
)
CATEGORIES = {fold(c): c for c in HAZARD_CATEGORIES}


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


def prepare(path: Path, gpkg: Path, *, display_name: str | None = None, today: dt.date | None = None) -> Prepared:
    today = today or dt.date.today()
    report = new_report(KIND, path, LAYER.name, display_name=display_name)
    table = read_table(path, _is_header)
    report.file_format, report.unit = table.file_format, table.unit
    columns = map_header(table.header, path)
    if table.hxl_row:
        report.notes.append(_("HXL hashtag row ({unit} {row}) skipped: it is not data").format(unit=unit_name(table.unit), row=table.hxl_row))
    countries = geo.Countries.from_gpkg(gpkg)
    existing = store.read_existing(LAYER, gpkg)
    areas = {
        key: (geom, precision)
        for key, geom, precision, notes in zip(existing["zone_id"], existing.geometry, existing["precision"], existing["notes"].fillna(""))
        if "country level" not in str(notes)
    }
    source = source_row(
        "idmc",
        report,
        name=_("IDMC Global Internal Displacement Database, disaster events ({file})").format(file=report.file_name),
        publisher=_("Internal Displacement Monitoring Centre (IDMC)"),
        url=URL,
        notes=_(
            "Export imported on {date} (SHA-256 {sha}). Disaster internal displacements count movements, not people; "
            "GIDD gives no area for an event, so events are shown at country level unless an area was already drawn."
        ).format(date=today.isoformat(), sha=report.sha256[:16]),
        today=today,
    )

    def get(row, field):
        name = columns.get(field)
        return "" if name is None else row.cells.get(name, "")

    candidates = []
    for row in table.rows:
        report.read(row.number)
        c = Candidate(row.number, row.raw())
        raw_iso, raw_country = get(row, "iso3"), get(row, "country")
        code = countries.code_for(raw_iso) if not is_blank(raw_iso) else countries.code_for(raw_country)
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
        event_id = clean_text(get(row, "event_id"))
        year = None
        try:
            year = parse_count(get(row, "year"))
        except ValueError as err:
            c.problem(columns.get("year"), get(row, "year"), str(err))
        name = clean_text(get(row, "event_name"))
        v["event_name"] = name
        start = get(row, "start")
        day = None
        if is_blank(start):
            c.problem(columns["start"], None, _("a start date is required"))
        else:
            try:
                day, note = parse_date(start, today=today)
                if note:
                    c.warn(columns["start"], start, _(note))
                v["start_date"] = day.isoformat()
            except ValueError as err:
                c.problem(columns["start"], start, str(err))
        ident = event_id or slug(f"{name or ''}-{day or ''}")
        v["zone_id"] = f"idmc-{ident}-{code}" + (f"-{year}" if year else "")
        category = get(row, "hazard_category")
        if fold(str(category)) in CATEGORIES:
            v["hazard_category"] = CATEGORIES[fold(str(category))]
        elif is_blank(category):
            c.problem(columns["hazard_category"], None, _("a hazard category is required"))
        else:
            c.problem(columns["hazard_category"], category, _("expected hazard category Geophysical or Weather related"))
        v["hazard_type"] = clean_text(get(row, "hazard_type"))
        v["hazard_subtype"] = clean_text(get(row, "hazard_subtype"))
        v["end_date"] = None
        v["countries"] = code
        figure, raw_figure = None, None
        for field in ("displacements", "raw"):
            try:
                value = parse_count(get(row, field))
            except ValueError as err:
                c.problem(columns[field], get(row, field), str(err))
                value = None
            if field == "displacements":
                figure = value
            else:
                raw_figure = value
        v["displacement"] = figure if figure is not None else raw_figure
        v["displacement_measure"] = MEASURE if v["displacement"] is not None else None
        v["figure_source_id"] = source["source_id"] if v["displacement"] is not None else None
        key = v["zone_id"]
        notes = [_("IDMC GIDD event {id}").format(id=event_id or _("without ID"))]
        if year:
            notes.append(_("figure for {year}").format(year=year))
        if raw_figure is not None and figure is not None and raw_figure != figure:
            notes.append(_("raw figure {raw}").format(raw=format_number(raw_figure)))
        for field in ("hazard_subcategory", "event_codes", "occurred"):
            text = clean_text(get(row, field))
            if text:
                notes.append(f"{columns[field]}: {text}")
        if key in areas:
            geom, precision = areas[key]
            v["precision"] = precision
            notes.append(_("area kept from the zone already in the layer"))
        else:
            geom = countries.geometry(code)
            v["precision"] = "approximate"
            notes.append(_("shown at country level: IDMC gives no area for this event"))
        if geom is not None and geom.geom_type == "Polygon":
            geom = shapely.MultiPolygon([geom])
        c.geometry = geom
        v["notes"] = "; ".join(notes)
        v["source_id"] = source["source_id"]
        v["is_demo"] = False
        candidates.append(c)
    frame = finalise(report, LAYER, candidates)
    if not report.balanced:  # pragma: no cover
        raise AssertionError(f"row accounting broken: {report.figures()}")
    return Prepared(LAYER, frame, report, source, replace_demo=False)
