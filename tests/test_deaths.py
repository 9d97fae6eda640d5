"""The page on disappearances and deaths: figures, grids, charts, map and the page itself."""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

import loaders
from analysis import deaths as dx
from charts.deaths import axis_label, cause_chart, chart_title, year_route_chart
from mapping import assets
from mapping.deaths import DeathsMap, build_deaths_map, cell_features, cell_style_rules, ramp
from mapping.packing import pack_incidents
from tests.apptest import open_app

ROOT = Path(__file__).resolve().parent.parent


def incidents(rows: list[dict]) -> gpd.GeoDataFrame:
    """Incident rows with the schema's columns; each row gives at least lon, lat and what matters to the test."""
    defaults = {
        "incident_type": "Incident",
        "date": "2022-05-01",
        "year": 2022,
        "dead": 1,
        "missing": 0,
        "females": None,
        "children": None,
        "cause": "Drowning",
        "route": None,
        "country_iso3": "PAN",
        "source_quality": 3,
        "precision": "approximate",
        "source_id": "src",
        "is_demo": True,
    }
    frame = pd.DataFrame([{"incident_id": f"T{n}", **defaults, **r} for n, r in enumerate(rows)])
    for column in ("females", "children"):
        frame[column] = frame[column].astype("Int64")
    points = [shapely.Point(lon, lat) for lon, lat in zip(frame.pop("lon"), frame.pop("lat"))]
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


@pytest.fixture(scope="module")
def mixed() -> gpd.GeoDataFrame:
    """Three incidents, a split incident beside the first, one cumulative record: five records, each counted once."""
    return incidents(
        [
            dict(lon=-77.5, lat=8.2, dead=3, missing=2, females=1, children=2, route="Darien", year=2022),
            dict(lon=-77.6, lat=8.3, dead=1, missing=0, children=0, cause="Violence", route="Darien", year=2023),
            dict(lon=-111.5, lat=31.8, dead=4, missing=0, females=2, cause="Mixed or unknown", route="US-Mexico border crossing, Darien", year=2023, is_demo=False),
            dict(lon=-77.5, lat=8.2, dead=3, missing=2, females=1, children=2, route="Darien", incident_type="Split Incident"),
            dict(lon=-98.2, lat=27.1, dead=10, missing=0, females=5, children=4, incident_type="Cumulative Incident"),
        ]
    )


# --- figures -----------------------------------------------------------------


def test_figures_count_every_record_once(mixed):
    f = dx.death_figures(mixed)
    assert (f.dead, f.missing, f.dead_and_missing, f.incidents) == (21, 4, 25, 5)  # split and cumulative included, as IOM counts
    assert (f.children, f.children_known) == (8, 4)  # the third incident does not state it
    assert (f.females, f.females_known) == (9, 4)
    assert f.illustrative


def test_unknown_children_and_sex_stay_unknown_not_zero():
    f = dx.death_figures(incidents([dict(lon=-77.5, lat=8.2, dead=2)]))
    assert f.children is None and f.females is None
    assert f.children_known == 0
    known_zero = dx.death_figures(incidents([dict(lon=-77.5, lat=8.2, dead=2, children=0, females=0)]))
    assert known_zero.children == 0 and known_zero.females == 0


def test_empty_selection_gives_zeros_and_no_flag(mixed):
    f = dx.death_figures(mixed.iloc[0:0])
    assert (f.dead, f.missing, f.incidents, f.children, f.illustrative) == (0, 0, 0, None, False)


def test_route_filter_reads_comma_joined_routes_and_records_without_one(mixed):
    assert dx.route_options(mixed) == ["Darien", "US-Mexico border crossing", dx.NO_ROUTE]
    assert len(dx.filter_incidents(mixed, ["US-Mexico border crossing"])) == 1
    assert len(dx.filter_incidents(mixed, ["Darien"])) == 4  # two incidents, the split part and the joined route
    assert list(dx.filter_incidents(mixed, [dx.NO_ROUTE])["incident_type"]) == ["Cumulative Incident"]
    assert len(dx.filter_incidents(mixed, [], [])) == 5
    assert dx.death_figures(dx.filter_incidents(mixed, ["Darien"], ["Drowning"])).dead == 6  # the incident and the split incident


