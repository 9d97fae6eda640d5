"""The Data and sources page: each card's figures on hand-built frames, then the page run by AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import loaders
from registry import layers as registry
from analysis import catalogue
from loaders.schema import LAYERS
from tests.apptest import open_app

ROOT = Path(__file__).resolve().parent.parent


# --- figures on small frames ------------------------------------------------------------


def test_route_dates_run_from_the_first_start_to_the_last_end_and_say_when_some_are_open():
    routes = pd.DataFrame({"year_start": pd.array([2019, 2015, 2021], dtype="Int64"), "year_end": pd.array([2020, None, 2023], dtype="Int64")})
    dates = catalogue.date_range(routes, LAYERS["routes"])
    assert (dates.column, dates.first, dates.last, dates.open_ended, dates.undated) == ("year_start", "2015", "2023", True, 0)
    closed = routes.assign(year_end=pd.array([2020, 2016, 2023], dtype="Int64"))
    assert catalogue.date_range(closed, LAYERS["routes"]).open_ended is False


def test_shelter_dates_count_the_unverified_and_an_undated_selection_has_no_range():
    shelters = pd.DataFrame({"last_verified": pd.array([None, "2025-01-02", "2024-12-31"], dtype="string")})
    dates = catalogue.date_range(shelters, LAYERS["shelters"])
    assert (dates.first, dates.last, dates.undated) == ("2024-12-31", "2025-01-02", 1)
    assert catalogue.date_range(shelters.iloc[[0]], LAYERS["shelters"]) is None


def test_zone_dates_include_end_dates_and_tables_use_their_year_column():
    zones = pd.DataFrame({"start_date": ["2020-11-03", "2014-07-01"], "end_date": ["2020-11-06", None]})
    dates = catalogue.date_range(zones, LAYERS["displacement_zones"])
    assert (dates.first, dates.last, dates.open_ended) == ("2014-07-01", "2020-11-06", True)
    crossings = pd.DataFrame({"year": pd.array([2023, 2019, 2021], dtype="Int64")})
    assert catalogue.date_range(crossings, LAYERS["darien_crossings"]).first == "2019"
    assert catalogue.date_column(LAYERS["sources"]) == "published"
    assert catalogue.date_column(LAYERS["countries"]) is None
    assert catalogue.date_range(pd.DataFrame({"iso3": ["COL"]}), LAYERS["countries"]) is None


def test_precision_counts_follow_the_schema_order_and_leave_out_zeros():
    frame = pd.DataFrame({"precision": ["town", "exact", "town", "schematic"]})
    counts = catalogue.precision_counts(frame)
    assert counts == {"exact": 1, "town": 2, "schematic": 1}
    assert list(counts) == ["exact", "town", "schematic"]
    assert catalogue.precision_counts(pd.DataFrame({"year": [2020]})) == {}


def test_illustrative_share():
    frame = pd.DataFrame({"is_demo": pd.array([True, False, False, True], dtype="boolean")})
    assert catalogue.illustrative_share(frame) == 0.5
    assert catalogue.illustrative_rows(frame) == 2
    assert catalogue.illustrative_share(frame.iloc[0:0]) is None
    assert catalogue.illustrative_share(pd.DataFrame({"year": [2020]})) is None


SOURCES = pd.DataFrame(
    {
        "source_id": ["a", "b", "c"],
        "name": ["Report A", "Dataset B", "Page C"],
        "publisher": ["IOM", "IDMC", "SNM"],
        "url": ["https://a.example", None, "https://c.example"],
        "published": [None, "2024-05-01", "2023-01-01"],
        "accessed": ["2025-02-01", None, None],
        "licence": [None, "CC BY 4.0", None],
        "notes": [None, None, None],
    }
).set_index("source_id")


def test_cited_sources_count_rows_including_figure_sources_and_keep_unknown_keys():
    zones = pd.DataFrame({"source_id": ["a", "a", "c", "zz"], "figure_source_id": [None, "b", "b", None]})
    cited = catalogue.cited_sources(zones, SOURCES)
    assert list(cited["source_id"]) == ["a", "b", "c", "zz"]  # most cited first, ties by key
    assert list(cited["rows"]) == [2, 2, 1, 1]
    assert cited.loc[3, "name"] == "zz"  # an unknown key is shown, not dropped
    assert catalogue.newest_source_date(cited) == "2025-02-01"
    assert catalogue.licence_groups(cited) == {"CC BY 4.0": ["Dataset B"], None: ["Report A", "Page C", "zz"]}


def test_sources_in_selection_are_those_any_selected_layer_cites():
    frames = {"routes": pd.DataFrame({"source_id": ["a"]}), "zones": pd.DataFrame({"source_id": ["a"], "figure_source_id": ["b"]})}
    assert list(catalogue.sources_in_selection(frames, SOURCES)["source_id"]) == ["a", "b"]
    across = catalogue.selection_citations(frames, SOURCES)
    assert dict(zip(across["source_id"], across["rows"])) == {"a": 2, "b": 1}
    assert catalogue.newest_source_date(SOURCES.iloc[0:0]) is None


def test_summary_of_a_hand_built_layer():
    incidents = pd.DataFrame(
        {
            "date": ["2021-03-01", "2022-07-09"],
            "precision": ["approximate", "approximate"],
            "is_demo": pd.array([True, True], dtype="boolean"),
            "source_id": ["a", "a"],
        }
    )
    updated = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
    summary = catalogue.summarise("incidents", 400, incidents, SOURCES, file_updated=updated)
    assert (summary.total, summary.selected, summary.illustrative, summary.illustrative_rows) == (400, 2, 1.0, 2)
    assert (summary.dates.first, summary.dates.last) == ("2021-03-01", "2022-07-09")
    assert summary.precision == {"approximate": 2}
    assert summary.newest_source_date == "2025-02-01"
    assert summary.file_updated == updated


@pytest.mark.parametrize("name", [n for n in LAYERS if n != "sources"])
def test_applicable_filters_match_what_the_loaders_do(name, bundled_gpkg):
    """A filter the card says applies must change what the loader returns, and one it says doesn't must not."""
    everything = len(loaders.read_layer(name))
    applies = catalogue.applicable_filters(name)
    nowhere = len(loaders.read_layer(name, countries=["XXX"]))
    never = len(loaders.read_layer(name, years=(1901, 1901)))
    assert (nowhere == 0) == applies.countries and (nowhere == everything) != applies.countries
    assert (never == 0) == applies.years and (never == everything) != applies.years


