"""IOM Missing Migrants Project downloads (CSV or XLSX) into the `incidents` layer.

Columns are mapped by name, whatever the header generation (2019–2021 "Web
ID … Location Coordinates", 2023 "Main ID … Coordinates" as WKT, 2024–2026
"Incident Date … Country of Incident"), tolerant of case, spacing and the
known renamings. The public export is global: rows outside the Americas are
set aside (counted, not written). Each record keeps MMP's Incident Type, so
the figures can count split and cumulative records once (see
`analysis.figures`), and is keyed by its Incident ID (Web ID in the oldest
generation): importing a newer export updates records instead of adding
them twice, and the first real import replaces the illustrative rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shapely

from i18n import _, format_number
from importers import geo
from importers.common import Candidate, Prepared, clean_text, finalise, new_report, source_row
from importers.errors import ImportFileError
from importers.parsing import decimals, fold, header_key, is_blank, parse_coordinates, parse_count, parse_date, parse_float
from importers.tabular import read_table
from loaders.schema import CAUSES, INCIDENTS

KIND = "mmp"
LAYER = INCIDENTS
URL = "https://missingmigrants.iom.int/"

# Our field -> the header names seen across the generations (as folded by `header_key`).
HEADERS: dict[str, tuple[str, ...]] = {
    "main_id": ("main id",),
    "incident_id": ("incident id", "web id", "id"),
    "incident_type": ("incident type", "type of incident"),
    "region": ("region of incident", "region", "incident region"),
    "date": ("incident date", "reported date", "website date", "date of incident", "date"),
    "year": ("incident year", "reported year", "year"),
    "month": ("reported month", "incident month", "month"),
    "dead": ("number dead", "number of dead", "dead", "total number of dead"),
    "missing": ("minimum estimated number of missing", "number missing", "number of missing", "missing"),
    "total": ("total dead and missing", "total number of dead and missing"),
    "survivors": ("number of survivors", "survivors"),
    "females": ("number of females", "females"),
    "males": ("number of males", "males"),
    "children": ("number of children", "children"),
    "country": ("country of incident", "incident country", "country"),
    "country_origin": ("country of origin",),
    "region_origin": ("region of origin",),
    "cause": ("cause of death", "cause"),
    "location": ("location of death", "location of incident", "location description", "location"),
    "info_source": ("information source", "information sources", "source"),
    "coordinates": ("coordinates", "location coordinates", "coordinate"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "long", "lng"),
    "route": ("migration route", "migration routes", "route"),
    "url": ("url", "urls", "link"),
    "unsd": ("unsd geographical grouping",),
    "article_title": ("article title",),
    "source_quality": ("source quality",),
}
FIELD_BY_HEADER = {name: f for f, names in HEADERS.items() for name in names}
# What every generation has, as (description, alternatives); one of the alternatives must be present.
REQUIRED = (
    ("Incident ID", ("incident_id", "main_id")),
    ("Incident Date", ("date", "year")),
    ("Number of Dead", ("dead", "missing")),
    ("Cause of Death", ("cause",)),
    ("Coordinates", ("coordinates", "lat")),
    ("Source Quality", ("source_quality",)),
)
INCIDENT_TYPES = {"incident": "Incident", "split incident": "Split Incident", "split": "Split Incident", "cumulative incident": "Cumulative Incident", "cumulative": "Cumulative Incident"}
CAUSE_EXACT = {fold(c): c for c in CAUSES}
CAUSE_WORDS = (
    ("Drowning", ("drown", "ahog")),
    ("Harsh environmental conditions / lack of adequate shelter, food, water", ("harsh", "exposure", "dehydrat", "hypotherm", "hypertherm", "heat stroke", "starv", "exhaust", "environmental")),
    ("Vehicle accident / death linked to hazardous transport", ("vehicle", "transport", "train", "truck", "bus ", "car ", "road", "traffic", "hit by")),
    ("Violence", ("violen", "shot", "gunshot", "murder", "stab", "beaten", "killed", "homicide", "assault")),
    ("Sickness / lack of access to adequate healthcare", ("sick", "illness", "disease", "medic", "health", "infection")),
    ("Accidental death", ("accidental", "fall", "fell", "electrocut", "crush")),
    ("Mixed or unknown", ("mixed", "unknown", "skeletal", "undetermined", "not known")),
)


def _is_header(cells: list[str]) -> bool:
    fields = {FIELD_BY_HEADER.get(header_key(c)) for c in cells} - {None}
    return len(fields) >= 4 and bool(fields & {"incident_id", "main_id"})


def map_header(header: list[str], path: Path) -> dict[str, str]:
    """Our field -> the file's column; raises `unknown_header` naming what is missing and what is expected."""
    columns: dict[str, str] = {}
    for name in header:
        field = FIELD_BY_HEADER.get(header_key(name))
        if field and field not in columns:
            columns[field] = name
    if "lat" in columns and "lon" not in columns:
        columns.pop("lat")
    missing = [label for label, options in REQUIRED if not any(o in columns for o in options)]
    if missing:
        expected = "; ".join(f"{label} ({' / '.join(HEADERS[o][0] for o in options)})" for label, options in REQUIRED)
        raise ImportFileError(
            "unknown_header",
            _(
                "not a Missing Migrants Project header I know: no column for {missing}. Expected in every generation: "
                "{expected} (case, spacing and the known renamings do not matter). The file's columns: {found}"
            ).format(missing=", ".join(missing), expected=expected, found=", ".join(header) or _("none")),
            path=path,
        )
    return columns


