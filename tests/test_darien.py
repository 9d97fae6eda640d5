"""The Darién page: steps and distances, crossings, deaths per 100,000 crossings, charts, map and the page itself."""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

import loaders
from analysis import darien
from charts import darien as darien_charts
from mapping import assets
from mapping import darien as darien_map
from mapping import features
from ui.darien import md_escape
from tests.apptest import open_app

ROOT = Path(__file__).resolve().parent.parent
KM_PER_DEGREE_AT_EQUATOR = 111.319  # WGS84 equatorial circumference / 360


# ---------------------------------------------------------------- hand-built frames


def segment(segment_id, order, start, end, coords, mode="foot", countries="COL;PAN", year_start=2021, year_end=2024, notes=None):
    return {
        "segment_id": segment_id,
        "route_id": "darien",
        "route_name": "Darién corridor",
        "segment_order": order,
        "from_place": start,
        "to_place": end,
        "mode": mode,
        "direction": "northbound",
        "countries": countries,
        "year_start": year_start,
        "year_end": year_end,
        "notes": notes,
        "source_id": "src",
        "precision": "schematic",
        "is_demo": False,
        "geometry": shapely.LineString(coords),
    }


def routes(rows) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs="EPSG:4326")


# A route along the equator, so lengths are easy to check by hand: 1° of longitude = 111.3 km.
# Step 1 has two branches from two ports; step 2 two trails; step 3 one bus ride.
EQUATOR_ROUTE = [
    segment("s-1", 1, "Port A", "Coast C", [(0, 0), (0.5, 0)], mode="boat"),  # 55.7 km
    segment("s-2", 2, "Port B", "Coast C", [(0, 0), (1.0, 0)], mode="boat"),  # 111.3 km
    segment("s-3", 3, "Coast C", "Village E", [(1.0, 0), (1.2, 0)], notes="Three days on foot."),  # 22.3 km
    segment("s-4", 4, "Coast C", "Village F", [(1.0, 0), (1.3, 0)]),  # 33.4 km
    segment("s-5", 5, "Village E", "Station G", [(1.2, 0), (2.2, 0)], mode="bus"),
    segment("s-6", 6, "Village F", "Station G", [(1.3, 0), (2.2, 0)], mode="bus"),
]


def crossings_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["year", "month", "direction", "nationality", "count", "source_id", "notes"])
    frame["month"] = frame["month"].astype("Int64")
    return frame


CROSSINGS = crossings_frame(
    [
        (2022, None, "northbound", None, 248_284, "snm", "yearly"),
        (2023, None, "northbound", None, 1_000, "snm", "yearly; Aug and Sep together"),
        (2024, None, "northbound", None, 302_203, "snm", "yearly"),
        (2025, None, "northbound", None, 3_091, "efe", "press"),
        (2025, None, "southbound", None, 22_833, "efe", "reverse flow"),
        (2022, None, "northbound", "Venezuela", 150_000, "snm", None),
        (2022, None, "northbound", "other", 90_000, "snm", None),
        (2022, None, "northbound", "Haiti", 8_284, "snm", None),
        (2023, None, "northbound", "Venezuela", 600, "snm", None),
        (2023, None, "northbound", "Ecuador", 100, "snm", None),
    ]
    + [(2023, m, "northbound", None, 80, "snm", "monthly") for m in (1, 2, 3, 4, 5, 6, 7, 10, 11, 12)]
)

TOTALS = pd.DataFrame(
    [
        ("Americas", "Darien", 2022, "dead_and_missing", 141, "mmp", None, "MMP: dead and missing"),
        ("Americas", "Darien", 2024, "dead_and_missing", 174, "mmp", None, "MMP: dead and missing"),
        ("Americas", "Darien", 2024, "deaths", 55, "pa", None, "Panamanian authorities: deaths only"),
        ("Americas", "Darien", 2021, "dead_and_missing", 50, "mmp", None, "no crossings figure this year in the frame"),
        ("Americas", "Darien", 2022, "departures_los_planes", 226_610, "dtm", None, "not a death figure"),
        ("Americas", "US-Mexico border crossing", 2024, "dead_and_missing", 523, "mmp", None, "another route"),
        ("Americas", None, 2024, "dead_and_missing", 1_233, "mmp", None, "whole region"),
    ],
    columns=["region", "route", "year", "measure", "value", "source_id", "as_of", "definition"],
)


