"""IOM Missing Migrants Project data (CSV, XLSX or the JSON feed) into the `incidents` layer.

Columns are mapped by name, whatever the header generation (2019–2021 "Web
ID … Location Coordinates", 2023 "Main ID … Coordinates" as WKT, 2024–2026
"Incident Date … Country of Incident", the JSON feed's snake_case keys, or the
Humanitarian Data Exchange edition whose header row holds HXL hashtags only),
tolerant of case, spacing and the known renamings. The public export is
global: rows outside the Americas are set aside (counted, not written).

Every row is one record and counts once in every total, whatever its Incident
Type (IOM's published totals are the plain sum over all rows). A row is
rejected only when it can be neither placed nor counted; any other oddity
(several Source Quality grades, "Incident,Split Incident", a missing date
whose Main ID carries the year, a negative correction of the missing) is kept
with a warning. Records are keyed by their Incident ID (Web ID in the oldest
generation), so importing a newer export updates records instead of adding
them twice. The bundled layer is built by this same code
(`scripts/build_geodata.py`).
"""

from __future__ import annotations

import datetime as dt
import re
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
    "females": ("number of females", "number of female", "females"),
    "males": ("number of males", "number of male", "males"),
    "children": ("number of children", "children"),
    "country": ("country of incident", "incident country", "country"),
    "country_origin": ("country of origin", "country origin"),
    "region_origin": ("region of origin", "region origin"),
    "cause": ("cause of death", "cause death", "cause"),
    "location": ("location of death", "location of incident", "location description", "location"),
    "info_source": ("information source", "information sources", "source"),
    "coordinates": ("coordinates", "location coordinates", "location coodinates", "coordinate"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "long", "lng"),
    "route": ("migration route", "migration routes", "route"),
    "url": ("url", "urls", "link"),
    "unsd": ("unsd geographical grouping", "unsd geographic grouping"),
    "article_title": ("article title",),
    "source_quality": ("source quality",),
}
FIELD_BY_HEADER = {name: f for f, names in HEADERS.items() for name in names}
# The Humanitarian Data Exchange edition: a header row of HXL hashtags only (attributes in any order).
HXL_TAGS: dict[str, tuple[str, ...]] = {
    "incident_id": ("#event+id", "#web+id", "#incident+id", "#meta+id"),
    "main_id": ("#event+id+main",),
    "incident_type": ("#event+type", "#incident+type"),
    "region": ("#region+incident", "#region+name", "#affected+regionincident", "#region"),
    "date": ("#date+reported", "#date+incident", "#date+occurred", "#date"),
    "year": ("#date+year",),
    "month": ("#date+month",),
    "dead": ("#affected+dead", "#affected+killed"),
    "missing": ("#affected+missing",),
    "total": ("#affected+killed+missing+total", "#affected+dead+missing+total", "#affected+total"),
    "survivors": ("#affected+survivors",),
    "females": ("#affected+f",),
    "males": ("#affected+m",),
    "children": ("#affected+children",),
    "country": ("#country+event", "#country+incident", "#country+name", "#country"),
    "country_origin": ("#country+origin",),
    "region_origin": ("#region+origin", "#affected+regionorigin"),
    "cause": ("#cause+type", "#affected+cause+killed", "#cause"),
    "location": ("#loc+description", "#loc+name", "#loc"),
    "info_source": ("#meta+source+name", "#meta+source"),
    "coordinates": ("#geo+coord",),
    "lat": ("#geo+lat",),
    "lon": ("#geo+lon", "#geo+long"),
    "route": ("#route+description", "#route+name", "#route"),
    "url": ("#meta+url", "#meta+link"),
    "unsd": ("#region+unsd+name",),
    "source_quality": ("#meta+source+reliability", "#meta+source+quality", "#meta+reliability"),
}


def hxl_key(tag: str) -> str:
    """'#affected +Dead' and '#affected+dead' alike: the hashtag, then its attributes sorted."""
    parts = [p.strip().lower() for p in str(tag).strip().split("+") if p.strip()]
    return "+".join(parts[:1] + sorted(parts[1:]))