def test_breakdowns_by_year_route_and_cause(mixed):
    by_year = dx.by_year_and_route(mixed)
    assert by_year.to_dict("records") == [
        {"year": 2022, "route": dx.NO_ROUTE, "dead": 10, "missing": 0, "dead_and_missing": 10, "incidents": 1},
        {"year": 2022, "route": "Darien", "dead": 6, "missing": 4, "dead_and_missing": 10, "incidents": 2},
        {"year": 2023, "route": "Darien", "dead": 1, "missing": 0, "dead_and_missing": 1, "incidents": 1},
        {"year": 2023, "route": "US-Mexico border crossing, Darien", "dead": 4, "missing": 0, "dead_and_missing": 4, "incidents": 1},
    ]
    by_cause = dx.by_cause(mixed)
    assert list(by_cause["cause"]) == ["Drowning", "Mixed or unknown", "Violence"]
    assert list(by_cause["dead_and_missing"]) == [20, 4, 1]
    assert by_cause["dead_and_missing"].sum() == dx.death_figures(mixed).dead_and_missing


def test_published_totals_split_region_route_and_other_counts():
    reported = pd.DataFrame(
        [
            ("Americas", None, 2023, "dead_and_missing", 1148, "mmp", None),
            ("Americas", None, 2024, "dead_and_missing", 1233, "mmp", "2025-03-01"),
            ("Americas", "Darien", 2024, "dead_and_missing", 174, "mmp", None),
            ("Americas", "US-Mexico border crossing", 2024, "dead_and_missing", 523, "mmp", None),
            ("Americas", "Darien", 2024, "deaths", 55, "pa", None),
            ("Americas", None, 2023, "disaster_displacements", 2100000, "idmc", None),
            ("Europe", None, 2024, "dead_and_missing", 999, "mmp", None),
        ],
        columns=["region", "route", "year", "measure", "value", "source_id", "as_of"],
    )
    p = dx.published_totals(reported, (2024, 2024))
    assert list(p.yearly["value"]) == [1233]
    assert list(p.by_route["value"]) == [523, 174]
    assert list(p.other["value"]) == [55]
    assert dx.published_totals(reported, (2010, 2015)).empty
    assert list(dx.published_totals(reported, None).yearly["year"]) == [2023, 2024]


def test_published_totals_of_the_bundled_table(bundled_gpkg):
    p = dx.published_totals(loaders.read_layer("reported_totals", path=bundled_gpkg), (2020, 2024))
    assert dict(zip(p.yearly["year"], p.yearly["value"])) == {2020: 798, 2021: 1249, 2022: 1457, 2023: 1148, 2024: 1233}
    assert sorted(p.by_route.loc[p.by_route["year"] == 2024, "value"]) == [174, 187, 523]
    assert list(p.other["value"]) == [55]


# --- grids -------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["hexagon", "square"])
def test_grid_cells_add_up_to_the_counted_records_and_hold_their_points(mixed, shape):
    cells = dx.grid_cells(mixed, 50, shape)
    assert cells.crs.to_epsg() == 4326
    assert cells["dead_and_missing"].sum() == 25  # every record, split and cumulative included
    assert cells["incidents"].sum() == 5
    # the Darién records (about 15 km apart) share a 50 km cell; Arizona and Texas have their own
    assert sorted(cells["dead_and_missing"]) == [4, 10, 11]
    # every counted point lies inside the polygon of the cell it was added to (checked in the grid's CRS)
    projected = cells.to_crs(dx.AMERICAS_EQUAL_AREA)
    points = mixed.to_crs(dx.AMERICAS_EQUAL_AREA)
    for _, cell in projected.iterrows():
        inside = points[points.within(cell.geometry)]
        assert int((inside["dead"] + inside["missing"]).sum()) == cell["dead_and_missing"]