def generation(columns: dict[str, str]) -> str:
    names = {header_key(v) for v in columns.values()}
    if "web id" in names:
        return "2019–2021"
    if "website date" in names or "main id" in names and "incident date" not in names:
        return "2023"
    if "incident date" in names:
        return "2024–2026"
    return _("unrecognised mix of known columns")


def map_cause(text: object) -> tuple[str, bool]:
    """(category, exact); ValueError when no category fits."""
    folded = fold(str(text))
    if folded in CAUSE_EXACT:
        return CAUSE_EXACT[folded], True
    padded = f" {folded} "
    hits = [category for category, words in CAUSE_WORDS if any(w in padded for w in words)]
    if not hits:
        raise ValueError(_("unknown cause of death; expected one of the MMP categories"))
    if len(set(hits)) > 1:
        return "Mixed or unknown", False
    return hits[0], False


def _in_americas(text: str) -> bool:
    """MMP's regions of the Americas (North, Central, South America, Caribbean, and the older US-Mexico Border)."""
    folded = fold(text)
    return any(word in folded for word in ("america", "caribbean", "us mexico border", "mexico"))


def prepare(path: Path, gpkg: Path, *, display_name: str | None = None, today: dt.date | None = None) -> Prepared:
    today = today or dt.date.today()
    report = new_report(KIND, path, LAYER.name, display_name=display_name)
    table = read_table(path, _is_header)
    report.file_format, report.unit = table.file_format, table.unit
    columns = map_header(table.header, path)
    report.notes.append(_("header generation: {generation}").format(generation=generation(columns)))
    unused = [h for h in table.header if h not in columns.values()]
    if unused:
        report.notes.append(_("columns not used: {columns}").format(columns=", ".join(unused)))
    countries = geo.Countries.from_gpkg(gpkg)
    source = source_row(
        "mmp",
        report,
        name=_("Missing Migrants Project data export ({file})").format(file=report.file_name),
        publisher=_("International Organization for Migration (IOM), Missing Migrants Project"),
        url=URL,
        notes=_(
            "Export imported on {date} (header generation {generation}; SHA-256 {sha}). Minimum estimates; locations are "
            "in most cases approximate; MMP revises its figures for months, so the data are as of the export."
        ).format(date=today.isoformat(), generation=generation(columns), sha=report.sha256[:16]),
        today=today,
    )

    def get(row, field):
        name = columns.get(field)
        return "" if name is None else row.cells.get(name, "")

    candidates: list[Candidate] = []
    coords: list[tuple[Candidate, float, float, str | None, object]] = []
    for row in table.rows:
        report.read(row.number)
        c = Candidate(row.number, row.raw())
        region, unsd, country_text = get(row, "region"), get(row, "unsd"), get(row, "country")
        declared = countries.code_for(country_text) if not is_blank(country_text) else None
        if not is_blank(region):
            in_region = _in_americas(str(region))
        elif declared:
            in_region = True
        elif not is_blank(unsd):
            in_region = _in_americas(str(unsd))
        else:
            in_region = None  # decided by the coordinates
        if in_region is False:
            report.set_aside(row.number, columns.get("region") or columns.get("unsd"), region if not is_blank(region) else unsd, _("outside the Americas: set aside"))
            continue
        if not is_blank(country_text) and declared is None:
            c.warn(columns["country"], country_text, _("country not recognised as one of the Americas: country taken from the coordinates"))
        if row.extra:
            c.problem(None, row.extra, _("more cells than the header has columns"))
        _fill(c, row, get, columns, today)
        c.values["source_id"] = source["source_id"]
        lat_lon = _coordinates(c, row, get, columns)
        if lat_lon is not None:
            coords.append((c, lat_lon[0], lat_lon[1], declared, lat_lon[2]))
        elif not c.problems:
            raise AssertionError("coordinates neither parsed nor rejected")
        candidates.append(c)

    placements = geo.place(countries, [x[1] for x in coords], [x[2] for x in coords], [x[3] for x in coords])
    aside: set[int] = set()
    for (c, _lat, _lon, _declared, raw), placed in zip(coords, placements):
        column = columns.get("coordinates") or columns.get("lat")
        if placed.out_of_region:
            report.set_aside(c.row, column, raw, _("outside the Americas: set aside"))
            aside.add(c.row)
            continue
        if placed.problem:
            c.problem(column, raw, placed.problem)
            continue
        for _col, reason, detail in placed.warnings:
            c.warn(column, detail or raw, reason)
        c.values["country_iso3"] = placed.iso3
        c.geometry = shapely.Point(float(placed.lon), float(placed.lat))
        if decimals(placed.lat) == 0 and decimals(placed.lon) == 0:
            c.warn(column, raw, _("coordinates in whole degrees: kept, marked approximate"))
    candidates = [c for c in candidates if c.row not in aside]
    labels = {
        "incident_id": columns.get("incident_id") or columns.get("main_id"),
        "date": columns.get("date") or columns.get("year"),
        "year": columns.get("year") or columns.get("date"),
        "source_quality": columns.get("source_quality"),
        "cause": columns.get("cause"),
        "country_iso3": columns.get("country") or columns.get("coordinates") or columns.get("lat"),
    }
    frame = finalise(report, LAYER, candidates, {k: v for k, v in labels.items() if v})
    if len(frame):
        counted = frame["incident_type"] == "Incident"
        people = int((frame.loc[counted, "dead"] + frame.loc[counted, "missing"]).sum())
        report.notes.append(
            _("dead and missing in the accepted Incident records: {people}; {other} split or cumulative records are kept and listed but not added (they repeat people already counted)").format(
                people=format_number(people), other=format_number(int((~counted).sum()))
            )
        )
    if not report.balanced:  # pragma: no cover - the accounting is the contract
        raise AssertionError(f"row accounting broken: {report.figures()}")
    return Prepared(LAYER, frame, report, source, replace_demo=True)