FIELD_BY_HXL = {hxl_key(tag): f for f, tags in HXL_TAGS.items() for tag in tags}


def field_of(name: str) -> str | None:
    """Our field for a column named `name` (a header name of any generation, or an HXL hashtag)."""
    text = str(name).strip()
    if text.startswith("#"):
        return FIELD_BY_HXL.get(hxl_key(text))
    return FIELD_BY_HEADER.get(header_key(text))


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
    fields = {field_of(c) for c in cells} - {None}
    return len(fields) >= 4 and bool(fields & {"incident_id", "main_id"})


def map_header(header: list[str], path: Path) -> dict[str, str]:
    """Our field -> the file's column; raises `unknown_header` naming what is missing and what is expected."""
    columns: dict[str, str] = {}
    for name in header:
        field = field_of(name)
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


def generation(columns: dict[str, str], file_format: str = "csv") -> str:
    if file_format == "json":
        return _("JSON data feed")
    if all(str(v).strip().startswith("#") for v in columns.values()):
        return _("Humanitarian Data Exchange edition (HXL hashtags)")
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
        return "Mixed or unknown", False
    if len(set(hits)) > 1:
        return "Mixed or unknown", False
    return hits[0], False


def _in_americas(text: str) -> bool:
    """MMP's regions of the Americas (North, Central, South America, Caribbean, and the older US-Mexico Border)."""
    folded = fold(text)
    return any(word in folded for word in ("america", "caribbean", "us mexico border", "mexico"))


MAIN_ID_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\.")  # "2020.MMP01074": MMP's ids begin with the year
LICENCE = "CC BY 4.0"


def attribution() -> str:
    """The credit line the licence asks for, wherever the records are shown or downloaded."""
    return _("Source: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0")


def prepare(
    path: Path,
    gpkg: Path | None,
    *,
    display_name: str | None = None,
    today: dt.date | None = None,
    countries: geo.Countries | None = None,
) -> Prepared:
    """Read and check an MMP file (nothing written); `countries` instead of the GeoPackage's when building it."""
    today = today or dt.date.today()
    report = new_report(KIND, path, LAYER.name, display_name=display_name)
    table = read_table(path, _is_header)
    report.file_format, report.unit = table.file_format, table.unit
    columns = map_header(table.header, path)
    edition = generation(columns, table.file_format)
    report.notes.append(_("header generation: {generation}").format(generation=edition))
    unused = [h for h in table.header if h not in columns.values()]
    if unused:
        report.notes.append(_("columns not used: {columns}").format(columns=", ".join(unused)))
    countries = countries or geo.Countries.from_gpkg(gpkg)

    def get(row, field):
        name = columns.get(field)
        return "" if name is None else row.cells.get(name, "")

    candidates: list[Candidate] = []
    coords: list[tuple[Candidate, float, float, str | None, object]] = []
    newest: dt.date | None = None  # the export's data date: its newest record, in or out of the Americas
    for row in table.rows:
        report.read(row.number)
        day = _quiet_date(get(row, "date"), today)
        if day is not None and (newest is None or day > newest):
            newest = day
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
            c.warn(None, row.extra, _("more cells than the header has columns: the extra cells are ignored"))
        _fill(c, row, get, columns, today, report.sha256[:8])
        c.values["source_id"] = None  # set below, once the data date is known
        lat_lon = _coordinates(c, row, get, columns)
        if lat_lon is None and declared is not None:
            inside = shapely.point_on_surface(countries.geoms[countries.index[declared]])
            column = columns.get("coordinates") or columns.get("lat")
            c.warn(column, None, _("no usable coordinates: placed inside the country of incident (country level only)"))
            lat_lon = (round(inside.y, 5), round(inside.x, 5), None)
        if lat_lon is not None and declared is not None and lat_lon[1] > 0:
            lat_lon = _west(c, countries, declared, lat_lon, columns.get("coordinates") or columns.get("lat"))
        if lat_lon is not None:
            coords.append((c, lat_lon[0], lat_lon[1], declared, lat_lon[2]))
        else:
            column = columns.get("coordinates") or columns.get("lat")
            c.problem(column, get(row, "coordinates") or None, _("cannot be placed: no usable coordinates and no country of incident"))
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
        if raw is not None and decimals(placed.lat) == 0 and decimals(placed.lon) == 0:
            c.warn(column, raw, _("coordinates in whole degrees: kept, marked approximate"))
    candidates = [c for c in candidates if c.row not in aside]
    if table.file_format == "json":  # the feed lists a split incident's parts as records sharing one id
        candidates = _combine_parts(report, candidates, columns.get("incident_id") or columns.get("main_id"))
    data_date = newest.isoformat() if newest else None
    source = source_row(
        "mmp",
        report,
        name=_("Missing Migrants Project data ({file})").format(file=report.file_name),
        publisher=_("International Organization for Migration (IOM), Missing Migrants Project"),
        url=URL,
        licence=LICENCE,
        notes=_(
            "{attribution}. Data as of {data_date} (its newest record); read on {date} ({edition}; SHA-256 {sha}). "
            "Minimum estimates; locations are in most cases approximate; MMP revises its figures for months. "
            "Every record counts once in every total."
        ).format(attribution=attribution(), data_date=data_date or _("unknown"), date=today.isoformat(), edition=edition, sha=report.sha256[:16]),
        today=today,
    )
    source["published"] = data_date
    for c in candidates:
        c.values["source_id"] = source["source_id"]
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
        people = int((frame["dead"] + frame["missing"]).sum())
        report.notes.append(
            _("dead and missing in the accepted records: {people} (every record counted once, split and cumulative incidents included); data as of {date}").format(
                people=format_number(people), date=data_date
            )
        )
    if not report.balanced:  # pragma: no cover - the accounting is the contract
        raise AssertionError(f"row accounting broken: {report.figures()}")
    return Prepared(LAYER, frame, report, source, replace_demo=True)