@pytest.mark.parametrize("shape, area_km2", [("hexagon", math.sqrt(3) / 2 * 50**2), ("square", 50**2)])
def test_grid_cells_are_equal_area(mixed, shape, area_km2):
    cells = dx.grid_cells(mixed, 50, shape).to_crs(dx.AMERICAS_EQUAL_AREA)
    for area in cells.geometry.area / 1e6:
        assert area == pytest.approx(area_km2, rel=1e-6)


def test_bundled_grid_totals_match_the_figures(bundled_gpkg):
    bundled = loaders.read_layer("incidents", path=bundled_gpkg)
    total = dx.death_figures(bundled).dead_and_missing
    for shape, km in (("hexagon", 250), ("square", 75), ("hexagon", 10)):
        cells = dx.grid_cells(bundled, km, shape)
        assert cells["dead_and_missing"].sum() == total == 11_170
        assert cells["cell"].is_unique


def _at_square_centre(i: int, j: int, width_km: float) -> tuple[float, float]:
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs(dx.AMERICAS_EQUAL_AREA, "EPSG:4326", always_xy=True)
    return to_wgs84.transform((i + 0.5) * width_km * 1000, (j + 0.5) * width_km * 1000)


def test_a_point_on_no_grid_gives_no_cells(mixed):
    assert dx.grid_cells(mixed.iloc[0:0], 50).empty
    with pytest.raises(ValueError):
        dx.grid_cells(mixed, 50, "triangle")


def test_cell_size_is_round_and_clamped(mixed):
    # the points span about 3,700 km: 20 cells across would be 185 km, rounded up to 200
    assert dx.cell_size_km(mixed, 20, 10, 250) == 200
    assert dx.cell_size_km(mixed, 20, 10, 100) == 100
    assert dx.cell_size_km(mixed.iloc[:1], 20, 10, 100) == 10  # one point: the smallest cell


def test_nice_distances():
    assert [dx.nice_km(k) for k in (187.5, 12.5, 62.5, 3, 900)] == [200, 10, 50, 5, 300]


def test_class_breaks_and_classes():
    values = [1, 1, 2, 3, 5, 8, 13, 40]
    breaks = dx.class_breaks(values, 4)
    assert breaks == [1, 3, 8, 40]
    assert dx.classify(values, breaks) == [0, 0, 1, 1, 2, 2, 3, 3]
    assert dx.class_ranges(breaks) == [(1, 1), (2, 3), (4, 8), (9, 40)]
    assert dx.class_breaks([7, 7, 7]) == [7]
    assert dx.class_breaks([]) == []


# --- charts ------------------------------------------------------------------


def test_year_route_chart_spec(mixed):
    spec = year_route_chart(dx.by_year_and_route(mixed), chart_title("Dead and missing", "Illustrative records"), ["Demo set"]).to_dict()
    assert spec["title"]["text"] == ["Dead and missing", "Illustrative records"]
    assert spec["title"]["subtitle"] == ["Source: Demo set"]
    assert spec["encoding"]["x"]["title"] == "Year"
    assert spec["encoding"]["y"]["title"] == "Dead and missing (people)"
    assert spec["encoding"]["color"]["title"] == "Route"
    assert spec["autosize"]["type"] == "fit-x"  # the plot keeps its height under title and legend
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["dead_and_missing"] for r in rows) == 25
    assert {r["route_label"] for r in rows} == {"Darién", "US-Mexico border crossing, Darien", "No route recorded"}