# --- the page ---------------------------------------------------------------------------------

TITLES = list(registry.table_titles().values())  # one card per table of the GeoPackage, in its order


def open_page(**query) -> AppTest:
    return open_app("data", query, check=True)


def download_keys(at: AppTest) -> list[str]:
    return [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]


def summary_row(at: AppTest, title: str) -> pd.Series:
    table = at.dataframe[0].value
    return table[table["Layer"] == title].iloc[0]


def test_one_card_per_layer_in_schema_order_with_downloads():
    at = open_page()
    assert at.title[0].value == "Data and sources"
    assert [h.value for h in at.main.header] == TITLES
    assert list(LAYERS) == ["sources", "countries", "places", "routes", "shelters", "incidents", "displacement_zones", "disaster_events", "darien_crossings", "reported_totals"]
    keys = download_keys(at)
    for name, layer in LAYERS.items():
        expected = ["csv", "geojson", "gpkg"] if layer.geometry else ["csv"]
        assert [k.split("_")[-1] for k in keys if k.startswith(f"download_{name}_")] == expected, name
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("GeoPackage") == 6 and labels.count("CSV") == 10
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))  # a download does not rerun the page


def test_no_card_is_illustrative_and_incidents_say_when_last_refreshed():
    at = open_page()
    assert not any("illustrative" in w.value.lower() for w in at.warning)
    assert summary_row(at, TITLES[5])["Illustrative"] == "0%"
    assert summary_row(at, TITLES[4])["Illustrative"] == "0%"
    assert "**Last refreshed:** not since the bundled data were built" in " ".join(m.value for m in at.markdown)


def test_each_card_gives_its_layer_one_data_date_as_its_download_does():
    text = " ".join(m.value for m in open_page().markdown)
    assert text.count("Data date: 2025-04-29 (the newest record of the Missing Migrants Project export).") == 1  # the incidents
    assert text.count("Data date: ") == len(LAYERS)  # one for each layer, no other date called so
    assert "Last updated" not in text and "newest source date" not in text


def test_figures_follow_the_selection():
    at = open_page(countries="COL,PAN", years="2019-2024")
    shelters = loaders.read_layer("shelters", countries=["COL", "PAN"])
    incidents = loaders.read_layer("incidents", countries=["COL", "PAN"], years=(2019, 2024))
    row = summary_row(at, "Shelters and services")
    assert (row["Selected"], row["Total"]) == (len(shelters), 50)
    assert row["Sources"] == shelters["source_id"].nunique()
    assert summary_row(at, TITLES[5])["Selected"] == len(incidents)
    assert summary_row(at, TITLES[5])["Dates"] == f"{incidents['date'].min()} – {incidents['date'].max()}"
    card_text = " ".join(m.value for m in at.markdown)
    assert f"**In the selection:** {len(shelters)} of 50 features" in card_text
    # no disaster zone in Colombia or Panama in 2019–2024: that card explains, and offers nothing to download
    assert any("Nothing in this layer matches" in i.value for i in at.info)
    assert not [k for k in download_keys(at) if k.startswith("download_displacement_zones")]


def test_sources_card_lists_the_sources_of_the_selection_with_links():
    at = open_page(countries="PAN", years="2023-2023")
    cited = set()
    for name in LAYERS:
        if name != "sources":
            frame = loaders.read_layer(name, countries=["PAN"], years=(2023, 2023))
            cited |= set(frame["source_id"]) | set(frame.get("figure_source_id", pd.Series(dtype=str)).dropna())
    assert summary_row(at, "Sources")["Selected"] == len(cited)
    sources_table = at.dataframe[1].value  # the first card's table
    assert set(sources_table["name"]) == set(loaders.read_sources().loc[sorted(cited), "name"])
    shelters = loaders.read_layer("shelters", countries=["PAN"])
    assert sources_table["rows"].sum() >= len(shelters) + len(loaders.read_layer("incidents", countries=["PAN"], years=(2023, 2023)))


def test_a_country_with_nothing_mapped_explains_instead_of_failing():
    at = open_page(countries="GRL")
    assert any("No mapped feature matches" in i.value for i in at.info)
    keys = download_keys(at)
    for name in ("places", "routes", "shelters", "incidents", "displacement_zones"):
        assert not [k for k in keys if k.startswith(f"download_{name}_")], name
    # the SNM table has no country column, so it stays downloadable, and says why in its README
    assert "download_darien_crossings_csv" in keys


def test_the_idmc_card_says_what_its_figure_sums_and_its_terms():
    at = open_page(years="2024-2024")
    text = " ".join(m.value for m in at.main.markdown)
    assert "**Disaster displacements in the selection:** 13,060,226: the sum of IDMC's figures over these rows" in text
    assert "non-commercial use only (CC BY-NC 4.0)" in text and "accessed 2025-11-03" in text
