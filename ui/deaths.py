"""Cached helpers for the page on disappearances and deaths.

Caches are keyed on the GeoPackage's path and modification time plus the
page's own inputs, like `ui.data`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

import loaders
from analysis import citation, deaths
from charts.deaths import cause_chart, chart_title, year_route_chart
from i18n import _, current_language, format_date, format_number
from i18n.markdown import md
from i18n.vocabulary import incident_type_labels, precision_label
from importers.mmp import attribution
from ui import data, shared

# hexagons across the incidents' extent, smallest and largest hexagon width (km)
HEXAGONS = (22, 10, 250)


@st.cache_data(show_spinner=False, max_entries=64)
def _cells(path: str, mtime: int, countries: tuple | None, years: tuple | None, routes: tuple, causes: tuple) -> tuple[gpd.GeoDataFrame, float]:
    incidents = loaders.read_layer("incidents", path=path, countries=countries, years=years)
    selected = deaths.filter_incidents(incidents, list(routes), list(causes))
    size = deaths.cell_size_km(selected, *HEXAGONS)
    return deaths.grid_cells(selected, size, "hexagon"), size


def cells(countries, years, routes, causes) -> tuple[gpd.GeoDataFrame, float]:
    """Hexagons of the selected incidents, and their width in km."""
    path, mtime = data.version()
    return _cells(path, mtime, tuple(countries) if countries else None, tuple(years) if years else None, tuple(routes or ()), tuple(causes or ()))


@st.cache_data(show_spinner=False, max_entries=8)
def _written(path: str, mtime: int) -> dict[str, str]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT table_name, last_change FROM gpkg_contents").fetchall()
    except sqlite3.Error:
        return {}
    return {str(name): str(stamp)[:10] for name, stamp in rows if stamp}


def layer_written(name: str) -> str | None:
    """Date (YYYY-MM-DD) the GeoPackage says layer `name` was last written, if it says."""
    path, mtime = data.version()
    return _written(path, mtime).get(name)


# ---------------------------------------------------------------- what every viewer of a view shares
# Computed once per view, language and data version (`ui.shared.value`), never per page run:
# the page only draws them. Read only.


@dataclass(frozen=True)
class Layer:
    """What the page takes from every record: the filters' choices and the export's data date."""

    routes: list[str]
    causes: list[str]
    has_demo: bool
    data_date: str | None


def layer() -> Layer:
    return shared.value(_layer)


def _layer() -> Layer:
    every = data.layer("incidents")
    return Layer(deaths.route_options(every), deaths.cause_options(every), bool(every["is_demo"].any()), deaths.data_date(every, data.sources()))


@dataclass(frozen=True)
class Selection:
    """The records of one selection and everything the page shows of them."""

    rows: pd.DataFrame  # newest first, as the table lists them
    figures: deaths.DeathFigures
    credit: str  # the attribution, saying when the records shown are filtered
    sources: list[str]  # what the map and charts cite
    by_year: object  # the charts (clickable), or None without records
    by_cause: object
    table: pd.DataFrame  # the records' table, columns in the reader's language


def selection(countries, years, routes, causes) -> Selection:
    return shared.value(_selection, tuple(countries or ()), tuple(years), tuple(routes), tuple(causes))


def _selection(countries: tuple, years: tuple, routes: tuple, causes: tuple) -> Selection:
    every = data.layer("incidents")
    chosen = deaths.filter_incidents(data.layer("incidents", countries or None, years), list(routes), list(causes))
    rows = chosen.sort_values(["date", "incident_id"], ascending=[False, True])
    sources = data.sources()
    filtered = len(rows) != len(every)  # the licence asks to say when the data shown was filtered
    credit = attribution() + ("; " + _("filtered to the selection") if filtered else "")
    cited = [credit] + [sources["name"].get(s, s) for s in sorted(set(rows["source_id"]))]
    by_year = by_cause = None
    if len(rows):
        by_year = shared.chart(year_route_chart, deaths.by_year_and_route(rows), chart_title(_("Dead and missing by year and route")), cited, pick="route_label")
        by_cause = shared.chart(cause_chart, deaths.by_cause(rows), chart_title(_("Dead and missing by cause")), cited, pick="cause_axis")
    return Selection(rows, deaths.death_figures(rows), credit, cited, by_year, by_cause, _table(rows, sources))


def _table(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    names = data.country_names(current_language())
    type_labels = incident_type_labels()
    return pd.DataFrame(
        {
            _("Date"): rows["date"],
            _("Location"): rows["location"],
            _("Dead"): rows["dead"],
            _("Missing"): rows["missing"],
            _("Cause"): rows["cause"].map(deaths.cause_label),
            _("Route"): rows["route"].fillna("").map(deaths.route_label),
            _("Country"): rows["country_iso3"].map(lambda c: names.get(c, c)),
            _("Source quality"): rows["source_quality"],
            _("Location precision"): rows["precision"].map(precision_label),
            _("Record type"): rows["incident_type"].map(lambda t: ", ".join(type_labels.get(x, x) for x in str(t).split(";"))),
            _("Source quality (every grade)"): rows["source_quality_grades"].fillna("").str.replace(";", ", "),
            _("Information source"): rows["info_source"],
            _("Source"): rows["source_id"].map(lambda s: sources["name"].get(s, s)),
            "url": rows["url"],
        }
    )


@dataclass(frozen=True)
class Published:
    """IOM's published totals for the years, beside the records' sums: a headline and lines of Markdown."""

    headline: tuple[str, str, str | None] | None  # label, figure, help
    lines: list[str]


def published(years) -> Published:
    return shared.value(_published, tuple(years))


def _published(years: tuple) -> Published:
    reported = data.layer("reported_totals")
    totals = deaths.published_totals(reported, years)
    if totals.empty:
        return Published(None, [])
    every, sources = data.layer("incidents"), data.sources()
    data_date = layer().data_date
    headline, lines = None, []
    if not totals.yearly.empty:
        latest = totals.yearly.iloc[-1]
        headline = (
            _("Americas, {year}: dead and missing").format(year=int(latest["year"])),
            format_number(int(latest["value"])),
            str(latest["definition"]) if pd.notna(latest["definition"]) else None,
        )
        earlier = totals.yearly.iloc[:-1]
        if len(earlier):
            lines.append(_("Earlier years: {list}.").format(list=" · ".join(f"{int(y)}: {format_number(int(v))}" for y, v in zip(earlier["year"], earlier["value"]))))
    for year, group in totals.by_route.groupby("year", sort=False):
        parts = " · ".join(f"{md(deaths.route_label(r))} {format_number(int(v))}" for r, v in zip(group["route"], group["value"]))
        lines.append(_("By route, {year}: {list}.").format(year=int(year), list=parts))
    for _i, row in totals.other.iterrows():
        who = sources["publisher"].get(row["source_id"], row["source_id"])
        where = f" ({md(deaths.route_label(row['route']))})" if pd.notna(row["route"]) else ""
        lines.append(
            _("Not comparable: {who} reported {n} deaths{where} in {year}, without the missing.").format(
                who=md(who), n=format_number(int(row["value"])), where=where, year=int(row["year"])
            )
        )
    differ = [c for c in deaths.compare_with_published(every, reported, years) if c.differs]
    differ += [c for r in sorted(set(totals.by_route["route"])) for c in deaths.compare_with_published(every, reported, years, r) if c.differs]
    if differ:
        pairs = " · ".join(
            _("{place} {year}: {computed} in the records, {published} published").format(
                place=md(deaths.route_label(c.route)) if c.route else _("Americas"),
                year=c.year,
                computed=format_number(c.computed),
                published=format_number(c.published),
            )
            for c in differ
        )
        lines.append(pairs + ". " + _("They differ because MMP revises past years: the records are as of {date}, the published figures were reported earlier.").format(date=format_date(data_date) if data_date else _("unknown")))
    ids = sorted(set(totals.yearly["source_id"]) | set(totals.by_route["source_id"]))
    cited = "; ".join(md(citation.cite(s, sources)) for s in ids)
    as_of = sorted(set(pd.concat([totals.yearly["as_of"], totals.by_route["as_of"]]).dropna()))
    when = _("as of {dates}").format(dates=", ".join(as_of)) if as_of else _("data date not recorded in our source (figures as reported by the press)")
    lines.append(_("Whole Americas, not filtered by country. Source: {sources}; {when}. Figures are revised for months.").format(sources=cited, when=when))
    return Published(headline, lines)


def source_dates() -> list[str]:
    """Markdown lines: the attribution, then each cited source's publication and access dates."""
    return shared.value(_source_dates)


def _source_dates() -> list[str]:
    every, sources, reported = data.layer("incidents"), data.sources(), data.layer("reported_totals")
    dates = [md(attribution()) + "."]
    totals_sources = sorted(set(reported.loc[reported["measure"] == "dead_and_missing", "source_id"]))
    for source_id in sorted(set(every["source_id"])) + totals_sources:
        if source_id not in sources.index:
            continue
        row = sources.loc[source_id]
        published = row["published"] if pd.notna(row["published"]) else _("not recorded")
        accessed = row["accessed"] if pd.notna(row["accessed"]) else _("not recorded")
        dates.append(_("{name}: publication date {published}; figures taken on: {accessed}.").format(name=md(row["name"]), published=published, accessed=accessed))
    return dates