def test_cause_chart_spec(mixed):
    spec = cause_chart(dx.by_cause(mixed), "By cause", ["Demo set"]).to_dict()
    assert spec["title"]["text"] == "By cause"
    assert spec["title"]["subtitle"] == ["Source: Demo set"]
    assert spec["encoding"]["x"]["title"] == "Dead and missing (people)"
    assert spec["encoding"]["y"]["sort"] == ["Drowning", "Mixed or unknown", "Violence"]
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["people"] for r in rows) == 25
    assert {r["count"] for r in rows} == {"Dead", "Missing"}


def test_a_credit_line_that_says_source_is_not_prefixed_twice(mixed):
    from importers.mmp import attribution

    spec = cause_chart(dx.by_cause(mixed), "By cause", [attribution(), "Demo set"]).to_dict()
    assert spec["title"]["subtitle"] == ["Source: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0; Demo set"]


def test_long_axis_labels_wrap():
    assert axis_label("Harsh conditions, lack of shelter, food or water") == "Harsh conditions, lack of|shelter, food or water"
    assert axis_label("Violence") == "Violence"


# --- map ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def basemap(bundled_gpkg):
    from mapping.features import basemap_features

    return basemap_features(loaders.read_layer("countries", path=bundled_gpkg), "en")


def render(m) -> str:
    return m.get_root().render()


def test_points_view_packs_the_counted_incidents_offline(basemap, mixed):
    spec = DeathsMap(basemap=basemap, view="points", incidents=mixed, illustrative=True)
    html = render(build_deaths_map(spec))
    assert assets.remote_assets(html) == []
    assert "Corredor.packedPoints" in html
    assert "Dashed outline: approximate location" in html
    assert "Illustrative records, not real incidents." in html
    assert html == render(build_deaths_map(spec))  # byte-identical for the same inputs
    # every point's popup links to the report form of its own record (ids in the packed order)
    assert '"base":"/deaths?report=1\\u0026incident="' in html
    ids = json.loads(re.search(r'"ids":(\[[^\]]*\])', html)[1])
    assert ids == [str(i) for i in mixed["incident_id"]]


def test_hexagon_view_draws_cells_as_geojson_offline(basemap, mixed):
    cells = dx.grid_cells(mixed, 50, "hexagon")
    html = render(build_deaths_map(DeathsMap(basemap=basemap, view="hexagons", cells=cells, cell_km=50)))
    assert assets.remote_assets(html) == []
    assert "Corredor.packedPoints" not in html and "Corredor.geojson" in html
    assert "Dead and missing per hexagon (50 km across)" in html
    assert "Equal-area grid" in html
    assert "Dead and missing in this hexagon: 11" in html


def test_heat_view_draws_a_heat_map_of_the_points_sent_once_offline(basemap, mixed):
    html = render(build_deaths_map(DeathsMap(basemap=basemap, view="heat", incidents=mixed)))
    assert assets.remote_assets(html) == []
    assert assets.HEAT_JS in html and html.count("Corredor.heat(") == 1
    assert "Corredor.packedPoints" not in html  # no clustered points beside the heat
    packed, _ = pack_incidents(mixed)
    assert html.count(packed) == 1  # the points travel once, as the heat layer's data
    assert "Dead and missing: heat map" in html and "nearby records add up" in html


def test_cell_features_carry_totals_and_class(mixed):
    cells = dx.grid_cells(mixed, 50, "hexagon")
    collection, breaks = cell_features(cells, 50)
    props = sorted((f["properties"] for f in collection["features"]), key=lambda p: int(p["dead"]))
    assert [(p["dead"], p["missing"], p["incidents"]) for p in props] == [("4", "0", "1"), ("7", "4", "3"), ("10", "0", "1")]
    assert props[1]["title"] == "Dead and missing in this hexagon: 11"
    assert [p["class"] for p in props] == ["0", "2", "1"] and breaks == [4, 10, 11]
    rules = cell_style_rules(len(breaks))
    assert [v["fillColor"] for v in rules["by"][0]["values"].values()] == ramp(3)


def test_unknown_view_is_refused(basemap):
    with pytest.raises(ValueError):
        build_deaths_map(DeathsMap(basemap=basemap, view="3d"))