# ---------------------------------------------------------------- steps and distances


def test_branches_between_the_same_stops_share_a_step():
    segs = darien.darien_segments(routes(EQUATOR_ROUTE))
    assert dict(zip(segs["segment_id"], segs["step"])) == {"s-1": 1, "s-2": 1, "s-3": 2, "s-4": 2, "s-5": 3, "s-6": 3}


def test_steps_do_not_depend_on_row_order_and_skip_other_routes():
    shuffled = routes(list(reversed(EQUATOR_ROUTE)) + [{**segment("x-1", 1, "Coast C", "Elsewhere", [(0, 0), (1, 1)]), "route_id": "isthmus"}])
    segs = darien.darien_segments(shuffled)
    assert list(segs["segment_id"]) == ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"]
    assert list(segs["step"]) == [1, 1, 2, 2, 3, 3]


def test_a_loop_in_the_data_does_not_hang_the_grouping():
    loop = routes([segment("a", 1, "P", "Q", [(0, 0), (1, 0)]), segment("b", 2, "Q", "P", [(1, 0), (0, 0)])])
    steps = darien.assign_steps(loop)
    assert sorted(steps) == [1, 2]


def test_step_distance_is_the_range_of_its_branches_in_km():
    steps = darien.steps(darien.darien_segments(routes(EQUATOR_ROUTE)))
    first, second, third = steps
    assert first.starts == ("Port A", "Port B") and first.ends == ("Coast C",)
    assert first.modes == ("boat",) and first.branches == 2
    assert first.km_min == pytest.approx(0.5 * KM_PER_DEGREE_AT_EQUATOR, rel=1e-3)  # 55.7 km
    assert first.km_max == pytest.approx(1.0 * KM_PER_DEGREE_AT_EQUATOR, rel=1e-3)  # 111.3 km
    assert darien.km_range(first.km_min, first.km_max) == "56–111"
    assert darien.km_range(second.km_min, second.km_max) == "22–33"
    assert darien.km_range(third.km_min, third.km_max) == "100–111"  # 0.9° and 1.0°
    assert darien.km_range(56.71, 56.71) == "57"


def test_services_near_each_step_in_km():
    segs = darien.darien_segments(routes(EQUATOR_ROUTE))
    shelters = gpd.GeoDataFrame(
        {"shelter_id": ["near-port", "near-village", "far"], "name": ["A", "B", "C"]},
        geometry=[shapely.Point(0.25, 0.1), shapely.Point(1.25, -0.2), shapely.Point(0.5, 0.5)],
        crs="EPSG:4326",
    )
    near = darien.services_near_steps(shelters, segs, 25)
    by_step = {s: list(g["shelter_id"]) for s, g in near.groupby("step")}
    # 0.1° north of the line is 11.1 km; 0.2° south is 22.1 km; 0.5° is 55 km (too far)
    assert by_step == {1: ["near-port"], 2: ["near-village"], 3: ["near-village"]}
    assert near.loc[near["shelter_id"] == "near-port", "distance_km"].iloc[0] == pytest.approx(11.06, abs=0.1)
    assert darien.services_near_steps(shelters, segs, 10).empty
    within = darien.services_within(shelters, segs, 25)
    assert sorted(within["shelter_id"]) == ["near-port", "near-village"]


def test_route_places_are_matched_by_name_within_the_route_countries():
    segs = darien.darien_segments(routes(EQUATOR_ROUTE[:2]))
    places = gpd.GeoDataFrame(
        {"name": ["Coast C", "Port B", "Port A", "Port A"], "country_iso3": ["PAN", "COL", "COL", "MEX"]},
        geometry=[shapely.Point(0, 0)] * 4,
        crs="EPSG:4326",
    )
    found = darien.route_places(places, segs)
    assert list(zip(found["name"], found["country_iso3"])) == [("Port A", "COL"), ("Coast C", "PAN"), ("Port B", "COL")]