def _fill(c: Candidate, row, get, columns: dict[str, str], today: dt.date) -> None:
    """Every schema column but the country and the point, from one row."""
    v = c.values
    ident = clean_text(get(row, "incident_id")) or clean_text(get(row, "main_id"))
    if ident is None:
        c.problem(columns.get("incident_id") or columns.get("main_id"), None, _("an Incident ID is required"))
    v["incident_id"] = ident
    kind = get(row, "incident_type")
    if is_blank(kind):
        v["incident_type"] = "Incident"
    elif fold(str(kind)) in INCIDENT_TYPES:
        v["incident_type"] = INCIDENT_TYPES[fold(str(kind))]
    else:
        c.problem(columns["incident_type"], kind, _("expected Incident, Split Incident or Cumulative Incident"))
    # date (or year and month)
    raw_date, raw_year = get(row, "date"), get(row, "year")
    day = None
    if not is_blank(raw_date):
        try:
            day, note = parse_date(raw_date, today=today)
            if note:
                c.warn(columns["date"], raw_date, _(note))
        except ValueError as err:
            c.problem(columns["date"], raw_date, str(err))
    else:
        try:
            year = parse_count(raw_year)
            month = _month(get(row, "month"))
        except ValueError:
            year, month = None, None
        if year and month and 1990 <= year <= today.year:
            day = dt.date(year, month, 1)
            c.warn(columns.get("date") or columns.get("year"), f"{year}-{month:02d}", _("no date, only year and month: the first of the month is used"))
        else:
            c.problem(columns.get("date") or columns.get("year"), raw_year or None, _("a date is required (at least the year and month)"))
    if day is not None:
        v["date"] = day.isoformat()
        v["year"] = day.year
        if not is_blank(raw_year) and not is_blank(raw_date):
            try:
                if parse_count(raw_year) != day.year:
                    c.warn(columns["year"], raw_year, _("the year differs from the date's year: the date is used"))
            except ValueError:
                c.warn(columns["year"], raw_year, _("the year is not a number: the date's year is used"))
    # counts
    counts = {}
    for field in ("dead", "missing", "total", "survivors", "females", "males", "children"):
        raw = get(row, field)
        try:
            counts[field] = parse_count(raw)
        except ValueError as err:
            counts[field] = None
            c.problem(columns[field], raw, str(err))
    dead_bad = any(p.column in (columns.get("dead"), columns.get("missing")) for p in c.problems)
    if counts["dead"] is None and counts["missing"] is None and not dead_bad:
        c.problem(columns.get("dead") or columns.get("missing"), None, _("neither a number of dead nor of missing is given"))
    v["dead"] = counts["dead"] or 0
    v["missing"] = counts["missing"] or 0
    if counts["total"] is not None and not dead_bad and counts["total"] != v["dead"] + v["missing"]:
        c.warn(columns["total"], counts["total"], _("the total differs from dead + missing: dead and missing are kept"))
    for field in ("survivors", "females", "males", "children"):
        v[field] = counts[field]
    cause = get(row, "cause")
    if is_blank(cause):
        c.problem(columns["cause"], None, _("a cause of death is required"))
    else:
        try:
            category, exact = map_cause(cause)
            v["cause"] = category
            if not exact:
                c.warn(columns["cause"], cause, _("cause of death mapped to an MMP category: {category}").format(category=category))
        except ValueError as err:
            c.problem(columns["cause"], cause, str(err))
    v["route"] = clean_text(get(row, "route"))
    v["location"] = clean_text(get(row, "location"))
    v["info_source"] = clean_text(get(row, "info_source"))
    v["url"] = clean_text(get(row, "url"))
    quality = get(row, "source_quality")
    try:
        v["source_quality"] = parse_count(quality)
    except ValueError as err:
        c.problem(columns["source_quality"], quality, str(err))
    v["precision"] = "approximate"
    v["is_demo"] = False
    v.setdefault("country_iso3", None)


