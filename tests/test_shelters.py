"""Shelters and services: search and filters, counts, shelters near routes, the builders and the page."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from analysis import shelters as sh
from analysis import spatial
from charts.shelters import counts_chart
from mapping import assets
from mapping.features import generalise_sensitive
from mapping.shelters import build_shelter_map, fit_bounds, result_features
from tests.apptest import open_app

ROOT = Path(__file__).resolve().parent.parent


def shelter(**overrides) -> dict:
    row = {
        "shelter_id": "x",
        "name": "Casa",
        "type": "shelter",
        "operator": None,
        "country_iso3": "MEX",
        "municipality": "Tapachula",
        "services": "lodging",
        "populations": "all",
        "languages": None,
        "capacity": None,
        "contact": None,
        "sensitive": False,
        "last_verified": None,
        "closed": None,
        "source_id": "src-a",
        "precision": "town",
        "is_demo": False,
    }
    row.update(overrides)
    return row


def frame(rows: list[dict], points=None) -> gpd.GeoDataFrame:
    df = pd.DataFrame(rows)
    df["capacity"] = df["capacity"].astype("Int64")
    for column in ("name", "operator", "municipality", "services", "populations", "languages", "contact", "last_verified", "closed"):
        df[column] = df[column].astype("string")
    geoms = points or [shapely.Point(-92.26, 14.9)] * len(rows)
    return gpd.GeoDataFrame(df, geometry=geoms, crs="EPSG:4326")


@pytest.fixture
def directory() -> gpd.GeoDataFrame:
    return frame(
        [
            shelter(shelter_id="a", name="Casa del Migrante Tecún Umán", municipality="Tecún Umán (Ayutla)", country_iso3="GTM",
                    operator="Misioneros Scalabrinianos", services="lodging;food;legal", populations="all"),
            shelter(shelter_id="b", name="Albergue Belén", operator="Diócesis de Tapachula", services="lodging;food", populations="families;women"),
            shelter(shelter_id="c", name="Fray Matías", type="legal_aid", services="legal;psychosocial", populations="lgbti", closed="2024-01-01"),
            shelter(shelter_id="d", name="Comedor", type="soup_kitchen", municipality="Ciudad Juárez", operator="Cáritas", services="food", populations="men"),
        ]
    )


def ids(result: pd.DataFrame) -> list[str]:
    return list(result["shelter_id"])


# Search and filters


def test_fold_drops_accents_and_case():
    assert sh.fold("Tecún Umán") == "tecun uman"
    assert sh.fold("ÑANDÚ Çà") == "nandu ca"
    assert sh.fold(None) == "" and sh.fold(pd.NA) == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tecun", ["a"]),
        ("TECÚN umán", ["a"]),
        ("tapachula", ["b", "c"]),  # the town
        ("diocesis", ["b"]),  # the operator, without its accent
        ("caritas juarez", ["d"]),  # every word, each in any of name, town, operator
        ("belen juarez", []),
        ("  ", ["a", "b", "c", "d"]),
        ("xyz", []),
    ],
)
def test_search_matches_name_town_and_operator(directory, text, expected):
    assert ids(sh.search(directory, sh.ShelterQuery(text=text))) == expected


def test_filter_by_type(directory):
    assert ids(sh.search(directory, sh.ShelterQuery(types=("shelter",)))) == ["a", "b"]
    assert ids(sh.search(directory, sh.ShelterQuery(types=("shelter", "legal_aid")))) == ["a", "b", "c"]


def test_filter_by_services_needs_every_service(directory):
    assert ids(sh.search(directory, sh.ShelterQuery(services=("food",)))) == ["a", "b", "d"]
    assert ids(sh.search(directory, sh.ShelterQuery(services=("lodging", "legal")))) == ["a"]


def test_filter_by_population_counts_everyone_as_serving_all(directory):
    assert ids(sh.search(directory, sh.ShelterQuery(populations=("women",)))) == ["a", "b"]
    assert ids(sh.search(directory, sh.ShelterQuery(populations=("lgbti", "men")))) == ["a", "c", "d"]
    assert ids(sh.search(directory, sh.ShelterQuery(populations=("all",)))) == ["a"]


def test_hide_closed_and_combined_filters(directory):
    assert ids(sh.search(directory, sh.ShelterQuery(hide_closed=True))) == ["a", "b", "d"]
    assert ids(sh.search(directory, sh.ShelterQuery(text="tapachula", services=("legal",)))) == ["c"]
    assert ids(sh.search(directory, sh.ShelterQuery(text="tapachula", services=("legal",), hide_closed=True))) == []
    assert sh.is_closed(directory).tolist() == [False, False, True, False]


# Counts


def test_counts_by_country_and_type(directory):
    counts = sh.counts_by_country_and_type(directory)
    assert list(counts.itertuples(index=False, name=None)) == [
        ("GTM", "shelter", 1),
        ("MEX", "legal_aid", 1),
        ("MEX", "shelter", 1),
        ("MEX", "soup_kitchen", 1),
    ]
    table = sh.count_table(counts, list(sh.type_labels()))
    assert list(table.index) == ["MEX", "GTM"]  # largest first
    assert list(table.columns) == ["shelter", "soup_kitchen", "legal_aid", "total"]
    assert table.loc["MEX"].tolist() == [1, 1, 1, 3]
    assert table.loc["GTM"].tolist() == [1, 0, 0, 1]
    assert int(table["total"].sum()) == len(directory)


def test_counts_of_nothing_are_empty(directory):
    counts = sh.counts_by_country_and_type(directory.iloc[0:0])
    assert counts.empty and list(counts.columns) == ["country_iso3", "type", "count"]
    assert sh.count_table(counts).empty


# Shelters within N km of a route


@pytest.fixture
def routes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "segment_id": ["seg-a", "seg-b"],
            "route_name": ["Route A", "Route B"],
            "from_place": ["West", "South"],
            "to_place": ["East", "North"],
            "source_id": ["rt-a", "rt-b"],
        },
        geometry=[shapely.LineString([(-78.5, 8.0), (-77.5, 8.0)]), shapely.LineString([(-70, 0), (-69, 0)])],
        crs="EPSG:4326",
    )


@pytest.fixture
def near_points() -> gpd.GeoDataFrame:
    return frame(
        [shelter(shelter_id=i) for i in ("p1", "p2", "p3", "p4")],
        points=[
            shapely.Point(-78.0, 8.1),  # 0.1° of latitude north of seg-a at 8° N: 11.06 km
            shapely.Point(-77.0, 8.0),  # 0.5° of longitude east of seg-a's end at 8° N: 111.32·cos 8°·0.5 = 55.1 km
            shapely.Point(-69.5, 0.2),  # 0.2° of latitude north of seg-b at the equator: 22.11 km
            shapely.Point(-60.0, 20.0),  # far from both
        ],
    )


def test_nearest_route_and_distance_in_km(near_points, routes):
    near = sh.shelters_near_routes(near_points, routes).set_index("shelter_id")
    assert near.loc["p1", "distance_km"] == pytest.approx(11.06, rel=0.005)
    assert near.loc["p2", "distance_km"] == pytest.approx(55.1, rel=0.005)
    assert near.loc["p3", "distance_km"] == pytest.approx(22.11, rel=0.005)
    assert near.loc["p4", "distance_km"] > 1000
    assert near["segment_id"].drop("p4").to_dict() == {"p1": "seg-a", "p2": "seg-a", "p3": "seg-b"}
    assert near.loc["p3", "route"] == "Route B: South → North"
    assert near.loc["p3", "route_source_id"] == "rt-b"
    # the same distances as the shared spatial helper
    expected = spatial.nearest_distance_km(near_points, routes).set_axis(near_points["shelter_id"])
    assert near["distance_km"].reindex(expected.index).tolist() == pytest.approx(expected.tolist())


@pytest.mark.parametrize("km, expected", [(5, []), (25, ["p1", "p3"]), (60, ["p1", "p3", "p2"]), (100, ["p1", "p3", "p2"])])
def test_within_n_km_nearest_first(near_points, routes, km, expected):
    near = sh.shelters_near_routes(near_points, routes)
    assert list(sh.within(near, km)["shelter_id"]) == expected


def test_within_includes_the_limit_itself():
    near = pd.DataFrame({"shelter_id": ["at", "beyond", "unknown"], "distance_km": [25.0, 25.01, float("nan")]})
    assert list(sh.within(near, 25)["shelter_id"]) == ["at"]
    assert list(sh.within(near, 30)["shelter_id"]) == ["at", "beyond"]


def test_no_routes_means_no_distance(near_points, routes):
    near = sh.shelters_near_routes(near_points, routes.iloc[0:0])
    assert near["distance_km"].isna().all() and near["route"].isna().all()
    assert sh.within(near, 100).empty


# What the table and the detail panel show


SOURCES = pd.DataFrame(
    {"name": ["Report A", "Report B"], "url": ["https://example.org/a", None]}, index=pd.Index(["src-a", "src-b"], name="source_id")
)


def test_directory_rows_mark_closures_protection_and_links():
    rows = sh.directory_rows(
        frame(
            [
                shelter(shelter_id="open", contact="https://casa.example.org", last_verified="2025-03-01"),
                shelter(shelter_id="closed", closed="2025-05-14", sensitive=True, source_id="src-b", contact="+52 962 000"),
            ]
        ),
        SOURCES,
        {"MEX": "Mexico"},
    ).set_index("shelter_id")
    assert rows.loc["open", "status"] == ""
    assert "Closure reported 2025-05-14" in rows.loc["closed", "status"]
    assert rows.loc["open", "location"] == "Town level"
    assert rows.loc["closed", "location"] == "Town level (protected)"
    assert rows.loc["open", "contact"] == "https://casa.example.org" and pd.isna(rows.loc["open", "other_contact"])
    assert pd.isna(rows.loc["closed", "contact"]) and rows.loc["closed", "other_contact"] == "+52 962 000"
    assert rows.loc["open", "last_verified"] == "2025-03-01"
    assert rows.loc["closed", "last_verified"] == "not yet verified"
    assert rows.loc["open", "source"] == "Report A" and rows.loc["open", "source_url"] == "https://example.org/a"
    assert pd.isna(rows.loc["closed", "source_url"])
    assert rows.loc["open", "country"] == "Mexico"


def test_detail_rows_say_only_what_the_data_says():
    row = frame(
        [shelter(operator="Diócesis", services="food;lodging", populations="women;families", languages="es;en", sensitive=True, closed="2025-01-26")]
    ).iloc[0]
    detail = sh.detail_rows(row, SOURCES, {"MEX": "Mexico"}).set_index("field")
    assert detail.loc["Type", "value"] == "Shelter"
    assert detail.loc["Operator", "value"] == "Diócesis"
    assert detail.loc["Services", "value"] == "lodging, food"  # in the schema's order
    assert detail.loc["Serves", "value"] == "families, women"
    assert detail.loc["Languages", "value"] == "en, es"
    assert detail.loc["Capacity", "value"] == "not reported"
    assert detail.loc["Public contact", "value"] == "not reported" and detail.loc["Public contact", "link"] == ""
    assert detail.loc["Source", "value"] == "Report A" and detail.loc["Source", "link"] == "https://example.org/a"
    assert detail.loc["Location precision", "value"] == "Town level (location protected)"
    assert detail.loc["Last verified", "value"] == "not yet verified"
    assert detail.loc["Closure reported", "value"] == "2025-01-26"
    assert detail.loc["Place", "value"] == "Tapachula, Mexico"


def test_detail_links_only_web_addresses():
    row = frame([shelter(contact="javascript:alert(1)", capacity=40, last_verified="2025-02-02")]).iloc[0]
    detail = sh.detail_rows(row, pd.DataFrame({"name": ["A"], "url": ["ftp://x"]}, index=["src-a"]), {}).set_index("field")
    assert detail.loc["Public contact", "link"] == ""
    assert detail.loc["Source", "link"] == ""
    assert detail.loc["Capacity", "value"] == "40"
    assert detail.loc["Last verified", "value"] == "2025-02-02"
    assert detail.loc["Closure reported", "value"] == "no closure reported"


# Builders: chart and map


def test_counts_chart_has_title_source_and_axis_titles(directory):
    counts = sh.counts_by_country_and_type(directory)
    spec = counts_chart(counts, {"MEX": "Mexico", "GTM": "Guatemala"}, sh.type_labels(), ["Corredor directory, 4 published sources"]).to_dict()
    assert spec["title"]["text"] == "Results by country and type"
    assert spec["title"]["subtitle"] == ["Source: Corredor directory, 4 published sources"]
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["title"] == "Shelters and service points"
    assert bars["y"]["sort"] == ["Mexico", "Guatemala"]  # largest first
    assert bars["color"]["title"] == "Type"
    assert spec["height"] == {"step": 26}


def test_map_draws_sensitive_shelters_at_their_town_only():
    exact = shapely.Point(-92.2712, 14.9011)
    town = shapely.Point(-92.26, 14.9)
    shelters = frame(
        [
            shelter(shelter_id="safe", precision="street", sensitive=True, municipality="Tapachula"),
            shelter(shelter_id="open", precision="town", closed="2025-01-01"),
        ],
        points=[exact, shapely.Point(-99.1, 19.4)],
    )
    places = gpd.GeoDataFrame({"name": ["Tapachula"], "country_iso3": ["MEX"]}, geometry=[town], crs="EPSG:4326")
    public = generalise_sensitive(shelters, places)
    collection = result_features(public, SOURCES, {"MEX": "Mexico"})
    by_id = {f["properties"]["shelter_id"]: f for f in collection["features"]}
    assert list(by_id["safe"]["geometry"]["coordinates"]) == [-92.26, 14.9]
    assert by_id["safe"]["properties"]["location_note"] == "Shown at town level to protect residents"
    assert by_id["safe"]["properties"]["precision"] == "Town level"
    assert by_id["open"]["properties"]["location_note"] is None and by_id["open"]["properties"]["is_closed"] is True
    basemap = {"type": "FeatureCollection", "features": []}
    html = build_shelter_map(basemap, collection, bounds=fit_bounds(public)).get_root().render()
    assert assets.remote_assets(html) == []
    assert "-92.2712" not in html and "14.9011" not in html
    again = build_shelter_map(basemap, collection, bounds=fit_bounds(public)).get_root().render()
    assert html == again  # byte-identical for the same inputs


def test_fit_bounds_keeps_a_minimum_span():
    one = frame([shelter()], points=[shapely.Point(-92.0, 15.0)])
    assert fit_bounds(one) == [[14.5, -92.5], [15.5, -91.5]]
    assert fit_bounds(one.iloc[0:0], [[14.0, -92.0], [16.0, -88.0]]) == [[14.0, -92.0], [16.0, -88.0]]


# The page, run by Streamlit's AppTest


def page(**query) -> AppTest:
    return open_app("shelters", query, check=True)


def metric(at: AppTest, words: str) -> str:
    return next(m.value for m in at.metric if words in m.label)


def directory_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "status" in d.value.columns)


def test_page_lists_every_shelter_with_its_figures():
    at = page()
    assert at.title[0].value == "Shelters and services"
    assert int(metric(at, "Shelters and service points")) == 50
    assert int(metric(at, "Countries")) == 8
    assert int(metric(at, "Closures reported")) == 2
    table = directory_table(at)
    assert len(table) == 50
    assert table["status"].str.contains("Closure reported").sum() == 2
    assert metric(at, "Within 25 km of a route") == "43 of 50"
    assert len(at.get("vega_lite_chart")) == 1
    assert at.slider(key="shelters_km").value == 25


def test_search_without_accents_finds_tecun_uman():
    at = page()
    at = at.text_input(key="shelters_search").set_value("tecun").run()
    table = directory_table(at)
    assert len(table) == 1 and "Tecún Umán" in table["name"].iloc[0]
    assert int(metric(at, "Shelters and service points")) == 1


def test_type_filter_and_hide_closed():
    at = page()
    at = at.multiselect(key="shelters_types").select("reception_station").run()
    table = directory_table(at)
    # Lajas Blancas (closed 2025), San Vicente, Los Planes, CATEM Sur, CAMI Danlí
    assert set(table["type"]) == {"Reception station"} and len(table) == 5
    at = at.toggle(key="shelters_hide_closed").set_value(True).run()
    table = directory_table(at)
    assert len(table) == 4 and not table["status"].str.contains("Closure").any()


def test_detail_panel_of_a_closed_and_a_sensitive_shelter():
    at = page(countries="PAN,GTM")
    assert any("Lajas Blancas" in o for o in at.selectbox(key="shelters_detail").options)
    at = at.selectbox(key="shelters_detail").select("pan_etrm_lajas_blancas").run()
    assert any("2025-05-14" in w.value for w in at.warning)
    detail = next(d.value for d in at.dataframe if "field" in d.value.columns).set_index("field")
    assert detail.loc["Closure reported", "value"] == "2025-05-14"
    assert detail.loc["Last verified", "value"] == "not yet verified"
    assert detail.loc["Source", "link"].startswith("https://")
    assert not any("protect residents" in i.value for i in at.info)  # Lajas Blancas is not sensitive
    at = at.selectbox(key="shelters_detail").select("gtm_casa_migrante_tecun_uman").run()
    assert any("town level to protect residents" in i.value for i in at.info)


def test_distance_slider_changes_the_figure():
    at = page()
    at = at.slider(key="shelters_km").set_value(5).run()
    assert metric(at, "Within 5 km of a route") == "34 of 50"
    at = at.slider(key="shelters_km").set_value(100).run()
    assert metric(at, "Within 100 km of a route") == "48 of 50"


def test_a_country_without_shelters_explains_itself():
    at = page(countries="GRL")
    assert at.info and "no shelter" in at.info[0].value
    assert not at.dataframe and not at.metric


def test_a_search_without_results_explains_itself():
    at = page()
    at = at.text_input(key="shelters_search").set_value("no such shelter anywhere").run()
    assert not at.exception
    assert any("No shelter or service point matches" in i.value for i in at.info)