def test_years_of_use():
    assert darien.years_of_use(pd.DataFrame({"year_start": [2021, 2022], "year_end": pd.array([2024, 2024], dtype="Int64")})) == "2021–2024"
    assert darien.years_of_use(pd.DataFrame({"year_start": [2021], "year_end": pd.array([None], dtype="Int64")})) == "2021–"
    assert darien.years_of_use(pd.DataFrame({"year_start": [], "year_end": []})) == ""


# ---------------------------------------------------------------- crossings


def test_key_figures_follow_the_rows_given():
    figures = darien.key_figures(CROSSINGS, TOTALS)
    assert figures.northbound == 248_284 + 1_000 + 302_203 + 3_091
    assert figures.northbound_years == (2022, 2023, 2024, 2025)
    assert (figures.peak_year, figures.peak) == (2024, 302_203)
    assert (figures.southbound, figures.southbound_years) == (22_833, (2025,))
    assert figures.dead_and_missing == 141 + 174 + 50  # MMP, Darién route only
    assert figures.death_sources == ("mmp",)
    only_2022 = darien.key_figures(CROSSINGS[CROSSINGS["year"] == 2022], TOTALS[TOTALS["year"] == 2022])
    assert only_2022.southbound is None and only_2022.southbound_years == ()
    assert only_2022.dead_and_missing == 141


def test_monthly_keeps_unreported_months_empty_and_the_remainder_is_computed():
    months = darien.monthly(CROSSINGS, 2023)
    assert list(months["month"]) == list(range(1, 13))
    assert months["count"].isna().tolist() == [m in (8, 9) for m in range(1, 13)]
    assert darien.unreported_months(CROSSINGS, 2023) == ([8, 9], 1_000 - 10 * 80)
    assert darien.unreported_months(CROSSINGS, 2022) == (list(range(1, 13)), None)  # no month at all: nothing to subtract
    assert darien.years_with_months(CROSSINGS) == [2023]


def test_nationalities_largest_first_other_last_and_the_remainder():
    rows = darien.nationalities(CROSSINGS, 2022)
    assert list(rows["nationality"]) == ["Venezuela", "Haiti", "other"]
    assert darien.nationality_remainder(CROSSINGS, 2022) is None  # 150,000 + 90,000 + 8,284 = the total
    assert darien.nationality_remainder(CROSSINGS, 2023) == 300  # only the largest were given
    assert darien.years_with_nationalities(CROSSINGS) == [2022, 2023]
    assert darien.named_nationalities(CROSSINGS) == ["Venezuela", "Haiti", "Ecuador"]  # 'other' names no one
    venezuela = darien.nationality_by_year(CROSSINGS, "Venezuela")
    assert list(venezuela["year"]) == sorted(venezuela["year"]) and set(venezuela["year"]) <= {2022, 2023}
    assert int(venezuela["count"].sum()) == int(CROSSINGS.loc[(CROSSINGS["nationality"] == "Venezuela") & CROSSINGS["month"].isna(), "count"].sum())


def test_year_spans_and_notes():
    assert darien.year_span([2019, 2020, 2021]) == "2019–2021"
    assert darien.year_span([2024, 2022]) == "2022, 2024"
    assert darien.year_span([2023]) == "2023"
    assert darien.year_span([]) == ""
    notes = darien.notes_by_years(darien.yearly(CROSSINGS))
    assert notes[0] == ("2022, 2024", "yearly")
    assert ("2025", "reverse flow") in notes


# ---------------------------------------------------------------- deaths per 100,000 crossings


def test_rate_per_100k_is_figure_over_crossings():
    assert darien.rate_per_100k(141, 248_284) == pytest.approx(56.789, abs=1e-3)
    assert round(darien.rate_per_100k(141, 248_284), 1) == 56.8
    assert math.isnan(darien.rate_per_100k(141, None))
    assert math.isnan(darien.rate_per_100k(None, 248_284))
    assert math.isnan(darien.rate_per_100k(141, 0))


