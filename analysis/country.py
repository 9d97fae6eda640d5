"""One country's figures for its brief: the page, the PDF and the PNG all read them from here.

Every figure is computed from the bundled layers and carries the names of
its sources, the date of its newest record and whether any record behind it
is illustrative. A figure the data cannot give is None ("no sourced
figure"), never 0. Incident totals count every record once, whatever its MMP
incident type (split and cumulative records included). No Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import shapely

from analysis.spatial import core_extent
from i18n import _, data_text, format_number
from i18n.vocabulary import cause_label, hazard_type_label, service_labels, type_labels

ORIGIN_COLUMNS = ("country_origin", "country_of_origin")  # MMP "Country of Origin", when the layer carries it
UNSTATED = {"unknown", "mixed", "mixed/unknown"}  # MMP's origins that name no country
LARGEST_EVENTS = 5
MIN_SPAN_DEG = 1.5  # a brief's map shows at least this much ground, so one point is not a blank close-up
PAD = 0.12  # share of the data's extent added around it


@dataclass(frozen=True)
class Sourced:
    """A figure or table with where it comes from: None as `value` means no sourced figure."""

    value: object
    sources: tuple[str, ...] = ()
    as_of: str | None = None  # date (or year) of the newest record behind it
    illustrative: bool = False
    note: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None or (isinstance(self.value, pd.DataFrame) and self.value.empty)


@dataclass(frozen=True)
class Brief:
    iso3: str
    name: str
    rcm: bool
    sacm: bool
    corridor: str  # the country's place on the corridor, in one or two sentences
    routes: tuple[str, ...]
    deaths: Sourced  # dict(dead, missing, records)
    deaths_by_year: Sourced  # year, dead, missing, dead_and_missing, records
    deaths_by_cause: Sourced  # cause, label, dead_and_missing, records
    nationals_elsewhere: Sourced  # dict(records, dead_and_missing) or None
    shelters: Sourced  # type, label, count
    services: Sourced  # service, label, count
    shelter_list: pd.DataFrame  # name, type, municipality (town level for sensitive ones)
    displacement_by_year: Sourced  # year, events, displacement (None: no sourced figure)
    largest_events: Sourced  # event, year, hazard, displacement, measure, shared
    darien_nationals: Sourced  # year, direction, count
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy of the country's data
    membership: tuple[str, ...] = field(default_factory=tuple)


# --- helpers -----------------------------------------------------------------


def _source_names(ids, sources: pd.DataFrame) -> tuple[str, ...]:
    names = []
    for i in dict.fromkeys(str(x) for x in ids if x is not None and not pd.isna(x)):
        names.append(str(sources["name"].get(i, i)) if i in sources.index else i)
    return tuple(names)


def _demo(frame: pd.DataFrame) -> bool:
    return "is_demo" in frame.columns and bool(frame["is_demo"].fillna(False).astype(bool).any())


def _newest(values) -> str | None:
    values = [str(v)[:10] for v in values if v is not None and not pd.isna(v) and str(v)]
    return max(values) if values else None


def _ints(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").fillna(0).astype("int64")


def _lists(value) -> list[str]:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [p.strip() for p in str(value).replace(",", ";").split(";") if p.strip()]


def fold_name(name: str) -> str:
    """A country's name as a data set may write it, folded: "Venezuela (Bolivarian Republic of)" -> "venezuela"."""
    return re.sub(r"\s*\(.*?\)", "", str(name)).strip().casefold()


def english_names(iso3: str, countries: pd.DataFrame) -> set[str]:
    """Names a data set in English may use for the country (folded), e.g. for nationalities."""
    row = countries[countries["iso3"] == iso3]
    names = {iso3.casefold()}
    if len(row):
        name = fold_name(row.iloc[0]["name_en"])
        names |= {name, name.removeprefix("the ")}
        if iso3 == "USA":
            names |= {"united states", "usa", "us"}
    return names


# --- sections ----------------------------------------------------------------


def corridor_text(iso3: str, name: str, routes: pd.DataFrame, places: pd.DataFrame, shelters: pd.DataFrame) -> tuple[str, tuple[str, ...]]:
    """The country's place on the corridor as the bundled data draws it."""
    through = routes[[iso3 in _lists(v) for v in routes["countries"]]] if len(routes) else routes
    names = tuple(dict.fromkeys(str(data_text.text(n)) for n in through["route_name"])) if len(through) else ()
    if not names:
        return _("No migration route of the bundled data crosses {country}.").format(country=name), ()
    here = places[places["country_iso3"] == iso3]
    crossings = int((here["kind"] == "border_crossing").sum())
    stations = int((here["kind"] == "reception_station").sum())
    text = _("{country} lies on {n} of the corridor's routes in the bundled data: {routes}.").format(
        country=name, n=format_number(len(names)), routes="; ".join(names)
    )
    text += " " + _("In it the data marks border crossings: {crossings}; reception stations: {stations}; shelters and service points: {shelters}.").format(
        crossings=format_number(crossings), stations=format_number(stations), shelters=format_number(len(shelters))
    )
    return text, names


