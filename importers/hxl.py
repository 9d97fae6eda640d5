"""Shelter and service lists shared as HXL-tagged spreadsheets (CSV or XLSX) into `shelters`.

The hashtag row is found and read by libhxl (`hxl.data` on the rows we read
ourselves, so libhxl never opens a file or a URL). Columns are taken by tag
pattern, e.g. `#loc+name`, `#geo+lat`, `#service`, `#country+code`;
vocabularies (type, services, populations) are matched in English, Spanish,
French and Portuguese. A shelter whose list does not say whether its location
is sensitive is treated as sensitive (public pages show it at town level),
because shelters have been targeted by organised crime.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import hxl
import hxl.model
import shapely

from i18n import _
from importers import geo
from importers.common import Candidate, Prepared, clean_text, finalise, new_report, slug, source_row
from importers.errors import ImportFileError
from importers.parsing import decimals_given, fold, is_blank, parse_coordinates, parse_count, parse_date, parse_float
from importers.tabular import read_raw
from loaders.schema import PRECISIONS, SHELTERS

KIND = "hxl"
LAYER = SHELTERS

PATTERNS: dict[str, tuple[str, ...]] = {
    "shelter_id": ("#loc+code", "#loc+id", "#meta+id"),
    "name": ("#loc+name", "#org+name+shelter"),
    "type": ("#loc+type", "#service+type", "#meta+type"),
    "operator": ("#org+name", "#org+impl", "#org"),
    "country_code": ("#country+code", "#adm0+code"),
    "country_name": ("#country+name", "#country", "#adm0+name"),
    "municipality": ("#adm2+name", "#loc+municipality", "#loc+town", "#loc+city", "#adm3+name"),
    "admin1": ("#adm1+name",),
    "services": ("#service",),
    "populations": ("#beneficiary", "#population+type", "#targeted+type", "#meta+population"),
    "languages": ("#meta+lang", "#language", "#lang"),
    "capacity": ("#capacity", "#loc+capacity", "#indicator+capacity"),
    "contact": ("#contact+url", "#contact+phone", "#contact"),
    "sensitive": ("#status+sensitive", "#meta+sensitive", "#indicator+sensitive"),
    "closed": ("#date+closed", "#date+end"),
    "last_verified": ("#date+verified", "#date+updated", "#date+reported", "#date"),
    "lat": ("#geo+lat",),
    "lon": ("#geo+lon",),
    "coord": ("#geo+coord",),
    "precision": ("#geo+precision", "#meta+precision"),
    "source": ("#meta+source",),
}

TYPE_WORDS = (
    ("return_reception", ("return", "retorn", "deport")),
    ("reception_station", ("reception", "recepcion", "erm", "etrm", "estacion")),
    ("soup_kitchen", ("soup", "comedor", "kitchen", "cocina", "refeitorio")),
    ("legal_aid", ("legal", "juridic", "abogad", "law")),
    ("health", ("health", "salud", "clinic", "medic", "saude", "sante")),
    ("shelter", ("shelter", "albergue", "casa", "refugio", "hostel", "abrigo", "alojamiento", "hogar", "posada", "foyer")),
)
SERVICE_WORDS = (
    ("psychosocial", ("psychosocial", "psicosocial", "mental", "psycholog", "psicolog")),
    ("lodging", ("lodging", "alojamiento", "hospedaje", "accommodation", "housing", "shelter", "albergue", "hebergement", "abrigo", "dormitorio")),
    ("food", ("food", "alimenta", "comida", "alimentos", "meal", "comedor", "nourriture")),
    ("health", ("health", "salud", "medic", "saude", "sante", "first aid", "primeros auxilios")),
    ("legal", ("legal", "juridic", "asesoria", "abogad", "law", "asylum", "asilo", "refugio legal")),
    ("information", ("information", "informacion", "orientation", "orientacion", "informacao")),
    ("phone", ("phone", "telefon", "llamada", "calls", "wifi", "internet", "connectivity")),
    ("hygiene", ("hygiene", "higiene", "shower", "ducha", "bano", "wash", "aseo", "kits")),
    ("transport", ("transport",)),
    ("registration", ("registration", "registro", "documenta", "enregistrement", "registo")),
)
POPULATION_WORDS = (
    ("lgbti", ("lgbt",)),
    ("unaccompanied_children", ("unaccompanied", "no acompanad", "nna", "children", "ninos", "ninas", "minors", "menores", "enfants", "criancas")),
    ("families", ("famil",)),
    ("women", ("women", "mujer", "femmes", "mulheres", "female")),
    ("men", ("men", "hombre", "hommes", "homens", "male")),
    ("all", ("all", "todos", "todas", "general", "everyone", "tous", "todas las personas")),
)
TRUE_WORDS = {"true", "yes", "y", "si", "1", "x", "oui", "sim", "sensitive", "sensible"}
FALSE_WORDS = {"false", "no", "n", "0", "non", "nao", "public", "publico"}


def _words(text: str, table) -> tuple[list[str], list[str]]:
    """Vocabulary values found in a list written in any of four languages; and the items not understood."""
    found, unknown = [], []
    items = [i for i in _split(text) if i]
    for item in items:
        padded = f" {fold(item)} "
        hit = next((value for value, words in table if any(w in padded for w in words)), None)
        if hit is None:
            unknown.append(item)
        elif hit not in found:
            found.append(hit)
    return found, unknown


def _split(text: str) -> list[str]:
    import re

    return [t.strip() for t in re.split(r"[;,|/\n]+| y | and | et | e ", str(text)) if t.strip()]


def _precision(raw_lat: object, raw_lon: object) -> str:
    """exact (5+ decimals, about 1 m), street (4), town (2–3) or approximate (0–1), from the decimals as written."""
    places = min(decimals_given(raw_lat), decimals_given(raw_lon))
    if places >= 5:
        return "exact"
    if places == 4:
        return "street"
    if places >= 2:
        return "town"
    return "approximate"


def prepare(path: Path, gpkg: Path, options=None, *, display_name: str | None = None, today: dt.date | None = None) -> Prepared:
    today = today or dt.date.today()
    report = new_report(KIND, path, LAYER.name, display_name=display_name)
    raw, file_format, _sheet = read_raw(path)
    report.file_format, report.unit = file_format, ("line" if file_format == "csv" else "row")
    try:
        dataset = hxl.data([cells for _n, cells in raw])
        columns = dataset.columns
        data_rows = list(dataset)
    except hxl.input.HXLTagsNotFoundException:
        raise ImportFileError(
            "unknown_header",
            _("no HXL hashtag row found in the first 25 rows: add a row of tags such as #loc+name, #geo+lat, #geo+lon, #country+code under the header"),
            path=path,
        ) from None
    except Exception as err:  # libhxl raises its own exception kinds for damaged input
        raise ImportFileError("unreadable", _("HXL could not read the file ({err})").format(err=err), path=path) from None
    tag_index = len(raw) - 1 - len(data_rows)
    if not data_rows:
        raise ImportFileError("header_only", _("the file has its header and hashtag rows but no data rows"), path=path)
    numbers = [n for n, _cells in raw[tag_index + 1 :]]
    if len(numbers) != len(data_rows):  # pragma: no cover - libhxl dropped or added rows
        raise ImportFileError("unreadable", _("HXL returned {n} rows for {m} lines").format(n=len(data_rows), m=len(numbers)), path=path)
    index = _columns(columns)
    missing = [label for label, fields in (("#loc+name", ("name",)), ("#geo+lat and #geo+lon (or #geo+coord)", ("lat", "coord")), ("#country+code or #country+name", ("country_code", "country_name"))) if not any(f in index for f in fields)]
    if "lat" in index and "lon" not in index:
        missing.append("#geo+lon")
    if missing:
        raise ImportFileError(
            "missing_columns",
            _("the HXL tags for {missing} are missing; the file's tags: {tags}").format(missing=", ".join(missing), tags=", ".join(c.display_tag or "" for c in columns if c.display_tag)),
            path=path,
        )
    used = {i for ids in index.values() for i in ids}
    unused = [c.display_tag for i, c in enumerate(columns) if i not in used and c.display_tag]
    if unused:
        report.notes.append(_("tags not used: {tags}").format(tags=", ".join(unused)))
    countries = geo.Countries.from_gpkg(gpkg)
    first_source = None
    if "source" in index:
        first_source = next((clean_text(r.values[index["source"][0]]) for r in data_rows if clean_text(r.values[index["source"][0]])), None)
    publisher = (options.publisher if options else None) or first_source or _("not stated (HXL file {file})").format(file=report.file_name)
    source = source_row(
        "hxl",
        report,
        name=(options.source_name if options else None) or _("Shelter list ({file})").format(file=report.file_name),
        publisher=publisher,
        url=options.source_url if options else None,
        notes=_("HXL-tagged list imported on {date} (SHA-256 {sha}).").format(date=today.isoformat(), sha=report.sha256[:16]),
        today=today,
    )

    def get(values, field, k=0):
        ids = index.get(field)
        if not ids or k >= len(ids):
            return ""
        value = values[ids[k]] if ids[k] < len(values) else ""
        return "" if value is None else value

    candidates, coords = [], []
    unstated_sensitive = 0
    for number, row in zip(numbers, data_rows):
        report.read(number)
        values = list(row.values)
        c = Candidate(number, {(columns[i].display_tag or columns[i].header or f"col{i}"): v for i, v in enumerate(values) if not is_blank(v)})
        v = c.values
        name = clean_text(get(values, "name"))
        v["name"] = name
        v["operator"] = clean_text(get(values, "operator"))
        code_text = get(values, "country_code") or get(values, "country_name")
        code = countries.code_for(code_text)
        if code is None and not is_blank(code_text):
            report.set_aside(number, "#country", code_text, _("country not among Corredor's countries of the Americas: set aside"))
            continue
        if code is None:
            c.problem("#country", None, _("a country is required"))
        v["country_iso3"] = code
        municipality = clean_text(get(values, "municipality"))
        if municipality is None and clean_text(get(values, "admin1")):
            municipality = clean_text(get(values, "admin1"))
            c.warn("#adm1+name", municipality, _("no municipality: the first-level division is used"))
        v["municipality"] = municipality
        kind = get(values, "type")
        if is_blank(kind):
            v["type"] = "shelter"
            c.warn("#loc+type", None, _("no type given: shelter assumed"))
        else:
            found, _unknown = _words(str(kind), TYPE_WORDS)
            if found:
                v["type"] = found[0]
            else:
                c.problem("#loc+type", kind, _("unknown type; expected shelter, reception station, return reception, soup kitchen, health or legal aid"))
        services: list[str] = []
        unknown_services: list[str] = []
        for k in range(len(index.get("services", ()))):
            found, unknown = _words(str(get(values, "services", k)), SERVICE_WORDS)
            services += [s for s in found if s not in services]
            unknown_services += unknown
        if unknown_services:
            c.warn("#service", "; ".join(unknown_services), _("services not in Corredor's list were left out"))
        if not services:
            c.problem("#service", "; ".join(unknown_services) or None, _("at least one known service is required"))
        v["services"] = ";".join(services) or None
        populations_text = get(values, "populations")
        if is_blank(populations_text):
            v["populations"] = "all"
        else:
            found, unknown = _words(str(populations_text), POPULATION_WORDS)
            if unknown:
                c.warn("#beneficiary", "; ".join(unknown), _("populations not in Corredor's list were left out"))
            v["populations"] = ";".join(found) if found else "all"
        v["languages"] = clean_text(get(values, "languages"))
        if v["languages"]:
            v["languages"] = ";".join(l.lower()[:2] for l in _split(v["languages"]))
        try:
            v["capacity"] = parse_count(get(values, "capacity"))
        except ValueError as err:
            c.problem("#capacity", get(values, "capacity"), str(err))
        contacts = [clean_text(get(values, "contact", k)) for k in range(len(index.get("contact", ())))]
        v["contact"] = " / ".join(x for x in contacts if x) or None
        sensitive = get(values, "sensitive")
        if is_blank(sensitive):
            v["sensitive"] = True
            unstated_sensitive += 1
        elif fold(str(sensitive)) in TRUE_WORDS:
            v["sensitive"] = True
        elif fold(str(sensitive)) in FALSE_WORDS:
            v["sensitive"] = False
        else:
            c.problem("#status+sensitive", sensitive, _("expected yes or no"))
        for field, tag in (("last_verified", "#date+verified"), ("closed", "#date+closed")):
            text = get(values, field)
            if is_blank(text):
                v[field] = None
                continue
            try:
                day, note = parse_date(text, today=today)
                v[field] = day.isoformat()
                if note:
                    c.warn(tag, text, _(note))
            except ValueError as err:
                c.problem(tag, text, str(err))
        shelter_id = clean_text(get(values, "shelter_id"))
        v["shelter_id"] = shelter_id or (f"{code.lower()}-{slug(name)}" if code and name else None)
        precision = clean_text(get(values, "precision"))
        if precision and precision.lower() not in PRECISIONS:
            c.problem("#geo+precision", precision, _("expected one of {values}").format(values=", ".join(PRECISIONS)))
        v["precision"] = precision.lower() if precision else None
        v["source_id"] = source["source_id"]
        v["is_demo"] = False
        try:
            if "coord" in index and not is_blank(get(values, "coord")):
                lat, lon, _form = parse_coordinates(get(values, "coord"))
                shown = get(values, "coord")
                digits = [t for t in str(shown).replace("POINT", "").replace("(", " ").replace(")", " ").replace(",", " ").split() if t]
                raw_pair = (digits[0], digits[-1])
            else:
                raw_lat, raw_lon = get(values, "lat"), get(values, "lon")
                if is_blank(raw_lat) or is_blank(raw_lon):
                    raise ValueError(_("coordinates are missing"))
                lat, lon, shown = parse_float(raw_lat), parse_float(raw_lon), f"{raw_lat}, {raw_lon}"
                raw_pair = (raw_lat, raw_lon)
            c.raw["_decimals"] = raw_pair
            coords.append((c, lat, lon, code, shown))
        except ValueError as err:
            c.problem("#geo", None, str(err))
        candidates.append(c)
    placements = geo.place(countries, [x[1] for x in coords], [x[2] for x in coords], [x[3] for x in coords])
    for (c, _lat, _lon, _code, shown), placed in zip(coords, placements):
        if placed.problem or placed.out_of_region:
            c.problem("#geo", shown, placed.problem or _("coordinates outside the Americas"))
            continue
        for _col, reason, detail in placed.warnings:
            c.warn("#geo", detail or shown, reason)
        c.geometry = shapely.Point(float(placed.lon), float(placed.lat))
        raw_pair = c.raw.pop("_decimals", (placed.lat, placed.lon))
        if c.values["precision"] is None:
            c.values["precision"] = _precision(*raw_pair)
            if c.values["precision"] == "approximate":
                c.warn("#geo", shown, _("coordinates with at most one decimal: kept, marked approximate"))
    if unstated_sensitive:
        report.warn(None, "#status+sensitive", unstated_sensitive, _("rows that do not say whether the location is sensitive are treated as sensitive (town level on public pages)"))
    frame = finalise(report, LAYER, candidates)
    if not report.balanced:  # pragma: no cover
        raise AssertionError(f"row accounting broken: {report.figures()}")
    return Prepared(LAYER, frame, report, source, replace_demo=False)


def _columns(columns) -> dict[str, list[int]]:
    """Our field -> indexes of the columns whose tags match its patterns (the first pattern that matches wins)."""
    index: dict[str, list[int]] = {}
    taken: set[int] = set()
    for field, patterns in PATTERNS.items():
        for text in patterns:
            pattern = hxl.model.TagPattern.parse(text)
            hits = [i for i, col in enumerate(columns) if col.tag and pattern.match(col) and i not in taken]
            if field == "services":
                hits = [i for i in hits if i not in taken]
            if hits:
                index[field] = hits if field in ("services", "contact") else hits[:1]
                if field not in ("contact",):
                    taken.update(index[field])
                break
    if "contact" in index:
        # every #contact column, whichever pattern matched first
        pattern = hxl.model.TagPattern.parse("#contact")
        index["contact"] = [i for i, col in enumerate(columns) if col.tag and pattern.match(col)]
    return index