def test_death_rates_only_where_both_figures_exist_and_disagreeing_sources_both_kept():
    rates = darien.death_rates(TOTALS, CROSSINGS)
    assert list(zip(rates["year"], rates["source_id"], rates["value"])) == [(2021, "mmp", 50), (2022, "mmp", 141), (2024, "mmp", 174), (2024, "pa", 55)]
    by = {(y, s): r for y, s, r in zip(rates["year"], rates["source_id"], rates["rate"])}
    assert math.isnan(by[(2021, "mmp")])  # no crossings figure that year: no rate
    assert round(by[(2022, "mmp")], 1) == 56.8  # 141 / 248,284 × 100,000
    assert round(by[(2024, "mmp")], 1) == 57.6  # 174 / 302,203 × 100,000
    assert round(by[(2024, "pa")], 1) == 18.2  # 55 / 302,203 × 100,000
    assert rates.set_index(["year", "source_id"])["disagreement"].to_dict() == {(2021, "mmp"): False, (2022, "mmp"): False, (2024, "mmp"): True, (2024, "pa"): True}
    assert rates.loc[rates["source_id"] == "pa", "definition"].iloc[0] == "Panamanian authorities: deaths only"
    assert darien.years_without_death_figure(TOTALS, CROSSINGS) == [2023, 2025]


def test_bundled_figures_give_the_published_rates():
    crossings = loaders.read_layer("darien_crossings")
    totals = loaders.read_layer("reported_totals")
    rates = darien.death_rates(totals, crossings)
    got = {(int(y), m): round(r, 1) for y, m, r in zip(rates["year"], rates["measure"], rates["rate"])}
    assert got == {(2022, "dead_and_missing"): 56.8, (2024, "dead_and_missing"): 57.6, (2024, "deaths"): 18.2}
    figures = darien.key_figures(crossings, totals)
    assert (figures.peak_year, figures.peak, figures.southbound) == (2023, 520_085, 22_833)


def test_bundled_route_groups_into_the_five_steps_of_the_corridor():
    steps = darien.steps(darien.darien_segments(loaders.read_layer("routes")))
    assert [(s.starts, s.ends, s.modes) for s in steps] == [
        (("Necoclí", "Turbo"), ("Acandí", "Capurganá"), ("boat",)),
        (("Acandí", "Capurganá"), ("Bajo Chiquito", "Canaán Membrillo"), ("foot",)),
        (("Bajo Chiquito", "Canaán Membrillo"), ("ERM Lajas Blancas", "ERM San Vicente (Metetí)"), ("boat", "mixed")),
        (("ERM Lajas Blancas", "ERM San Vicente (Metetí)"), ("ERM Los Planes de Gualaca",), ("bus",)),
        (("ERM Los Planes de Gualaca",), ("Paso Canoas",), ("bus",)),
    ]
    assert [s.branches for s in steps] == [3, 4, 4, 2, 1]
    assert all(s.km_min <= s.km_max for s in steps)
    assert 400 < steps[3].km_min < steps[3].km_max < 600  # the long bus transfer across Panama


# ---------------------------------------------------------------- charts


def _spec(chart) -> dict:
    return chart.to_dict()


def test_yearly_chart_has_title_source_and_axis_titles():
    spec = _spec(darien_charts.yearly_chart(darien.yearly(CROSSINGS), ["Servicio Nacional de Migración (SNM), Panama"]))
    assert " ".join(spec["title"]["text"]) == "Crossings of the Darién per year"
    assert "Source: Servicio Nacional de Migración (SNM), Panama" in " ".join(spec["title"]["subtitle"])
    assert spec["encoding"]["x"]["title"] == "Year" and spec["encoding"]["y"]["title"] == "People"
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {v["direction"] for v in values} == {"Northbound", "Southbound (reverse flow)"}


def test_long_titles_and_sources_wrap_onto_lines_that_fit_a_phone():
    spec = _spec(darien_charts.rate_chart(darien.death_rates(TOTALS, CROSSINGS).assign(series="x"), ["A publisher with a long name (and its acronym)", "Another one, also long"]))
    assert all(len(line) <= darien_charts.WRAP_CHARS for line in spec["title"]["text"])
    assert all(len(line) <= darien_charts.WRAP_CHARS + 16 for line in spec["title"]["subtitle"])
    assert "Source:" in spec["title"]["subtitle"][0]