def deaths(incidents: pd.DataFrame, sources: pd.DataFrame) -> tuple[Sourced, Sourced, Sourced]:
    """Dead and missing on the country's territory: total, by year, by cause (every record counted once)."""
    src, as_of, demo = _source_names(incidents["source_id"], sources), _newest(incidents["date"]), _demo(incidents)
    if incidents.empty:
        return Sourced(None), Sourced(None), Sourced(None)
    frame = pd.DataFrame({"year": pd.to_numeric(incidents["year"], errors="coerce").astype("Int64"), "cause": incidents["cause"].astype(object).fillna(""), "dead": _ints(incidents["dead"]), "missing": _ints(incidents["missing"])})
    frame["records"] = 1
    frame["dead_and_missing"] = frame["dead"] + frame["missing"]
    total = {"dead": int(frame["dead"].sum()), "missing": int(frame["missing"].sum()), "records": len(frame)}
    by_year = frame.groupby("year", dropna=True)[["dead", "missing", "dead_and_missing", "records"]].sum().reset_index()  # records without a year count in the total only
    by_year["year"] = by_year["year"].astype(int)
    undated = int(frame["year"].isna().sum())
    by_cause = frame.groupby("cause")[["dead_and_missing", "records"]].sum().reset_index().sort_values("dead_and_missing", ascending=False, kind="stable")
    by_cause.insert(1, "label", by_cause["cause"].map(cause_label))
    return (
        Sourced(total, src, as_of, demo),
        Sourced(by_year.reset_index(drop=True), src, as_of, demo, note=_("{n} records without a year count in the total only.").format(n=format_number(undated)) if undated else None),
        Sourced(by_cause.reset_index(drop=True), src, as_of, demo),
    )


def nationals_elsewhere(iso3: str, all_incidents: pd.DataFrame, countries: pd.DataFrame, sources: pd.DataFrame) -> Sourced:
    """Records elsewhere whose dead or missing were nationals of the country, where the records say so."""
    column = next((c for c in ORIGIN_COLUMNS if c in all_incidents.columns), None)
    if column is None:
        return Sourced(None, note=_("The incident records of the bundled data do not state nationality."))
    names = english_names(iso3, countries)
    stated = all_incidents[all_incidents[column].notna()]
    named = pd.Series([bool(names & {fold_name(p) for p in _lists(v)}) for v in stated[column]], index=stated.index, dtype=bool)
    mine = stated[named & (stated["country_iso3"] != iso3).fillna(True).astype(bool)]
    if mine.empty:
        return Sourced(None, note=_("No record of the data names this nationality outside the country."))
    shared = int(sum(len(_lists(v)) > 1 for v in mine[column]))
    value = {
        "records": len(mine),
        "dead_and_missing": int((_ints(mine["dead"]) + _ints(mine["missing"])).sum()),
        "countries": int(mine["country_iso3"].nunique()),
        "shared": shared,
    }
    unstated = int(sum(not (set(map(fold_name, _lists(v))) - UNSTATED) for v in all_incidents[column]))
    note = " ".join(
        x
        for x in (
            origin_note(shared) if shared else None,
            _("Records that give no country of origin ({n} of {total}) count for no country.").format(n=format_number(unstated), total=format_number(len(all_incidents))),
        )
        if x
    )
    return Sourced(value, _source_names(mine["source_id"], sources), _newest(mine["date"]), _demo(mine), note=note)


def origin_note(shared: int) -> str:
    """How records naming several countries of origin are counted (said wherever the figure is shown)."""
    return _(
        "{n} of these records name several countries of origin: such a record counts once for each country it names, with all its dead and missing (the record does not say how many were of each nationality)."
    ).format(n=format_number(shared))


def shelters_and_services(shelters: pd.DataFrame, sources: pd.DataFrame) -> tuple[Sourced, Sourced, pd.DataFrame]:
    """Shelters by type, services offered, and the list (names and towns only: sensitive ones stay at town level)."""
    if shelters.empty:
        return Sourced(None), Sourced(None), pd.DataFrame(columns=["name", "type", "municipality"])
    src, as_of, demo = _source_names(shelters["source_id"], sources), _newest(shelters["last_verified"]), _demo(shelters)
    types = type_labels()
    by_type = shelters["type"].value_counts().rename_axis("type").reset_index(name="count")
    by_type.insert(1, "label", by_type["type"].map(lambda t: types.get(t, t)))
    labels = service_labels()
    counts: dict[str, int] = {}
    for value in shelters["services"]:
        for s in _lists(value):
            counts[s] = counts.get(s, 0) + 1
    services = pd.DataFrame([{"service": s, "label": labels.get(s, s), "count": n} for s, n in sorted(counts.items(), key=lambda kv: -kv[1])], columns=["service", "label", "count"])
    listing = pd.DataFrame({"name": shelters["name"].astype(object), "type": shelters["type"].map(lambda t: types.get(t, t)), "municipality": shelters["municipality"].astype(object)})
    return Sourced(by_type, src, as_of, demo), Sourced(services, src, as_of, demo), listing.sort_values(["municipality", "name"]).reset_index(drop=True)


