"""Disaster displacement: the events of a selection, their sourced figures, and
which shelters and route segments lie inside their zones.

No Streamlit here. Zones are approximate or schematic areas drawn around named
events, so "inside a zone" means "inside the drawn area", not "was affected".
Displacement figures are only ever the sourced ones: an event without a figure
stays without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from analysis import citation
from analysis.shelters import route_label
from analysis.spatial import features_in_zones
from i18n import _, format_number

REGIONAL_MEASURE = "disaster_displacements"
SHELTER = "shelter"
ROUTE_SEGMENT = "route_segment"
ZONE_COLUMNS = ["zone_id", "event_name", "hazard_type", "start_date"]


@dataclass(frozen=True)
class DisplacementFigures:
    """The key figures of a selection of disaster events."""

    events: int
    events_with_figure: int
    events_without_figure: int
    sourced_total: int  # sum of the sourced displacement figures (they may count different things)
    measures: int  # how many different measures those figures use
    shelters_inside: int  # distinct shelters inside at least one zone
    segments_inside: int  # distinct route segments crossing at least one zone
    illustrative: bool  # True if any event counted is an illustrative row


def hazard_types(zones: pd.DataFrame) -> list[str]:
    """The hazard types of `zones`, geophysical first, then alphabetically."""
    if zones.empty:
        return []
    pairs = zones[["hazard_category", "hazard_type"]].drop_duplicates()
    pairs = pairs.sort_values(["hazard_category", "hazard_type"])
    return list(dict.fromkeys(pairs["hazard_type"]))


def select_hazards(zones: gpd.GeoDataFrame, types) -> gpd.GeoDataFrame:
    """The zones whose hazard type is one of `types` (None keeps every zone)."""
    if types is None:
        return zones
    return zones[zones["hazard_type"].isin(list(types))].reset_index(drop=True)


def event_year(zones: pd.DataFrame) -> pd.Series:
    """The year each event began."""
    return zones["start_date"].str.slice(0, 4).astype(int)


def features_inside(
    zones: gpd.GeoDataFrame,
    shelters: gpd.GeoDataFrame,
    routes: gpd.GeoDataFrame,
    country_names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Every shelter and route segment inside (or crossing) a zone, once per zone.

    Columns: zone_id, event_name, hazard_type, start_date, feature_type
    (`shelter` or `route_segment`), feature_id, name, place, countries
    (names joined by ", "), closed. Sorted by event start, shelters first.
    """
    names = country_names or {}
    columns = ["zone_id", "event_name", "hazard_type", "start_date", "feature_type", "feature_id", "name", "place", "countries", "closed"]
    kinds = (
        (shelters, SHELTER, lambda f: {
            "feature_id": f["shelter_id"],
            "name": f["name"],
            "place": f["municipality"],
            "countries": f["country_iso3"].map(lambda c: names.get(c, c)),
            "closed": f["closed"],
        }),
        (routes, ROUTE_SEGMENT, lambda f: {
            "feature_id": f["segment_id"],
            "name": route_label(f),
            "place": None,
            "countries": f["countries"].map(lambda v: ", ".join(names.get(c, c) for c in v.split(";") if c)),
            "closed": None,
        }),
    )
    parts = []
    for frame, kind, describe in kinds:
        inside = features_in_zones(frame, zones, ZONE_COLUMNS) if not frame.empty and not zones.empty else frame.iloc[0:0]
        if len(inside):
            described = {c: v.astype(object) if isinstance(v, pd.Series) else v for c, v in describe(inside).items()}
            parts.append(pd.DataFrame({**{c: inside[c].astype(object) for c in ZONE_COLUMNS}, "feature_type": kind, **described}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    out = pd.concat(parts, ignore_index=True)[columns]
    out["_order"] = (out["feature_type"] == ROUTE_SEGMENT).astype(int)
    out = out.sort_values(["start_date", "event_name", "_order", "name", "feature_id"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def inside_ids(inside: pd.DataFrame, feature_type: str) -> set[str]:
    """The distinct ids of features of `feature_type` found inside some zone."""
    return set(inside.loc[inside["feature_type"] == feature_type, "feature_id"])


def displacement_figures(zones: pd.DataFrame, inside: pd.DataFrame) -> DisplacementFigures:
    """Count events, sum their sourced figures and count the features inside their zones."""
    known = zones["displacement"].dropna()
    measures = zones.loc[zones["displacement"].notna(), "displacement_measure"].fillna("").nunique()
    return DisplacementFigures(
        events=len(zones),
        events_with_figure=len(known),
        events_without_figure=int(zones["displacement"].isna().sum()),
        sourced_total=int(known.sum()),
        measures=int(measures),
        shelters_inside=len(inside_ids(inside, SHELTER)),
        segments_inside=len(inside_ids(inside, ROUTE_SEGMENT)),
        illustrative=bool(zones["is_demo"].fillna(False).astype(bool).any()) if len(zones) else False,
    )


def events_by_year_and_hazard(zones: pd.DataFrame) -> pd.DataFrame:
    """Number of events by the year they began and hazard type: year, hazard_category, hazard_type, events."""
    if zones.empty:
        return pd.DataFrame({"year": pd.Series(dtype=int), "hazard_category": pd.Series(dtype=object), "hazard_type": pd.Series(dtype=object), "events": pd.Series(dtype=int)})
    frame = pd.DataFrame({"year": event_year(zones), "hazard_category": zones["hazard_category"].astype(object), "hazard_type": zones["hazard_type"].astype(object)})
    counts = frame.groupby(["year", "hazard_category", "hazard_type"], as_index=False).size().rename(columns={"size": "events"})
    return counts.sort_values(["year", "hazard_type"]).reset_index(drop=True)


def sourced_figures(zones: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per event that has a sourced figure: year, hazard_category, hazard_type, event_name,
    displacement, measure, source (the figure's source name)."""
    known = zones[zones["displacement"].notna()]
    source_names = sources["name"] if sources is not None else pd.Series(dtype=object)
    out = pd.DataFrame(
        {
            "year": event_year(known) if len(known) else pd.Series(dtype=int),
            "hazard_category": known["hazard_category"].astype(object),
            "hazard_type": known["hazard_type"].astype(object),
            "event_name": known["event_name"].astype(object),
            "displacement": known["displacement"].astype("int64"),
            "measure": known["displacement_measure"].astype(object),
            "source": known["figure_source_id"].map(lambda s: source_names.get(s, s) if pd.notna(s) else None).astype(object),
        }
    )
    return out.sort_values(["year", "event_name"]).reset_index(drop=True)


def regional_totals(totals: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The published regional disaster-displacement totals (IDMC), within `years` if given."""
    rows = totals[totals["measure"] == REGIONAL_MEASURE]
    if years is not None:
        rows = rows[(rows["year"] >= years[0]) & (rows["year"] <= years[1])]
    rows = rows[["region", "year", "value", "source_id", "as_of", "definition"]].astype({"year": int, "value": "int64"})
    return rows.sort_values("year").reset_index(drop=True)


def figure_text(displacement) -> str:
    """A displacement figure as shown, or 'no sourced figure' when there is none."""
    if displacement is None or pd.isna(displacement):
        return _("no sourced figure")
    return format_number(int(displacement))


def end_text(end_date, hazard_type: str) -> str:
    """An event's end date; when empty, 'continuing' for a drought, else 'no sourced end'."""
    if end_date is not None and not pd.isna(end_date):
        return str(end_date)
    return _("continuing") if hazard_type == "Drought" else _("no sourced end")


def event_table(zones: pd.DataFrame, sources: pd.DataFrame, country_names: dict[str, str]) -> pd.DataFrame:
    """One row per event, for the events table.

    Columns: zone_id, event, hazard_category, hazard_type, hazard_subtype, start, end (text:
    'continuing' for a drought, 'no sourced end' otherwise when empty), countries (names), figure (text; 'no sourced figure' when empty), displacement
    (number or empty), measure, figure_source, figure_url, area_source, notes,
    precision (raw value), is_demo.
    """

    def source_field(ids: pd.Series, field: str) -> pd.Series:
        values = [sources.at[s, field] if pd.notna(s) and s in sources.index else None for s in ids]
        return pd.Series([None if v is None or pd.isna(v) else str(v) for v in values], index=ids.index, dtype=object)

    ordered = zones.sort_values(["start_date", "event_name"]).reset_index(drop=True)
    figure_ids = ordered["figure_source_id"]
    return pd.DataFrame(
        {
            "zone_id": ordered["zone_id"].astype(object),
            "event": ordered["event_name"].astype(object),
            "hazard_category": ordered["hazard_category"].astype(object),
            "hazard_type": ordered["hazard_type"].astype(object),
            "hazard_subtype": ordered["hazard_subtype"].astype(object),
            "start": ordered["start_date"].astype(object),
            "end": [end_text(e, t) for e, t in zip(ordered["end_date"], ordered["hazard_type"])],
            "countries": ordered["countries"].map(lambda v: ", ".join(country_names.get(c, c) for c in v.split(";") if c)).astype(object),
            "figure": ordered["displacement"].map(figure_text).astype(object),
            "displacement": ordered["displacement"],
            "measure": ordered["displacement_measure"].astype(object),
            "figure_source": source_field(figure_ids, "name"),
            "figure_url": source_field(figure_ids, "url"),
            "area_source": source_field(ordered["source_id"], "name"),
            "notes": ordered["notes"].astype(object),
            "precision": ordered["precision"].astype(object),
            "is_demo": ordered["is_demo"].fillna(False).astype(bool),
        }
    )


publishers = citation.publishers  # re-exported: the pages cite with it


def inside_by_zone(inside: pd.DataFrame, zones: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per zone: event_name, shelters and route_segments inside it (distinct features).

    With `zones`, every zone gets a row (zeros included), in order of start date.
    """
    counts = (
        inside.assign(shelter=inside["feature_type"] == SHELTER, segment=inside["feature_type"] == ROUTE_SEGMENT)
        .drop_duplicates(["zone_id", "feature_type", "feature_id"])
        .groupby("zone_id")[["shelter", "segment"]]
        .sum()
    )
    if zones is None:
        base = inside[["zone_id", "event_name", "start_date"]].drop_duplicates("zone_id")
    else:
        base = pd.DataFrame({c: zones[c].astype(object) for c in ("zone_id", "event_name", "start_date")})
    out = base.assign(
        shelters=base["zone_id"].map(counts["shelter"]).fillna(0).astype(int),
        route_segments=base["zone_id"].map(counts["segment"]).fillna(0).astype(int),
    )
    return out.sort_values(["start_date", "event_name"]).drop(columns="start_date").reset_index(drop=True)


# --- IDMC's disaster events (the `disaster_events` table) -------------------------

IDMC_MATCH_DAYS = 14  # a drawn zone and an IDMC row "match by name and date" when they start this close
GLIDE = re.compile(r"\b[A-Z]{2}-\d{4}-\d{6}-[A-Z]{3}\b")
GENERIC_WORDS = {"hurricane", "earthquake", "flood", "floods", "drought", "storm", "tropical", "cyclone", "corridor", "central", "american", "the"}
MATCH_GLIDE, MATCH_EVENT_ID, MATCH_NAME_DATE = "glide", "event_id", "name_date"


def idmc_total(events: pd.DataFrame) -> int:
    """The sum of IDMC's disaster internal displacements over `events` (movements, not people)."""
    return int(events["displacements"].fillna(0).sum())


def by_country_and_year(events: pd.DataFrame) -> pd.DataFrame:
    """Displacements and rows by country and figure year: country_iso3, year, displacements, events."""
    if events.empty:
        return pd.DataFrame({"country_iso3": pd.Series(dtype=object), "year": pd.Series(dtype=int), "displacements": pd.Series(dtype="int64"), "events": pd.Series(dtype=int)})
    grouped = events.assign(displacements=events["displacements"].fillna(0)).groupby(["country_iso3", "year"], as_index=False)
    out = grouped.agg(displacements=("displacements", "sum"), events=("event_key", "size"))
    return out.astype({"country_iso3": object, "year": int, "displacements": "int64", "events": int}).sort_values(["country_iso3", "year"]).reset_index(drop=True)


def by_hazard_and_year(events: pd.DataFrame) -> pd.DataFrame:
    """Displacements by figure year and hazard type: year, hazard_category, hazard_type, displacements, events."""
    columns = ["year", "hazard_category", "hazard_type", "displacements", "events"]
    if events.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = events.assign(displacements=events["displacements"].fillna(0))
    out = frame.groupby(["year", "hazard_category", "hazard_type"], as_index=False).agg(displacements=("displacements", "sum"), events=("event_key", "size"))
    return out.astype({"year": int, "hazard_category": object, "hazard_type": object, "displacements": "int64", "events": int}).sort_values(["year", "hazard_type"]).reset_index(drop=True)[columns]


def largest_events(events: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The `n` rows with the largest figures (largest first; ties by name): IDMC's own columns, unchanged."""
    columns = ["event_name", "country_iso3", "country_name", "year", "start_date", "hazard_type", "hazard_subtype", "displacements", "displacements_raw", "event_id", "glide"]
    ranked = events[events["displacements"].notna()].sort_values(["displacements", "event_name"], ascending=[False, True], kind="stable")
    return pd.DataFrame(ranked[columns].head(n)).reset_index(drop=True)


def _zone_glides(notes) -> set[str]:
    return set(GLIDE.findall(str(notes or "")))


def _zone_event_id(zone_id: str) -> int | None:
    """The IDMC Event ID in a zone's key, for zones an IDMC import drew (idmc-<Event ID>-…)."""
    match = re.match(r"idmc-(\d+)-", str(zone_id))
    return int(match.group(1)) if match else None


def _name_words(name: str) -> set[str]:
    words = {w for w in re.findall(r"[a-z]+", str(name).lower()) if len(w) >= 3}
    return words - GENERIC_WORDS


def match_zones(zones: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """IDMC's figure for each drawn zone: zone_id, method, displacements, rows, event_names.

    Only rows of the zone's own countries count. A zone matches rows that
    share a GLIDE number written in its notes (method `glide`); else, for a
    zone an IDMC import drew, rows with its Event ID (`event_id`); else rows of
    the same hazard type that started within IDMC_MATCH_DAYS days of the zone,
    narrowed to those sharing a distinctive word of its name when any does
    (`name_date`). No match: method None and no figure.
    """
    rows = []
    starts = pd.to_datetime(events["start_date"])
    glides = [set(str(v).split(";")) if isinstance(v, str) else set() for v in events["glide"].astype(object)]
    for zone in zones.itertuples(index=False):
        mine = events["country_iso3"].isin(str(zone.countries).split(";"))
        method, hit = None, pd.Series(False, index=events.index)
        wanted = _zone_glides(zone.notes)
        if wanted:
            hit = mine & pd.Series([bool(g & wanted) for g in glides], index=events.index)
            method = MATCH_GLIDE if hit.any() else None
        event_id = _zone_event_id(zone.zone_id)
        if method is None and event_id is not None:
            hit = mine & (events["event_id"] == event_id).fillna(False)
            method = MATCH_EVENT_ID if hit.any() else None
        if method is None:
            close = (starts - pd.Timestamp(zone.start_date)).abs() <= pd.Timedelta(days=IDMC_MATCH_DAYS)
            hit = mine & close & (events["hazard_type"].str.lower() == str(zone.hazard_type).lower())
            words = _name_words(zone.event_name)
            named = hit & pd.Series([bool(words & _name_words(n)) for n in events["event_name"]], index=events.index)
            hit = named if named.any() else hit
            method = MATCH_NAME_DATE if hit.any() else None
        matched = events[hit]
        rows.append(
            {
                "zone_id": zone.zone_id,
                "method": method,
                "displacements": idmc_total(matched) if method else None,
                "rows": len(matched),
                "event_names": "; ".join(dict.fromkeys(matched["event_name"])),
            }
        )
    return pd.DataFrame(rows, columns=["zone_id", "method", "displacements", "rows", "event_names"])


def match_method_label(method) -> str:
    """How a zone was matched to IDMC's rows, in words."""
    return {
        MATCH_GLIDE: _("matched by GLIDE number"),
        MATCH_EVENT_ID: _("matched by IDMC Event ID"),
        MATCH_NAME_DATE: _("matched by country, hazard type, name and start date"),
    }.get(method, _("no IDMC row matched"))