# --- the page ----------------------------------------------------------------


open_page = functools.partial(open_app, "deaths")


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def number(at: AppTest, label: str) -> int:
    return int(metric(at, label).replace(",", ""))


def bundled_sum(column: str, route: str | None = None, **where) -> int:
    frame = loaders.read_layer("incidents")  # every record counts once
    if route:
        frame = dx.filter_incidents(frame, [route])
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return int(frame[column].fillna(0).sum())


def test_page_shows_controls_figures_and_labels():
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Disappearances and deaths"
    view = at.radio(key="deaths_view")
    assert view.label == "Map view" and list(view.options) == ["Points", "Heat", "Hexagons"] and view.value == "points"
    assert [m.label for m in at.main.multiselect] == ["Routes", "Causes of death"]
    assert number(at, "Dead") == bundled_sum("dead")
    assert number(at, "Dead") + number(at, "Missing") == 11_170  # every Americas record of IOM's export, 2014 – April 2025
    assert number(at, "Missing") == bundled_sum("missing")
    assert number(at, "Incidents") == 6883
    assert number(at, "Children") == bundled_sum("children")
    assert number(at, "Women and girls") == bundled_sum("females")
    markdown = " ".join(m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # Markdown escapes of data text
    assert "Records in the selection" in markdown and "Incident records: 6,883" in markdown
    assert "illustrative" not in (markdown + captions).lower()
    assert "Source: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0." in captions
    assert "Data as of Apr 29, 2025 (the newest record of the export)." in captions
    # the published figures beside the same figures computed from the records, with the reason they differ
    assert metric(at, "Americas, 2024: dead and missing") == "1,233"
    assert "Americas 2024: 1,271 in the records, 1,233 published" in captions
    assert "MMP revises past years" in captions
    assert "Missing Migrants Project" in captions and "data date not recorded" in captions
    assert "https://familylinks.icrc.org/" in markdown
    method = [e for e in at.expander if e.label == "What is counted, and how far to trust it"]
    assert len(method) == 1 and "Source Quality runs from 1 to 5" in " ".join(m.value for m in method[0].markdown)
    # the map's table alternative: one row per incident point drawn
    assert [e.label for e in at.expander if e.label.startswith("Map as a table")] == ["Map as a table (6,883 features)"]


def test_route_and_cause_filters_change_the_figures():
    at = open_page()
    at.multiselect(key="deaths_routes").set_value(["Darien"]).run()
    assert not at.exception
    darien = number(at, "Dead")
    assert darien == bundled_sum("dead", route="Darien") and 0 < darien < bundled_sum("dead")
    assert "filtered to the selection" in " ".join(c.value for c in at.caption)
    at.multiselect(key="deaths_causes").set_value(["Drowning"]).run()
    assert number(at, "Dead") == bundled_sum("dead", route="Darien", cause="Drowning") < darien


@pytest.mark.parametrize("view", ["heat", "hexagons"])
def test_grid_views_run(view):
    at = open_page({"countries": "PAN,COL"})
    at.radio(key="deaths_view").set_value(view).run()
    assert not at.exception
    assert number(at, "Dead") == bundled_sum("dead", country_iso3="PAN") + bundled_sum("dead", country_iso3="COL")


def test_shared_year_filter_applies_to_records_and_published_totals():
    at = open_page({"years": "2016-2016"})
    assert not at.exception
    assert number(at, "Dead") == bundled_sum("dead", year=2016)
    assert "No published totals for 2016–2016." in " ".join(c.value for c in at.caption)


def test_a_country_without_records_explains_instead_of_failing():
    at = open_page({"countries": "GRL"})
    assert not at.exception
    assert number(at, "Dead") == 0 and metric(at, "Children") == "—"
    assert any("No incident records match this selection" in i.value for i in at.info)
    assert "illustrative" not in " ".join(c.value for c in at.caption).lower()