def displacement_events(iso3: str, zones: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The country's disaster events: event, year, hazard, displacement (None if unsourced), measure, shared, source_id.

    From an IDMC `disaster_events` table when the data has one (one row per
    country and event), else from `displacement_zones`, whose figure may
    cover several countries (`shared` then says so).
    """
    columns = ["event", "year", "hazard", "displacement", "measure", "shared", "source_id"]
    if events is not None and len(events):
        iso = next(c for c in ("iso3", "country_iso3", "countries") if c in events.columns)
        rows = events[[iso3 in _lists(v) for v in events[iso]]]
        figure = next((c for c in ("displacement", "displacements", "disaster_internal_displacements") if c in rows.columns), None)
        year = rows["year"] if "year" in rows.columns else pd.to_datetime(rows["start_date"], errors="coerce").dt.year
        out = pd.DataFrame(
            {
                "event": rows["event_name"].astype(object),
                "year": pd.to_numeric(year, errors="coerce").astype("Int64"),
                "hazard": rows["hazard_type"].astype(object),
                "displacement": rows[figure].astype(object) if figure else None,
                "measure": _("internal displacements (movements)"),
                "shared": False,
                "source_id": rows["source_id"].astype(object),
            }
        )
        return out[columns].reset_index(drop=True)
    rows = zones[[iso3 in _lists(v) for v in zones["countries"]]]
    out = pd.DataFrame(
        {
            "event": rows["event_name"].astype(object),
            "year": pd.to_datetime(rows["start_date"].astype(str), errors="coerce").dt.year.astype("Int64"),
            "hazard": rows["hazard_type"].astype(object),
            "displacement": rows["displacement"].astype(object),
            "measure": rows["displacement_measure"].astype(object),
            "shared": [len(_lists(v)) > 1 for v in rows["countries"]],
            "source_id": rows["figure_source_id"].where(rows["figure_source_id"].notna(), rows["source_id"]).astype(object),
        }
    )
    return out[columns].reset_index(drop=True)


def displacement(events: pd.DataFrame, demo: bool, sources: pd.DataFrame) -> tuple[Sourced, Sourced]:
    """Events and sourced displacement by year; the largest events (sourced figures first)."""
    if events.empty:
        return Sourced(None), Sourced(None)
    src = _source_names(events["source_id"], sources)
    as_of = str(int(events["year"].max())) if events["year"].notna().any() else None
    figures = pd.to_numeric(events["displacement"], errors="coerce")
    by_year = (
        pd.DataFrame({"year": events["year"], "events": 1, "displacement": figures})
        .groupby("year")
        .agg(events=("events", "sum"), displacement=("displacement", lambda s: None if s.isna().all() else int(s.sum())))
        .reset_index()
    )
    largest = events.assign(figure=figures).sort_values(["figure", "year"], ascending=[False, False], na_position="last", kind="stable").head(LARGEST_EVENTS)
    largest = largest.assign(hazard=largest["hazard"].map(hazard_type_label), displacement=largest["figure"].map(lambda v: None if pd.isna(v) else int(v)))
    return Sourced(by_year, src, as_of, demo), Sourced(largest.drop(columns=["figure"]).reset_index(drop=True), src, as_of, demo)


def darien_nationals(iso3: str, crossings: pd.DataFrame, countries: pd.DataFrame, sources: pd.DataFrame) -> Sourced:
    """Panama's yearly Darién figures for the country's nationals, where Panama reports them."""
    names = english_names(iso3, countries)
    rows = crossings[crossings["nationality"].notna() & crossings["month"].isna()]
    rows = rows[[str(n).casefold() in names for n in rows["nationality"]]]
    if rows.empty:
        return Sourced(None, note=_("Panama's figures in the bundled data do not list this nationality."))
    out = pd.DataFrame({"year": rows["year"].astype(int), "direction": rows["direction"].astype(object), "count": rows["count"].astype(int)}).sort_values("year").reset_index(drop=True)
    return Sourced(out, _source_names(rows["source_id"], sources), str(int(out["year"].max())))


def data_bounds(country: gpd.GeoDataFrame, frames: list[gpd.GeoDataFrame]) -> tuple[float, float, float, float]:
    """The extent of the country's data (not of its whole territory), padded; its main landmass if it has none."""
    shape = country.geometry.union_all() if len(country) else None
    geoms = []
    for frame in frames:
        if frame is None or frame.empty:
            continue
        parts = frame.geometry
        if frame.geom_type.iloc[0] == "Point":
            parts = [shapely.box(*core_extent(frame))]  # every record, but a few far-off coordinates
        elif shape is not None:
            parts = parts.intersection(shape)
        geoms.extend(g for g in parts if g is not None and not g.is_empty)
    if geoms:
        minx, miny, maxx, maxy = shapely.GeometryCollection(geoms).bounds
    elif shape is not None:
        largest = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        minx, miny, maxx, maxy = largest.bounds
    else:
        return (-120.0, -40.0, -35.0, 35.0)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max(maxx - minx, MIN_SPAN_DEG) * (0.5 + PAD)
    half_h = max(maxy - miny, MIN_SPAN_DEG) * (0.5 + PAD)
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


# --- the brief ---------------------------------------------------------------


def build(iso3: str, layers: dict[str, pd.DataFrame], sources: pd.DataFrame, language: str) -> Brief:
    """Every figure of the brief for `iso3` from whole layers (`countries`, `routes`, `places`,
    public `shelters`, `incidents`, `displacement_zones`, `darien_crossings`, optionally
    `disaster_events`); `sources` indexed by source_id."""
    countries = layers["countries"]
    country = countries[countries["iso3"] == iso3]
    if country.empty:
        raise KeyError(iso3)
    row = country.iloc[0]
    name_column = f"name_{language}" if f"name_{language}" in countries.columns else "name_en"
    name = str(row[name_column])
    incidents_all = layers["incidents"]
    incidents = incidents_all[incidents_all["country_iso3"] == iso3]
    shelters = layers["shelters"][layers["shelters"]["country_iso3"] == iso3]
    corridor, routes = corridor_text(iso3, name, layers["routes"], layers["places"], shelters)
    total, by_year, by_cause = deaths(incidents, sources)
    by_type, services, listing = shelters_and_services(shelters, sources)
    zones = layers["displacement_zones"]
    events = displacement_events(iso3, zones, layers.get("disaster_events"))
    disp_year, largest = displacement(events, _demo(zones[[iso3 in _lists(v) for v in zones["countries"]]]), sources)
    route_rows = layers["routes"][[iso3 in _lists(v) for v in layers["routes"]["countries"]]]
    zone_rows = zones[[iso3 in _lists(v) for v in zones["countries"]]]
    membership = tuple(m for m, flag in ((_("Regional Conference on Migration (RCM)"), row["rcm_member"]), (_("South American Conference on Migration (SACM)"), row["sacm_member"])) if bool(flag))
    return Brief(
        iso3=iso3,
        name=name,
        rcm=bool(row["rcm_member"]),
        sacm=bool(row["sacm_member"]),
        corridor=corridor,
        routes=routes,
        deaths=total,
        deaths_by_year=by_year,
        deaths_by_cause=by_cause,
        nationals_elsewhere=nationals_elsewhere(iso3, incidents_all, countries, sources),
        shelters=by_type,
        services=services,
        shelter_list=listing,
        displacement_by_year=disp_year,
        largest_events=largest,
        darien_nationals=darien_nationals(iso3, layers["darien_crossings"], countries, sources),
        bounds=data_bounds(country, [incidents, shelters, route_rows, zone_rows]),
        membership=membership,
    )


def membership_text(brief: Brief) -> str:
    if brief.membership:
        return _("Member of: {bodies}.").format(bodies="; ".join(brief.membership))
    return _("Not a member of the RCM or the SACM.")


def source_list(names, shown: int = 3) -> str:
    """Source names joined by '; ', the first `shown` only and a count of the rest (a brief has one page)."""
    names = list(dict.fromkeys(names))
    if len(names) <= shown:
        return "; ".join(names)
    return "; ".join(names[:shown]) + "; " + _("and {n} more sources (listed on the Data page)").format(n=format_number(len(names) - shown))


def sourced_line(item: Sourced) -> str:
    """'Source: …; newest record …' under a figure, with the illustrative warning when it applies."""
    parts = []
    if item.sources:
        parts.append(_("Source: {sources}").format(sources=source_list(item.sources)))
    if item.as_of:
        parts.append(_("newest record {date}").format(date=item.as_of))
    line = ", ".join(parts)
    if item.illustrative:
        line += (". " if line else "") + _("Illustrative records, not real data.")
    return line


def figure_line(item: Sourced) -> str:
    """The line under a figure: its note alone when there is no figure, else its source line then its note."""
    if item.missing and item.note:
        return item.note
    line = sourced_line(item)
    if line and item.note:
        line = line.rstrip(".") + ". " + item.note
    return line or item.note or ""
