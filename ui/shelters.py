"""The Shelters and services page's work, done once per view, language and data version and
shared by every viewer (`ui.shared.value`): the page only draws it. Read only."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from analysis import shelters as analysis
from charts.shelters import counts_chart
from i18n import _, current_language, format_number
from mapping import shelters as shelter_map
from ui import data, shared


def _key(values) -> tuple | None:
    return tuple(values) if values else None


def public_shelters(countries) -> gpd.GeoDataFrame:
    """The shelters of the selected countries, sensitive ones already moved to town level."""
    return data.layer("shelters", countries)  # the gateway's public form


def near_routes(countries, years) -> pd.DataFrame:
    """Every shelter of the selection with its nearest route segment (routes filtered like the page)."""
    return shared.value(_near_routes, _key(countries), _key(years))


def _near_routes(countries: tuple | None, years: tuple | None) -> pd.DataFrame:
    return analysis.shelters_near_routes(public_shelters(countries), data.layer("routes", countries, years))


def result_features(countries, shelter_ids) -> dict:
    """GeoJSON of the listed shelters for the results map, popups in the reader's language."""
    return shared.value(_result_features, _key(countries), tuple(shelter_ids))


def _result_features(countries: tuple | None, ids: tuple) -> dict:
    shelters = public_shelters(countries)
    chosen = shelters[shelters["shelter_id"].isin(list(ids)).to_numpy()]
    return shelter_map.result_features(chosen, data.sources(), data.country_names(current_language()))


@dataclass(frozen=True)
class Options:
    """The filters' choices: the types, services and groups served that occur, in the schema's order."""

    shelters: int  # in the selected countries
    types: list[str]
    services: list[str]
    populations: list[str]


def options(countries) -> Options:
    return shared.value(_options, _key(countries))


def _options(countries: tuple | None) -> Options:
    shelters = public_shelters(countries)

    def present(column: str, labels: dict[str, str], multi: bool) -> list[str]:
        found: set[str] = set()
        for value in shelters[column].dropna():
            found |= analysis.values_of(value) if multi else {value}
        return [key for key in labels if key in found]

    return Options(
        len(shelters),
        present("type", analysis.type_labels(), False),
        present("services", analysis.service_labels(), True),
        present("populations", analysis.population_labels(), True),
    )


@dataclass(frozen=True)
class Results:
    """A search's results and what the page shows of them."""

    shelters: gpd.GeoDataFrame  # the results
    total: int  # shelters in the selected countries
    closed: int
    sensitive: int
    has_demo: bool
    rows: pd.DataFrame  # the directory's rows, in the reader's language
    directory: pd.DataFrame  # the columns the directory shows of them
    chart: object  # counts by country and type, clickable by type
    count_table: pd.DataFrame
    citation: str  # what the chart cites


def results(countries, query: analysis.ShelterQuery) -> Results:
    return shared.value(_results, _key(countries), query)


def _results(countries: tuple | None, query: analysis.ShelterQuery) -> Results:
    shelters = public_shelters(countries)
    found = analysis.search(shelters, query)
    language = current_language()
    names, sources, types = data.country_names(language), data.sources(), analysis.type_labels()
    cited = _("Corredor directory, {n} published sources").format(n=format_number(found["source_id"].nunique()))
    counts = analysis.counts_by_country_and_type(found)
    table = analysis.count_table(counts, list(types))
    table.index = [names.get(c, c) for c in table.index]
    rows = analysis.directory_rows(found, sources, names)
    return Results(
        shelters=found,
        total=len(shelters),
        closed=int(analysis.is_closed(found).sum()),
        sensitive=int(found["sensitive"].fillna(False).astype(bool).sum()),
        has_demo=bool(found["is_demo"].fillna(False).astype(bool).any()),
        rows=rows,
        directory=_directory(rows),
        chart=shared.chart(counts_chart, counts, names, types, [cited], pick="type_label") if len(found) else None,
        count_table=table.rename(columns={**types, "total": _("Total")}),
        citation=cited,
    )


def _directory(rows: pd.DataFrame) -> pd.DataFrame:
    """The directory's columns: no id, and no column that is empty for every result."""
    shown = rows.drop(columns=["shelter_id"])
    if not shown["other_contact"].notna().any():
        shown = shown.drop(columns=["other_contact"])
    if not shown["illustrative"].any():
        shown = shown.drop(columns=["illustrative"])
    return shown


@dataclass(frozen=True)
class Near:
    """The results' distances to the nearest route, and the table of those within a distance."""

    measured: int  # results with a distance (0: no route in the selection to measure from)
    results: int
    close: int  # within the distance
    table: pd.DataFrame  # those, nearest first, in the reader's language


def near(countries, years, query: analysis.ShelterQuery, km: int | None) -> Near:
    """`km` None: only whether distances can be measured, and how many results there are."""
    return shared.value(_near, _key(countries), _key(years), query, km)


def _near(countries: tuple | None, years: tuple | None, query: analysis.ShelterQuery, km: int | None) -> Near:
    found = results(countries, query).shelters
    every = near_routes(countries, years)
    distances = every[every["shelter_id"].isin(found["shelter_id"]).to_numpy()]
    measured = int(distances["distance_km"].notna().sum())
    if km is None or not measured:
        return Near(measured, len(distances), 0, pd.DataFrame())
    close = analysis.within(distances, km)
    names, sources = data.country_names(current_language()), data.sources()
    info = found.set_index("shelter_id")
    table = pd.DataFrame(
        {
            "shelter": close["shelter_id"].map(info["name"]).astype(object),
            "distance_km": close["distance_km"].round(1),
            "route": close["route"],
            "route_source": close["route_source_id"].map(lambda i: sources["name"].get(i, i)),
            "place": close["shelter_id"].map(lambda i: _("{town}, {country}").format(town=info.at[i, "municipality"], country=names.get(info.at[i, "country_iso3"], info.at[i, "country_iso3"]))),
        }
    )
    return Near(measured, len(distances), len(close), table)