def test_monthly_chart_keeps_twelve_months_on_the_axis_and_marks_the_missing_ones():
    spec = _spec(darien_charts.monthly_chart(darien.monthly(CROSSINGS, 2023), 2023, ["SNM"]))
    bars, gaps, notes = spec["layer"]
    assert len(bars["encoding"]["x"]["scale"]["domain"]) == 12
    assert bars["encoding"]["x"]["title"] == "Month" and bars["encoding"]["y"]["title"] == "People"
    values = [spec["datasets"][layer["data"]["name"]] for layer in spec["layer"]]
    assert [v["month"] for v in values[0]] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Oct", "Nov", "Dec"]
    assert [v["month"] for v in values[1]] == ["Aug", "Sep"]  # drawn as missing, not as a drop to zero
    assert {v["note"] for v in values[2]} == {"no figure"} and notes["mark"]["type"] == "text"


def test_rate_chart_draws_only_rows_with_a_rate():
    rates = darien.death_rates(TOTALS, CROSSINGS)
    rates["series"] = rates["source_id"]
    spec = _spec(darien_charts.rate_chart(rates, ["IOM", "SNM"]))
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert sorted((v["year"], v["rate"]) for v in values) == [("2022", 56.8), ("2024", 18.2), ("2024", 57.6)]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Per 100,000 crossings"


def test_nationality_chart_names_other_nationalities():
    spec = _spec(darien_charts.nationality_chart(darien.nationalities(CROSSINGS, 2022), 2022, ["SNM"]))
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert [v["nationality"] for v in values] == ["Venezuela", "Haiti", "Other nationalities"]
    assert spec["encoding"]["x"]["title"] == "People"


def test_nationalities_are_named_in_the_readers_language():
    from i18n import set_language

    set_language("fr")
    try:
        spec = _spec(darien_charts.nationality_chart(darien.nationalities(CROSSINGS, 2022), 2022, ["SNM"]))
    finally:
        set_language("en")
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert [v["nationality"] for v in values] == ["Venezuela", "Haïti", "Autres nationalités"]


# ---------------------------------------------------------------- map


@pytest.fixture(scope="module")
def bundled_map_layers():
    segments = darien.darien_segments(loaders.read_layer("routes"))
    sources = loaders.read_sources()
    names = dict(zip(*loaders.read_layer("countries")[["iso3", "name_en"]].T.values))
    shelters = features.generalise_sensitive(loaders.read_layer("shelters"), loaders.read_layer("places"))
    near = darien.services_within(shelters, segments, 25)
    layers = darien_map.DarienLayers(
        basemap={"type": "FeatureCollection", "features": []},
        segments=darien_map.segment_features(segments, sources),
        places=darien_map.place_features(darien.route_places(loaders.read_layer("places"), segments), sources, names),
        services=darien_map.service_features(near, sources, names),
        service_km=25,
        modes=list(segments["mode"].unique()),
    )
    return segments, layers


def test_map_is_offline_and_reproducible(bundled_map_layers):
    segments, layers = bundled_map_layers
    html = darien_map.build_darien_map(layers, bounds=darien_map.route_bounds(segments)).get_root().render()
    again = darien_map.build_darien_map(layers, bounds=darien_map.route_bounds(segments)).get_root().render()
    assert assets.remote_assets(html) == []
    assert html == again
    assert "Services within 25 km" in html and "Places on the route" in html


def test_segment_popups_carry_step_distance_and_source(bundled_map_layers):
    _segments, layers = bundled_map_layers
    first = layers.segments["features"][0]["properties"]
    assert first["title"] == "Step 1: Necoclí → Acandí"
    assert first["distance"] == "56 km along the schematic line"
    assert first["source"] and first["notes"].startswith("Boat across the Gulf of Urabá")
    assert len(layers.segments["features"]) == 14
    kinds = {f["properties"]["title"]: f["properties"]["kind"] for f in layers.places["features"]}
    assert kinds["ERM Lajas Blancas"] == "reception_station" and kinds["Necoclí"] == "port"
    service_names = [f["properties"]["title"] for f in layers.services["features"]]
    assert len(service_names) >= 4 and all(f["properties"]["distance"].endswith("km") for f in layers.services["features"])