def _month(value: object) -> int | None:
    if is_blank(value):
        return None
    text = fold(str(value))
    from importers.parsing import MONTHS

    if text in MONTHS:
        return MONTHS[text]
    number = parse_count(value)
    return number if number and 1 <= number <= 12 else None


def _coordinates(c: Candidate, row, get, columns: dict[str, str]) -> tuple[float, float, object] | None:
    """(lat, lon, raw) as given (not yet checked for swaps), or None with a problem recorded."""
    if "coordinates" in columns and not is_blank(get(row, "coordinates")):
        raw = get(row, "coordinates")
        try:
            lat, lon, _form = parse_coordinates(raw)
            return lat, lon, raw
        except ValueError as err:
            c.problem(columns["coordinates"], raw, str(err))
            return None
    if "lat" in columns:
        raw_lat, raw_lon = get(row, "lat"), get(row, "lon")
        if not is_blank(raw_lat) and not is_blank(raw_lon):
            try:
                return parse_float(raw_lat), parse_float(raw_lon), f"{raw_lat}, {raw_lon}"
            except ValueError:
                c.problem(columns["lat"], f"{raw_lat}, {raw_lon}", _("expected latitude and longitude as numbers"))
                return None
    column = columns.get("coordinates") or columns.get("lat")
    c.problem(column, None, _("coordinates are missing"))
    return None
