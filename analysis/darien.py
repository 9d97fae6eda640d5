"""Figures for the Darién corridor page: the route in steps, crossings, deaths per crossing.

No Streamlit here. Distances are geodesic kilometres along the segments'
geometry (`analysis.spatial`); the bundled segments are schematic (drawn
through the towns, not traced), so a distance is one along that line.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from analysis import spatial

DARIEN_ROUTE_ID = "darien"
# How the Darién route is spelled in reported totals (MMP writes "Darien").
DARIEN_ROUTE_NAMES = frozenset({"darien", "darién"})
MMP_ROUTE = "Darien"  # the Missing Migrants Project's route value
DEATH_MEASURES = ("dead_and_missing", "deaths")
PER = 100_000


# ---------------------------------------------------------------- the route in steps


def darien_segments(routes: gpd.GeoDataFrame, route_id: str = DARIEN_ROUTE_ID) -> gpd.GeoDataFrame:
    """The route's segments in their order, each with its step and its length in km."""
    segments = routes[routes["route_id"] == route_id].sort_values("segment_order", kind="stable").reset_index(drop=True)
    segments = segments.assign(step=assign_steps(segments))
    return segments.assign(length_km=spatial.length_km(segments.geometry))


def assign_steps(segments: pd.DataFrame) -> pd.Series:
    """Step number of each segment: alternative branches between the same stops share a step.

    A segment that starts where no other segment ends is step 1; any other is
    one step after the latest segment that ends where it starts (so the
    branches Necoclí→Acandí and Turbo→Capurganá are both step 1, and every
    trail that starts from Acandí or Capurganá is step 2). Segments are read
    in `segment_order`; a loop in the data cannot make this run forever.
    """
    if segments.empty:
        return pd.Series(dtype="int64", index=segments.index)
    ordered = segments.sort_values("segment_order", kind="stable")
    ending_at: dict[str, list] = {}
    for index, to_place in zip(ordered.index, ordered["to_place"]):
        ending_at.setdefault(to_place, []).append(index)
    from_place = ordered["from_place"].to_dict()
    steps: dict = {}

    def step_of(index, visiting: frozenset) -> int:
        if index in steps:
            return steps[index]
        before = [i for i in ending_at.get(from_place[index], []) if i not in visiting and i != index]
        value = 1 + max((step_of(i, visiting | {index}) for i in before), default=0)
        steps[index] = value
        return value

    for index in ordered.index:
        step_of(index, frozenset())
    return pd.Series(steps, dtype="int64").reindex(segments.index)


def _unique(values) -> list:
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))


@dataclass(frozen=True)
class Step:
    """One step of the route: its branches, where it starts and ends, how long it is."""

    number: int
    modes: tuple[str, ...]
    starts: tuple[str, ...]
    ends: tuple[str, ...]
    segment_ids: tuple[str, ...]
    km_min: float
    km_max: float

    @property
    def branches(self) -> int:
        return len(self.segment_ids)


def steps(segments: pd.DataFrame) -> list[Step]:
    """The steps of `darien_segments(...)`, in order, with the range of their branches' lengths."""
    out = []
    for number, group in segments.groupby("step", sort=True):
        out.append(
            Step(
                number=int(number),
                modes=tuple(_unique(group["mode"])),
                starts=tuple(_unique(group["from_place"])),
                ends=tuple(_unique(group["to_place"])),
                segment_ids=tuple(group["segment_id"]),
                km_min=float(group["length_km"].min()),
                km_max=float(group["length_km"].max()),
            )
        )
    return out


def km_range(km_min: float, km_max: float) -> str:
    """A distance or a range of distances, in whole km ('56–91', or '57' for one value)."""
    low, high = round(km_min), round(km_max)
    return f"{low}" if low == high else f"{low}–{high}"


