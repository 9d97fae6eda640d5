"""Shared filters round-trip through the URL; key figures add up as documented."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.figures import key_figures
from ui.filters import YEAR_MAX, YEAR_MIN, Filters, from_query, to_query

KNOWN = {"COL", "PAN", "MEX", "USA"}


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(countries=("PAN", "COL"), years=(2019, 2024), layers=("routes", "incidents")),
        Filters(layers=()),
        Filters(years=(2023, 2023)),
    ],
)
def test_filters_survive_a_round_trip_through_the_url(filters):
    assert from_query(to_query(filters), KNOWN) == filters


def test_default_filters_make_a_short_link():
    assert to_query(Filters()) == {}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"countries": "pan,XXX,col,PAN"}, Filters(countries=("PAN", "COL"))),
        ({"years": "2030-1990"}, Filters(years=(YEAR_MIN, YEAR_MAX))),
        ({"years": "2024-2019"}, Filters(years=(2019, 2024))),
        ({"years": "abc"}, Filters()),
        ({"layers": "zones,bogus"}, Filters(layers=("zones",))),
        ({"layers": "none"}, Filters(layers=())),
    ],
)
def test_malformed_links_fall_back_safely(query, expected):
    assert from_query(query, KNOWN) == expected


def _incidents(rows):
    return pd.DataFrame(rows, columns=["incident_type", "dead", "missing", "is_demo"])


def test_key_figures_count_every_record_once():
    incidents = _incidents(
        [
            ("Incident", 3, 2, True),
            ("Incident", 1, 0, True),
            ("Split Incident", 3, 2, True),  # one record whose Incident ID lists its parts: counted, as IOM counts it
            ("Cumulative Incident", 10, 0, True),
            ("Incident;Split Incident", 2, -1, True),  # a correction of the missing, kept as given
        ]
    )
    zones = pd.DataFrame({"displacement": pd.array([1_500_000, None, 20_000], dtype="Int64")})
    shelters = pd.DataFrame({"name": ["a", "b"]})
    figures = key_figures(shelters, incidents, zones)
    assert figures.dead_and_missing == 22
    assert figures.incidents == 5
    assert figures.incidents_illustrative
    assert figures.displacement == 1_520_000
    assert figures.zones_without_figure == 1
    assert figures.shelters == 2


def test_key_figures_of_an_empty_selection():
    figures = key_figures(pd.DataFrame({"name": []}), _incidents([]), pd.DataFrame({"displacement": pd.array([], dtype="Int64")}))
    assert (figures.shelters, figures.dead_and_missing, figures.displacement) == (0, 0, 0)
    assert not figures.incidents_illustrative