COUNT_FIELDS = ("dead", "missing", "survivors", "females", "males", "children")


def _combine_parts(report, candidates: list[Candidate], id_column: str | None) -> list[Candidate]:
    """Feed records sharing an id are the parts of one split incident: one record, counts added.

    This is how MMP's exports give a split incident (one row whose counts
    cover every part), so a later export updates it by id without counting
    anyone twice. The parts folded in count as accepted, with a warning.
    """
    first: dict[str, Candidate] = {}
    kept = []
    for c in candidates:
        key = c.values.get("incident_id")
        if c.problems or key is None or key not in first:
            if not c.problems and key is not None:
                first[key] = c
            kept.append(c)
            continue
        into = first[key]
        for field in COUNT_FIELDS:
            a, b = into.values.get(field), c.values.get(field)
            into.values[field] = None if a is None and b is None else (a or 0) + (b or 0)
        if "Split Incident" not in into.values["incident_type"].split(";"):
            into.values["incident_type"] = ";".join(t for t in ("Incident", "Split Incident", "Cumulative Incident") if t in into.values["incident_type"].split(";") + ["Split Incident"])
        report.accept(c.row)
        report.warnings.extend(c.warnings)
        report.warn(c.row, id_column, key, _("a part of a split incident (its id repeats an earlier record): its counts are added to that record, as MMP's exports give it"))
    return kept


def _west(c: Candidate, countries: geo.Countries, declared: str, lat_lon: tuple, column: str | None) -> tuple:
    """A longitude east of Greenwich that lands in the declared country once negated lost its minus sign: restore it."""
    lat, lon, raw = lat_lon
    if abs(lat) > 90 or lon > 180:
        return lat_lon
    inside = countries.distances_to([declared], [-lon], [lat])[0] <= geo.INSIDE_TOLERANCE_KM
    if not inside or countries.distances_to([declared], [lon], [lat])[0] <= geo.INSIDE_TOLERANCE_KM:
        return lat_lon
    c.warn(column, raw, _("longitude without its minus sign (the Americas lie west of Greenwich): corrected"))
    return lat, -lon, raw


def _quiet_date(value: object, today: dt.date) -> dt.date | None:
    try:
        return None if is_blank(value) else parse_date(value, today=today)[0]
    except ValueError:
        return None