def services_near_steps(shelters: gpd.GeoDataFrame, segments: gpd.GeoDataFrame, km: float) -> gpd.GeoDataFrame:
    """Each shelter within `km` of a step's segments, once per step, with its distance in km.

    Distances are measured in a projected CRS (UTM per point). The result has
    the shelters' columns plus `step` and `distance_km`, ordered by step then
    distance.
    """
    rows = []
    if not shelters.empty and not segments.empty:
        for number, group in segments.groupby("step", sort=True):
            distance = spatial.nearest_distance_km(shelters, group)
            near = distance.le(km)
            rows.append(shelters.loc[near].assign(step=int(number), distance_km=distance[near]))
    if not rows:
        return shelters.iloc[0:0].assign(step=pd.Series(dtype="int64"), distance_km=pd.Series(dtype=float))
    out = gpd.GeoDataFrame(pd.concat(rows, ignore_index=True), geometry="geometry", crs=shelters.crs)
    return out.sort_values(["step", "distance_km"], kind="stable").reset_index(drop=True)


def services_within(shelters: gpd.GeoDataFrame, segments: gpd.GeoDataFrame, km: float) -> gpd.GeoDataFrame:
    """The shelters within `km` of any of `segments` (each once), with `distance_km` to the nearest."""
    if shelters.empty or segments.empty:
        return shelters.iloc[0:0].assign(distance_km=pd.Series(dtype=float))
    distance = spatial.nearest_distance_km(shelters, segments)
    keep = distance.le(km)
    return shelters.loc[keep].assign(distance_km=distance[keep])


# ---------------------------------------------------------------- crossings


def _totals(crossings: pd.DataFrame) -> pd.DataFrame:
    """Rows that are a whole year's figure for all nationalities."""
    return crossings[crossings["month"].isna() & crossings["nationality"].isna()]


def yearly(crossings: pd.DataFrame) -> pd.DataFrame:
    """Yearly totals by direction: year, direction, count, source_id, notes."""
    rows = _totals(crossings)
    out = rows[["year", "direction", "count", "source_id", "notes"]].copy()
    out["year"] = out["year"].astype(int)
    out["count"] = out["count"].astype(int)
    return out.sort_values(["year", "direction"], kind="stable").reset_index(drop=True)


def northbound_by_year(crossings: pd.DataFrame) -> pd.Series:
    """Northbound yearly totals, indexed by year (years without a figure are absent)."""
    rows = yearly(crossings)
    rows = rows[rows["direction"] == "northbound"]
    return pd.Series(rows["count"].to_numpy(), index=rows["year"].to_numpy(), dtype="int64").groupby(level=0).sum()


def monthly(crossings: pd.DataFrame, year: int) -> pd.DataFrame:
    """The monthly figures reported for `year`, all twelve months: count is NA where none was reported."""
    rows = crossings[(crossings["year"] == year) & crossings["month"].notna() & crossings["nationality"].isna()]
    counts = rows.groupby(rows["month"].astype(int))["count"].sum()
    months = pd.DataFrame({"month": range(1, 13)})
    months["count"] = months["month"].map(counts).astype("Int64")
    months["year"] = year
    return months


def unreported_months(crossings: pd.DataFrame, year: int) -> tuple[list[int], int | None]:
    """Months of `year` without their own figure, and what they add up to (year total minus the rest).

    The remainder is None when the year has no total, or no month is missing.
    """
    months = monthly(crossings, year)
    missing = [int(m) for m in months.loc[months["count"].isna(), "month"]]
    total = yearly(crossings)
    total = total[(total["year"] == year) & (total["direction"] == "northbound")]["count"]
    if not missing or total.empty or len(missing) == 12:
        return missing, None
    return missing, int(total.sum() - months["count"].sum())


def years_with_months(crossings: pd.DataFrame) -> list[int]:
    rows = crossings[crossings["month"].notna()]
    return sorted({int(y) for y in rows["year"]})