def test_markdown_escape_keeps_data_inert():
    assert md_escape("ERM San Vicente (Metetí)") == "ERM San Vicente \\(Metetí\\)"
    escaped = md_escape("[click](http://x.example) **bold** :red[x] $x$ <b> _i_ `c`")
    assert re.search(r"(?<!\\)[\[\]()*:$<>_`]", escaped) is None  # every active character escaped
    assert escaped.replace("\\", "") == "[click](http://x.example) **bold** :red[x] $x$ <b> _i_ `c`"
    assert md_escape(None) == ""


# ---------------------------------------------------------------- the page


open_page = functools.partial(open_app, "darien")


def metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_page_shows_key_figures_steps_and_both_2024_figures():
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Darién corridor"
    assert (metric(at, "Northbound crossings").value, metric(at, "Northbound crossings").delta) == ("1,238,085", "2019–2025")
    assert (metric(at, "Peak year").value, metric(at, "Peak year").delta) == ("520,085", "2023")
    assert (metric(at, "Southbound (reverse flow)").value, metric(at, "Southbound (reverse flow)").delta) == ("22,833", "2025")
    assert metric(at, "Dead and missing (MMP)").value == "542"  # every record on the route "Darien", 2014 – April 2025
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Published by IOM: 2022 141 (records 146). MMP revises past years" in captions  # 2024: 174 both, not repeated
    assert "Source: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0; filtered to the selection" in captions
    steps = [e.label for e in at.expander if e.label[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert len(steps) == 5 and steps[0].startswith("1. Boat: Necoclí / Turbo → Acandí / Capurganá")
    assert at.slider(key="darien_km").value == 25
    assert any("2024" in w.value and "neither is picked" in w.value for w in at.warning)
    table = next(df.value for df in at.dataframe if "Per 100,000 crossings" in df.value.columns)
    assert sorted(zip(table["Year"], table["Figure"], table["Per 100,000 crossings"])) == [
        ("2022", "Dead and missing", 56.8),
        ("2024", "Dead and missing", 57.6),
        ("2024", "Deaths", 18.2),
    ]
    assert any(c.value.startswith("Crossings: ") and "Servicio Nacional de Migración" in c.value for c in at.caption)


def test_the_distance_slider_changes_the_services_of_a_step():
    at = open_page()
    last_step = next(e for e in at.expander if e.label.startswith("5."))
    assert len(last_step.dataframe[0].value) == 2  # Los Planes station and CATEM Sur across the border (5.4 km)
    at = at.slider(key="darien_km").set_value(5).run()
    assert not at.exception
    last_step = next(e for e in at.expander if e.label.startswith("5."))
    assert len(last_step.dataframe[0].value) == 1


def test_year_filter_drives_figures_and_rates():
    at = open_page({"years": "2022-2022"})
    assert not at.exception
    assert (metric(at, "Northbound crossings").value, metric(at, "Peak year").delta) == ("248,284", "2022")
    assert metric(at, "Southbound (reverse flow)").value == "—"
    table = next(df.value for df in at.dataframe if "Per 100,000 crossings" in df.value.columns)
    assert list(table["Per 100,000 crossings"]) == [56.8]
    assert not at.warning  # one figure for 2022: nothing disagrees


def test_years_without_route_segments_explain_instead_of_failing():
    at = open_page({"years": "2025-2026"})
    assert not at.exception
    assert metric(at, "Northbound crossings").value == "3,091"
    assert metric(at, "Dead and missing (MMP)").value == "4"  # the records of January – April 2025
    assert any("segments in the data cover 2021–2024" in i.value for i in at.info)
    assert any("No published death figure" in i.value for i in at.info)


def test_a_selection_without_colombia_or_panama_says_where_the_darien_is():
    at = open_page({"countries": "GRL"})
    assert not at.exception
    assert any("Colombia and Panama" in i.value for i in at.info)
    assert metric(at, "Peak year").value == "520,085"  # the page still works
    assert not any("Colombia and Panama" in i.value for i in open_page({"countries": "PAN"}).info)