def _fill(c: Candidate, row, get, columns: dict[str, str], today: dt.date, key_prefix: str) -> None:
    """Every schema column but the country and the point, from one row; oddities become warnings."""
    v = c.values
    main_id = clean_text(get(row, "main_id"))
    ident = clean_text(get(row, "incident_id")) or main_id
    if main_id and ident and "," in ident:  # a split incident's Incident ID lists its parts: the record is its Main ID (as in MMP's feed)
        ident = main_id
    id_column = columns.get("incident_id") or columns.get("main_id")
    if ident is None:
        ident = f"{key_prefix}-row{c.row}"
        c.warn(id_column, None, _("no Incident ID: keyed as {key} (a later import cannot update it by id)").format(key=ident))
    v["incident_id"] = ident
    v["incident_type"] = _incident_type(c, get(row, "incident_type"), columns.get("incident_type"))
    _fill_date(c, row, get, columns, today, main_id or ident)
    # counts: as given, negatives included (MMP's corrections); every record counts once
    counts = {}
    for field in ("dead", "missing", "total", "survivors", "females", "males", "children"):
        raw = get(row, field)
        try:
            counts[field] = _signed_count(raw) if field in ("dead", "missing", "total") else parse_count(raw)
        except ValueError as err:
            counts[field] = None
            c.warn(columns[field], raw, _("{reason}: left empty").format(reason=str(err)))
    for field in ("dead", "missing"):
        if counts[field] is not None and counts[field] < 0:
            c.warn(columns[field], counts[field], _("negative count (a correction in the source): kept as given, so totals match IOM's"))
    if counts["dead"] is None and counts["missing"] is None:
        c.warn(columns.get("dead") or columns.get("missing"), None, _("neither a number of dead nor of missing is given: counted as 0"))
    v["dead"] = counts["dead"] or 0
    v["missing"] = counts["missing"] or 0
    if counts["total"] is not None and counts["total"] != v["dead"] + v["missing"]:
        c.warn(columns["total"], counts["total"], _("the total differs from dead + missing: dead and missing are kept"))
    for field in ("survivors", "females", "males", "children"):
        v[field] = counts[field]
    cause = get(row, "cause")
    if is_blank(cause):
        v["cause"] = "Mixed or unknown"
        c.warn(columns["cause"], None, _("no cause of death given: recorded as Mixed or unknown"))
    else:
        category, exact = map_cause(cause)
        v["cause"] = category
        if not exact:
            c.warn(columns["cause"], cause, _("cause of death mapped to an MMP category: {category}").format(category=category))
    v["route"] = clean_text(get(row, "route"))
    v["country_origin"] = _origins(get(row, "country_origin"))
    v["location"] = clean_text(get(row, "location"))
    v["info_source"] = clean_text(get(row, "info_source"))
    v["url"] = clean_text(get(row, "url"))
    v["source_quality"], v["source_quality_grades"] = _quality(c, get(row, "source_quality"), columns.get("source_quality"))
    v["precision"] = "approximate"
    v["is_demo"] = False
    v.setdefault("country_iso3", None)


def _origins(raw: object) -> str | None:
    """MMP's Country of Origin, its names joined by ';' ("Guatemala, Honduras" -> "Guatemala;Honduras"), each kept once."""
    text = clean_text(raw)
    if text is None:
        return None
    names = [n for n in (clean_text(p) for p in re.split(r"[,;]", text)) if n]
    return ";".join(dict.fromkeys(names)) or None


def _incident_type(c: Candidate, raw: object, column: str | None) -> str:
    """MMP's type(s), joined by ';' ("Incident,Split Incident" -> "Incident;Split Incident")."""
    if is_blank(raw):
        return "Incident"
    parts = [INCIDENT_TYPES.get(fold(p)) for p in re.split(r"[,;/]", str(raw)) if p.strip()]
    if not parts or None in parts:
        c.warn(column, raw, _("unknown incident type: recorded as Incident (it counts once either way)"))
        return "Incident"
    kinds = [k for k in ("Incident", "Split Incident", "Cumulative Incident") if k in parts]
    if len(kinds) > 1:
        c.warn(column, raw, _("several incident types: all kept (the record counts once)"))
    return ";".join(kinds)