def nationalities(crossings: pd.DataFrame, year: int) -> pd.DataFrame:
    """Crossings by nationality in `year` (largest first, 'other' last): nationality, count, source_id."""
    rows = crossings[(crossings["year"] == year) & crossings["nationality"].notna() & crossings["month"].isna()]
    out = rows.groupby("nationality", as_index=False).agg(count=("count", "sum"), source_id=("source_id", "first"))
    out["count"] = out["count"].astype(int)
    out["is_other"] = out["nationality"].str.casefold().eq("other")
    out = out.sort_values(["is_other", "count"], ascending=[True, False], kind="stable").reset_index(drop=True)
    return out


def named_nationalities(crossings: pd.DataFrame) -> list[str]:
    """Every nationality Panama's yearly figures name (not 'other'), in the data's order."""
    rows = crossings[crossings["nationality"].notna() & crossings["month"].isna()]
    return [n for n in dict.fromkeys(rows["nationality"].astype(str)) if n.casefold() != "other"]


def nationality_by_year(crossings: pd.DataFrame, nationality: str) -> pd.DataFrame:
    """One nationality's yearly crossings as Panama reports them: year, direction, count, source_id."""
    rows = crossings[(crossings["nationality"] == nationality) & crossings["month"].isna()]
    return rows[["year", "direction", "count", "source_id"]].sort_values("year").reset_index(drop=True)


def nationality_remainder(crossings: pd.DataFrame, year: int) -> int | None:
    """People in the year's total not broken down by nationality in the source (None if none or unknown)."""
    listed = nationalities(crossings, year)["count"].sum()
    total = yearly(crossings)
    total = total[(total["year"] == year) & (total["direction"] == "northbound")]["count"]
    if total.empty or listed == 0:
        return None
    remainder = int(total.sum() - listed)
    return remainder if remainder > 0 else None


def years_with_nationalities(crossings: pd.DataFrame) -> list[int]:
    rows = crossings[crossings["nationality"].notna()]
    return sorted({int(y) for y in rows["year"]})


@dataclass(frozen=True)
class KeyFigures:
    """The figures at the top of the Darién page, for the selected years."""

    northbound: int | None  # sum of the yearly northbound totals that exist
    northbound_years: tuple[int, ...]
    peak_year: int | None
    peak: int | None
    southbound: int | None
    southbound_years: tuple[int, ...]
    dead_and_missing: int | None  # MMP, Darién route
    dead_and_missing_years: tuple[int, ...]
    crossing_sources: tuple[str, ...]
    death_sources: tuple[str, ...]


def key_figures(crossings: pd.DataFrame, totals: pd.DataFrame) -> KeyFigures:
    """Crossings north and south, the peak year and MMP's dead and missing, in the rows given."""
    rows = yearly(crossings)
    north = rows[rows["direction"] == "northbound"]
    south = rows[rows["direction"] == "southbound"]
    by_year = north.groupby("year")["count"].sum()
    mmp = darien_totals(totals)
    mmp = mmp[mmp["measure"] == "dead_and_missing"]
    return KeyFigures(
        northbound=int(north["count"].sum()) if len(north) else None,
        northbound_years=tuple(sorted(int(y) for y in north["year"].unique())),
        peak_year=int(by_year.idxmax()) if len(by_year) else None,
        peak=int(by_year.max()) if len(by_year) else None,
        southbound=int(south["count"].sum()) if len(south) else None,
        southbound_years=tuple(sorted(int(y) for y in south["year"].unique())),
        dead_and_missing=int(mmp["value"].sum()) if len(mmp) else None,
        dead_and_missing_years=tuple(sorted(int(y) for y in mmp["year"].unique())),
        crossing_sources=tuple(dict.fromkeys(rows["source_id"])),
        death_sources=tuple(dict.fromkeys(mmp["source_id"])),
    )


def year_span(years) -> str:
    """'2019–2025' for a run of years, '2022, 2024' for years with gaps, '2023' for one, '' for none."""
    return _year_runs(int(y) for y in years)