def _fill_date(c: Candidate, row, get, columns: dict[str, str], today: dt.date, main_id: str) -> None:
    """The date; else year and month, else the year alone (from the year column or the Main ID)."""
    v = c.values
    raw_date, raw_year = get(row, "date"), get(row, "year")
    date_column = columns.get("date") or columns.get("year")
    day = None
    if not is_blank(raw_date):
        try:
            day, note = parse_date(raw_date, today=today)
            if note:
                c.warn(columns["date"], raw_date, _(note))
        except ValueError as err:
            c.warn(columns["date"], raw_date, _("{reason}: the year and month columns are used instead").format(reason=str(err)))
    if day is None:
        try:
            year = parse_count(raw_year)
        except ValueError:
            year = None
        from_id = False
        if year is None and (m := MAIN_ID_YEAR.match(str(main_id or ""))):
            year, from_id = int(m[1]), True
        try:
            month = _month(get(row, "month"))
        except ValueError:
            month = None
        if year and 1990 <= year <= today.year:
            day = dt.date(year, month or 1, 1)
            if from_id:
                c.warn(date_column, main_id, _("no date and no year: the year is taken from the Main ID; the date shown is 1 January"))
            elif month:
                c.warn(date_column, f"{year}-{month:02d}", _("no date, only year and month: the first of the month is used"))
            else:
                c.warn(date_column, year, _("no date, only the year: the date shown is 1 January"))
        else:
            c.problem(date_column, raw_year or raw_date or None, _("a date is required (at least the year)"))
            return
    v["date"] = day.isoformat()
    v["year"] = day.year
    if not is_blank(raw_year) and not is_blank(raw_date):
        try:
            if parse_count(raw_year) != day.year:
                c.warn(columns["year"], raw_year, _("the year differs from the date's year: the date is used"))
        except ValueError:
            c.warn(columns["year"], raw_year, _("the year is not a number: the date's year is used"))


def _signed_count(value: object) -> int | None:
    """A whole number, negative allowed (MMP writes corrections as negative counts); None for an empty cell."""
    if is_blank(value):
        return None
    text = str(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return -parse_count(-value)
    if text.startswith("-"):
        return -parse_count(text[1:])
    return parse_count(value)


def _quality(c: Candidate, raw: object, column: str | None) -> tuple[int | None, str | None]:
    """(the highest grade, every grade joined by ';'): "3,5" -> (5, "3;5"). The highest drives the symbol."""
    if is_blank(raw):
        c.warn(column, None, _("no Source Quality given: left empty"))
        return None, None
    grades = []
    for part in re.split(r"[,;/ ]+", str(raw).strip()):
        if not part:
            continue
        try:
            grade = parse_count(part)
        except ValueError:
            grade = None
        if grade is None or not 1 <= grade <= 5:
            c.warn(column, raw, _("Source Quality is not a grade from 1 to 5: left empty"))
            return None, None
        grades.append(grade)
    grades = sorted(set(grades))
    if len(grades) > 1:
        c.warn(column, raw, _("several Source Quality grades: all kept; the highest drives the map symbol"))
    return max(grades), ";".join(str(g) for g in grades)


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
    """(lat, lon, raw) as given (not yet checked for swaps), or None (with a warning when unreadable)."""
    if "coordinates" in columns and not is_blank(get(row, "coordinates")):
        raw = get(row, "coordinates")
        try:
            lat, lon, _form = parse_coordinates(raw)
            return lat, lon, raw
        except ValueError as err:
            c.warn(columns["coordinates"], raw, str(err))
            return None
    if "lat" in columns:
        raw_lat, raw_lon = get(row, "lat"), get(row, "lon")
        if not is_blank(raw_lat) and not is_blank(raw_lon):
            try:
                return parse_float(raw_lat), parse_float(raw_lon), f"{raw_lat}, {raw_lon}"
            except ValueError:
                c.warn(columns["lat"], f"{raw_lat}, {raw_lon}", _("expected latitude and longitude as numbers"))
                return None
    return None