# ---------------------------------------------------------------- deaths beside crossings


def darien_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Reported deaths (and dead and missing) on the Darién route."""
    route = totals["route"].fillna("").str.strip().str.casefold()
    keep = route.isin(DARIEN_ROUTE_NAMES) & totals["measure"].isin(DEATH_MEASURES)
    return totals[keep].reset_index(drop=True)


def rate_per_100k(deaths: float, crossings: float) -> float:
    """Deaths per 100,000 crossings; NaN unless both figures exist and crossings > 0."""
    if deaths is None or crossings is None or pd.isna(deaths) or pd.isna(crossings) or crossings <= 0:
        return float("nan")
    return float(deaths) / float(crossings) * PER


def death_rates(totals: pd.DataFrame, crossings: pd.DataFrame) -> pd.DataFrame:
    """Every Darién death figure beside the year's northbound crossings, with a rate where both exist.

    One row per published figure (never merged: where two sources give
    different figures for a year, both rows stay, each with its definition).
    Columns: year, measure, value, source_id, definition, as_of, crossings,
    crossings_source_id, rate (per 100,000 crossings; NaN where a figure is
    missing) and disagreement (True where the year has more than one figure).
    """
    figures = darien_totals(totals)
    north = yearly(crossings)
    north = north[north["direction"] == "northbound"].groupby("year").agg(crossings=("count", "sum"), crossings_source_id=("source_id", "first"))
    out = figures[["year", "measure", "value", "source_id", "definition", "as_of"]].copy()
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(int)
    out = out.join(north, on="year")
    out["crossings"] = out["crossings"].astype("Int64")
    out["rate"] = [rate_per_100k(v, c) for v, c in zip(out["value"], out["crossings"])]
    out["disagreement"] = out.groupby("year")["value"].transform("nunique").gt(1)
    return out.sort_values(["year", "measure", "source_id"], kind="stable").reset_index(drop=True)


def years_without_death_figure(totals: pd.DataFrame, crossings: pd.DataFrame) -> list[int]:
    """Years with northbound crossings but no Darién death figure."""
    have = set(int(y) for y in darien_totals(totals)["year"])
    return sorted(int(y) for y in northbound_by_year(crossings).index if int(y) not in have)


def route_places(places: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """The places the segments start or end at, in route order.

    Matched by name among the places of the countries the segments cross, so
    a town of the same name elsewhere is never picked up.
    """
    names = _unique(name for pair in zip(segments["from_place"], segments["to_place"]) for name in pair)
    rank = {name: i for i, name in enumerate(names)}
    countries = {c for value in segments["countries"].fillna("") for c in value.split(";") if c}
    found = places[places["name"].isin(rank) & places["country_iso3"].isin(countries)]
    return found.iloc[found["name"].map(rank).argsort(kind="stable")].reset_index(drop=True)


def notes_by_years(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """Each distinct note of `rows` (year, notes) with the years it applies to, e.g. ('2019–2022, 2024', note)."""
    known = rows[rows["notes"].notna() & rows["notes"].astype(str).str.strip().ne("")]
    out: dict[str, list[int]] = {}
    for year, note in zip(known["year"], known["notes"]):
        out.setdefault(str(note), []).append(int(year))
    spans = [(_year_runs(years), note) for note, years in out.items()]
    return sorted(spans, key=lambda item: min(out[item[1]]))


def _year_runs(years) -> str:
    """'2019–2022, 2024' for the years given."""
    years = sorted(set(years))
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def years_of_use(segments: pd.DataFrame) -> str:
    """The years the segments cover: '2021–2024', or '2021–' when one is still in use; '' for none."""
    if segments.empty:
        return ""
    first = int(segments["year_start"].min())
    if segments["year_end"].isna().any():
        return f"{first}–"
    last = int(segments["year_end"].max())
    return str(first) if first == last else f"{first}–{last}"
