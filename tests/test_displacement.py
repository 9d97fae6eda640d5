"""Disaster displacement: the join of shelters and routes with the zones, the figures,
the charts, the map and the page (AppTest)."""

from __future__ import annotations

import functools

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

import loaders
from analysis import displacement as analysis
from charts import displacement as charts
from mapping import assets, features, styles
from mapping import displacement as dmap
from tests.apptest import open_app

ROOT = Path(__file__).resolve().parent.parent


# Hand-built data: two overlapping square zones, three shelters, three route segments.
#
#   zone A: lon 0..1, lat 0..1 (Storm 2020, 1,000 people, sourced)
#   zone B: lon 0.5..2, lat 0..1 (Flood 2021, no figure)
#   s1 (0.2, 0.5) in A; s2 (0.7, 0.5) in A and B; s3 (5, 5) in neither
#   r1 (-1, 0.5)-(0.3, 0.5) crosses A; r2 (1.5, -1)-(1.5, 2) crosses B; r3 far away


def square(x0, y0, x1, y1):
    return shapely.MultiPolygon([shapely.box(x0, y0, x1, y1)])


def zone_row(**overrides) -> dict:
    row = {
        "zone_id": "a",
        "event_name": "Storm A",
        "hazard_category": "Weather related",
        "hazard_type": "Storm",
        "hazard_subtype": "Tropical cyclone",
        "start_date": "2020-11-03",
        "end_date": "2020-11-06",
        "countries": "HND;NIC",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": "Schematic area.",
        "source_id": "area-src",
        "precision": "schematic",
        "is_demo": False,
    }
    row.update(overrides)
    return row


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    rows = [
        zone_row(displacement=1000, displacement_measure="people", figure_source_id="fig-src"),
        zone_row(zone_id="b", event_name="Flood B", hazard_type="Flood", hazard_subtype=None, start_date="2021-06-01", end_date=None, countries="GTM"),
    ]
    frame = pd.DataFrame(rows).astype({"displacement": "Int64"})
    return gpd.GeoDataFrame(frame, geometry=[square(0, 0, 1, 1), square(0.5, 0, 2, 1)], crs="EPSG:4326")


@pytest.fixture
def shelters() -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "shelter_id": ["s1", "s2", "s3"],
            "name": ["Casa Uno", "Casa Dos", "Casa Tres"],
            "municipality": ["Uno", "Dos", "Tres"],
            "country_iso3": ["HND", "GTM", "MEX"],
            "closed": [None, "2024-01-01", None],
        }
    )
    return gpd.GeoDataFrame(frame, geometry=[shapely.Point(0.2, 0.5), shapely.Point(0.7, 0.5), shapely.Point(5, 5)], crs="EPSG:4326")


@pytest.fixture
def routes() -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "segment_id": ["r1", "r2", "r3"],
            "route_name": ["Route", "Route", "Far"],
            "from_place": ["West", "South", "X"],
            "to_place": ["Centre", "North", "Y"],
            "countries": ["HND", "GTM;HND", "MEX"],
        }
    )
    lines = [shapely.LineString([(-1, 0.5), (0.3, 0.5)]), shapely.LineString([(1.5, -1), (1.5, 2)]), shapely.LineString([(10, 10), (11, 11)])]
    return gpd.GeoDataFrame(frame, geometry=lines, crs="EPSG:4326")


@pytest.fixture
def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["fig-src", "area-src"],
            "name": ["Figure report", "Area report"],
            "publisher": ["Figure agency", None],
            "url": ["https://example.org/fig", None],
        }
    ).set_index("source_id")


NAMES = {"HND": "Honduras", "NIC": "Nicaragua", "GTM": "Guatemala", "MEX": "Mexico"}


def test_join_lists_each_feature_once_per_zone_it_lies_in(zones, shelters, routes):
    inside = analysis.features_inside(zones, shelters, routes, NAMES)
    pairs = set(zip(inside["zone_id"], inside["feature_id"]))
    assert pairs == {("a", "s1"), ("a", "s2"), ("a", "r1"), ("b", "s2"), ("b", "r2")}
    # ordered by event start, shelters before route segments
    assert list(inside["feature_id"]) == ["s2", "s1", "r1", "s2", "r2"]
    r2 = inside[inside["feature_id"] == "r2"].iloc[0]
    assert r2["feature_type"] == analysis.ROUTE_SEGMENT
    assert r2["name"] == "Route: South → North"
    assert r2["countries"] == "Guatemala, Honduras"
    s2 = inside[inside["feature_id"] == "s2"].iloc[0]
    assert (s2["feature_type"], s2["place"], s2["countries"], s2["closed"]) == (analysis.SHELTER, "Dos", "Guatemala", "2024-01-01")


def test_figures_count_distinct_features_and_only_sourced_figures(zones, shelters, routes):
    inside = analysis.features_inside(zones, shelters, routes, NAMES)
    figures = analysis.displacement_figures(zones, inside)
    assert figures == analysis.DisplacementFigures(
        events=2,
        events_with_figure=1,
        events_without_figure=1,
        sourced_total=1000,
        measures=1,
        shelters_inside=2,  # s2 lies in both zones: counted once
        segments_inside=2,
        illustrative=False,
    )
    per_zone = analysis.inside_by_zone(inside, zones)
    assert per_zone.to_dict("records") == [
        {"zone_id": "a", "event_name": "Storm A", "shelters": 2, "route_segments": 1},
        {"zone_id": "b", "event_name": "Flood B", "shelters": 1, "route_segments": 1},
    ]


def test_empty_inputs_give_empty_joins_and_zero_figures(zones, shelters, routes):
    none = analysis.features_inside(zones.iloc[0:0], shelters, routes)
    assert none.empty and "feature_type" in none.columns
    assert analysis.features_inside(zones, shelters.iloc[0:0], routes.iloc[0:0]).empty
    figures = analysis.displacement_figures(zones.iloc[0:0], none)
    assert (figures.events, figures.sourced_total, figures.shelters_inside, figures.illustrative) == (0, 0, 0, False)
    only_routes = analysis.features_inside(zones, shelters.iloc[0:0], routes)
    assert set(only_routes["feature_id"]) == {"r1", "r2"}


def test_hazard_selection_and_order(zones):
    assert analysis.hazard_types(zones) == ["Flood", "Storm"]
    quake = zone_row(zone_id="q", hazard_category="Geophysical", hazard_type="Earthquake")
    frame = pd.concat([zones.drop(columns="geometry"), pd.DataFrame([quake])], ignore_index=True)
    assert analysis.hazard_types(frame) == ["Earthquake", "Flood", "Storm"]  # geophysical first
    assert list(analysis.select_hazards(zones, ["Flood"])["zone_id"]) == ["b"]
    assert len(analysis.select_hazards(zones, None)) == 2
    assert analysis.select_hazards(zones, []).empty


def test_event_table_never_guesses_a_figure(zones, sources):
    table = analysis.event_table(zones, sources, NAMES)
    storm, flood = table.iloc[0], table.iloc[1]
    assert (storm["event"], storm["figure"], storm["measure"]) == ("Storm A", "1,000", "people")
    assert (storm["figure_source"], storm["figure_url"], storm["area_source"]) == ("Figure report", "https://example.org/fig", "Area report")
    assert storm["countries"] == "Honduras, Nicaragua"
    assert flood["figure"] == "no sourced figure"
    assert pd.isna(flood["displacement"]) and flood["figure_source"] is None and flood["figure_url"] is None
    assert flood["end"] == "no sourced end"
    drought = analysis.event_table(zones.assign(hazard_type="Drought", end_date=None), sources, NAMES)
    assert set(drought["end"]) == {"continuing"}


def test_counts_and_sourced_figures_by_year_and_hazard(zones, sources):
    more = pd.concat([zones, zones.iloc[[0]].assign(zone_id="c", event_name="Storm C")], ignore_index=True)
    counts = analysis.events_by_year_and_hazard(more)
    assert counts[["year", "hazard_type", "events"]].to_dict("records") == [
        {"year": 2020, "hazard_type": "Storm", "events": 2},
        {"year": 2021, "hazard_type": "Flood", "events": 1},
    ]
    sourced = analysis.sourced_figures(more, sources)
    assert list(sourced["event_name"]) == ["Storm A", "Storm C"]
    assert list(sourced["displacement"]) == [1000, 1000]
    assert set(sourced["source"]) == {"Figure report"}
    assert analysis.sourced_figures(zones.iloc[[1]], sources).empty


def test_regional_totals_keep_only_disaster_displacements_in_the_years():
    totals = pd.DataFrame(
        {
            "region": ["Americas"] * 4,
            "year": [2018, 2022, 2023, 2022],
            "measure": ["disaster_displacements"] * 3 + ["dead_and_missing"],
            "value": [1_700_000, 2_100_000, 2_100_000, 1457],
            "source_id": ["fg-idmc"] * 3 + ["fg-mmp"],
            "as_of": [None] * 4,
            "definition": ["movements, not people"] * 4,
        }
    )
    assert list(analysis.regional_totals(totals)["value"]) == [1_700_000, 2_100_000, 2_100_000]
    assert list(analysis.regional_totals(totals, (2019, 2022))["year"]) == [2022]
    assert analysis.regional_totals(totals, (2010, 2015)).empty


def test_publishers_prefer_the_publisher_then_the_name(sources):
    assert analysis.publishers(["fig-src", None, "area-src", "fig-src", "unknown"], sources) == ["Figure agency", "Area report", "unknown"]


# The bundled data: which shelters and segments lie in which zone.


@pytest.fixture(scope="module")
def bundle(bundled_gpkg):
    names = ("displacement_zones", "shelters", "places", "routes", "sources", "countries", "reported_totals")
    return {name: loaders.read_layer(name, path=bundled_gpkg) for name in names}


@pytest.fixture(scope="module")
def bundled_inside(bundle):
    public = features.generalise_sensitive(bundle["shelters"], bundle["places"])
    return analysis.features_inside(bundle["displacement_zones"], public, bundle["routes"])


def ids_in(inside, zone, kind):
    rows = inside[(inside["zone_id"] == zone) & (inside["feature_type"] == kind)]
    return set(rows["feature_id"])


def test_bundled_shelters_inside_zones(bundled_inside):
    shelter = analysis.SHELTER
    assert ids_in(bundled_inside, "eta-2020", shelter) == {"hnd_camr_omoa", "hnd_camr_san_pedro_sula", "hnd_canfm_belen"}
    assert ids_in(bundled_inside, "iota-2020", shelter) == {"hnd_cami_danli", "hnd_sagrada_familia_danli", "hnd_camr_tegucigalpa"}
    assert ids_in(bundled_inside, "dry-corridor-ca", shelter) == {
        "hnd_cami_danli",
        "hnd_sagrada_familia_danli",
        "hnd_camr_tegucigalpa",
        "gtm_casa_migrante_guatemala",
        "gtm_crr_fuerza_aerea",
        "gtm_casa_siloe",
        "slv_dam_la_chacra",
    }
    for zone in ("hti-eq-2010", "hti-eq-2021", "matthew-2016-hti", "maria-2017", "otto-2016", "bol-fl-2014"):
        assert ids_in(bundled_inside, zone, shelter) == set(), zone
    assert len(analysis.inside_ids(bundled_inside, shelter)) == 10


def test_bundled_route_segments_inside_zones(bundle, bundled_inside):
    per_zone = analysis.inside_by_zone(bundled_inside, bundle["displacement_zones"]).set_index("zone_id")
    assert per_zone["route_segments"].to_dict() == {
        "hti-eq-2010": 1,
        "bol-fl-2014": 0,
        "dry-corridor-ca": 10,
        "matthew-2016-hti": 0,
        "otto-2016": 4,
        "maria-2017": 2,
        "eta-2020": 5,
        "iota-2020": 4,
        "hti-eq-2021": 0,
    }
    assert ids_in(bundled_inside, "maria-2017", analysis.ROUTE_SEGMENT) == {"dr_puerto_rico-01", "dr_puerto_rico-02"}
    assert ids_in(bundled_inside, "hti-eq-2010", analysis.ROUTE_SEGMENT) == {"haiti_dr-02"}
    figures = analysis.displacement_figures(bundle["displacement_zones"], bundled_inside)
    assert (figures.events, figures.events_with_figure, figures.events_without_figure) == (9, 1, 8)
    assert figures.sourced_total == 1_500_000  # IOM DTM, Haiti 2010
    assert (figures.shelters_inside, figures.segments_inside) == (10, 15)


def test_generalising_sensitive_shelters_does_not_change_the_bundled_join(bundle, bundled_inside):
    exact = analysis.features_inside(bundle["displacement_zones"], bundle["shelters"], bundle["routes"])
    assert set(zip(exact["zone_id"], exact["feature_id"])) == set(zip(bundled_inside["zone_id"], bundled_inside["feature_id"]))


def test_bundled_regional_totals(bundle):
    totals = analysis.regional_totals(bundle["reported_totals"])
    assert dict(zip(totals["year"], totals["value"])) == {2018: 1_700_000, 2022: 2_100_000, 2023: 2_100_000}
    assert set(totals["source_id"]) == {"fg-idmc"}
    assert all("movements, not people" in d for d in totals["definition"])


# Charts: title, source line, axis titles with units, the map's colours.


def spec(chart) -> dict:
    return chart.to_dict()


def test_events_chart_spec(zones):
    chart = charts.events_chart(analysis.events_by_year_and_hazard(zones), ["Corredor events"], (2019, 2022))
    s = spec(chart)
    assert s["title"]["text"] == "Disaster events by year and hazard"
    assert s["title"]["subtitle"] == ["Source: Corredor events"]
    assert s["encoding"]["x"]["title"] == "Year the event began"
    assert s["encoding"]["y"]["title"] == "Events (number)"
    assert s["encoding"]["x"]["scale"]["domain"] == [2019, 2020, 2021, 2022]  # empty years keep their place
    colour = s["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"])) == {"Flood": dmap.HAZARD_TYPE_COLOURS["Flood"], "Storm": dmap.HAZARD_TYPE_COLOURS["Storm"]}
    rows = next(iter(s["datasets"].values()))
    assert sorted((r["year"], r["hazard"], r["events"]) for r in rows) == [(2020, "Storm", 1), (2021, "Flood", 1)]


def test_sourced_chart_holds_only_sourced_figures(zones, sources):
    chart = charts.sourced_chart(analysis.sourced_figures(zones, sources), ["Figure agency"], (2020, 2021))
    s = spec(chart)
    assert s["title"]["text"] == "Sourced figures by year and hazard"
    assert s["title"]["subtitle"] == ["Source: Figure agency"]
    assert s["encoding"]["y"]["title"] == "Displacement (as reported)"
    rows = next(iter(s["datasets"].values()))
    assert [(r["event_name"], r["displacement"]) for r in rows] == [("Storm A", 1000)]
    assert any(t["field"] == "measure" for t in s["encoding"]["tooltip"])


def test_regional_chart_says_movements(bundle):
    totals = analysis.regional_totals(bundle["reported_totals"])
    s = spec(charts.regional_chart(totals, ["Internal Displacement Monitoring Centre (IDMC)"]))
    assert s["title"]["text"] == "Disaster displacements in the Americas"
    assert s["title"]["subtitle"] == ["Source: Internal Displacement Monitoring Centre (IDMC)"]
    assert s["layer"][0]["encoding"]["y"]["title"] == "Disaster displacements (movements)"
    rows = next(iter(s["datasets"].values()))
    assert [r["label"] for r in rows] == ["1.7 million", "2.1 million", "2.1 million"]


# The map: offline, reproducible, coloured by hazard type, inside features flagged.


def bundled_layers(bundle, **overrides) -> dmap.DisplacementLayers:
    src = bundle["sources"].set_index("source_id")
    names = dict(zip(bundle["countries"]["iso3"], bundle["countries"]["name_en"]))
    zones = bundle["displacement_zones"]
    public = features.generalise_sensitive(bundle["shelters"], bundle["places"])
    inside = analysis.features_inside(zones, public, bundle["routes"], names)
    layers = dict(
        basemap=features.basemap_features(bundle["countries"], "en"),
        zones=dmap.zone_map_features(features.zone_features(zones, src, names), zones),
        hazard_types=analysis.hazard_types(zones),
        hazard_categories=dict(zip(zones["hazard_type"], zones["hazard_category"])),
        routes=dmap.route_map_features(features.route_features(bundle["routes"], src), bundle["routes"], analysis.inside_ids(inside, analysis.ROUTE_SEGMENT)),
        shelters=dmap.shelter_map_features(features.shelter_features(public, src, names), public, analysis.inside_ids(inside, analysis.SHELTER)),
    )
    layers.update(overrides)
    return dmap.DisplacementLayers(**layers)


def test_map_is_offline_and_reproducible(bundle):
    layers = bundled_layers(bundle)
    html = dmap.build_displacement_map(layers, bounds=[[-18, -92], [19, -61]]).get_root().render()
    assert assets.remote_assets(html) == []
    assert html == dmap.build_displacement_map(layers, bounds=[[-18, -92], [19, -61]]).get_root().render()
    assert "Zones are approximate or schematic areas" in html
    assert "markercluster" not in html  # shelters are not clustered: inside ones must stay visible


def test_map_flags_features_inside_zones(bundle):
    layers = bundled_layers(bundle)
    zone_props = [f["properties"] for f in layers.zones["features"]]
    assert {p["hazard_type"] for p in zone_props} == {"Earthquake", "Flood", "Storm", "Drought"}
    assert all(p["source"] and p["precision"] for p in zone_props)  # popups as on the Overview
    in_zone = sum(f["properties"]["in_zone"] for f in layers.routes["features"])
    assert in_zone == 15
    markers = pd.Series([f["properties"]["marker"] for f in layers.shelters["features"]])
    assert markers.str.startswith("inside").sum() == 10


def test_zone_colours_follow_hazard_type_with_category_fallback():
    rules = dmap.zone_style_rules(["Storm", "Landslide"], {"Landslide": "Geophysical"})
    by_type = rules["by"][-1]
    assert by_type["property"] == "hazard_type"
    assert by_type["values"]["Storm"]["fillColor"] == styles.HAZARD_COLOURS["Weather related"]
    assert by_type["values"]["Landslide"]["fillColor"] == styles.HAZARD_COLOURS["Geophysical"]


def test_map_without_overlays_draws_only_zones(bundle):
    html = dmap.build_displacement_map(bundled_layers(bundle, routes=None, shelters=None)).get_root().render()
    assert '"name":"Disaster displacement zones"' in html
    assert '"name":"Migration routes"' not in html and '"name":"Shelters and services"' not in html


def test_property_lists_must_match_the_features():
    with pytest.raises(ValueError):
        dmap.route_map_features({"type": "FeatureCollection", "features": []}, pd.DataFrame({"segment_id": ["x"]}), set())


# The page, run by AppTest.


page = functools.partial(open_app, "displacement")


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def idmc_sum(countries=None, years=(2010, 2026)) -> str:
    """IDMC's rows of the selection added up, as the page writes the number."""
    events = loaders.read_layer("disaster_events", countries=countries, years=years)
    return f"{int(events['displacements'].sum()):,}"


def test_page_shows_the_bundled_figures():
    at = page()
    assert not at.exception
    assert at.title[0].value == "Disaster displacement"
    assert metric(at, "Displacements (IDMC)") == idmc_sum() == "49,329,938"
    assert metric(at, "Rows of IDMC's table") == "6,646"
    assert metric(at, "Named events drawn") == "9"
    assert metric(at, "Shelters inside a zone") == "10"
    assert any("10 shelters and 15 route segments lie inside a displacement zone" in m.value for m in at.markdown)
    assert at.multiselect[0].label == "Hazard types of the named events"
    assert at.multiselect[0].value == ["Earthquake", "Drought", "Flood", "Storm"]
    events = next(d.value for d in at.dataframe if "figure" in d.value.columns)
    assert len(events) == 9 and (events["figure"] == "no sourced figure").sum() == 8
    haiti = events[events["event"] == "Haiti earthquake 2010"].iloc[0]
    assert (haiti["figure"], haiti["figure_url"]) == ("1,500,000", "https://dtm.iom.int/")
    assert haiti["idmc"].startswith("1,500,000 internal displacements (matched by country, hazard type, name and start date")
    eta = events[events["event"] == "Hurricane Eta 2020"].iloc[0]
    assert eta["idmc"].startswith("430,000 internal displacements (matched by GLIDE number")
    largest = next(d.value for d in at.dataframe if "glide" in d.value.columns)
    assert len(largest) == 15 and largest.iloc[0]["displacements"] == 5_900_000 and "Milton" in largest.iloc[0]["event"]
    inside = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    assert len(inside) == 39  # 13 shelter-zone and 26 segment-zone pairs
    assert any("count movements, not people" in c.value and "CC BY-NC 4.0" in c.value.replace("\\", "") for c in at.caption)  # data in Markdown is escaped
    assert any("approximate or schematic" in c.value and "GLIDE number" in c.value for c in at.caption)
    assert not any("illustrative" in str(x.value).lower() for x in list(at.caption) + list(at.markdown) + list(at.info) + list(at.warning))


def test_the_idmc_figures_follow_the_year_filter():
    at = page({"years": "2024-2024"})
    assert not at.exception
    assert metric(at, "Displacements (IDMC)") == idmc_sum(years=(2024, 2024)) == "13,060,226"
    assert metric(at, "Named events drawn") == "1"  # the Dry Corridor drought, continuing


def test_choosing_hazard_types_changes_the_figures():
    at = page()
    at = at.multiselect[0].set_value(["Storm"]).run()
    assert not at.exception
    assert metric(at, "Named events drawn") == "5"
    assert metric(at, "Displacements (IDMC)") == idmc_sum()  # IDMC's figures do not follow the named events' hazard choice
    assert metric(at, "Shelters inside a zone") == "6"  # Eta and Iota
    assert any("None of the named events" in i.value for i in at.info)
    at = at.multiselect[0].set_value([]).run()
    assert not at.exception
    assert any("Choose at least one hazard type" in i.value for i in at.info)


def test_country_and_year_filters_apply():
    at = page({"countries": "HND"})
    assert metric(at, "Named events drawn") == "3"  # Eta, Iota, the Dry Corridor
    assert metric(at, "Shelters inside a zone") == "6"
    assert metric(at, "Displacements (IDMC)") == idmc_sum(["HND"])
    at = page({"years": "2016-2017"})
    # Otto, Matthew, Maria, and the Dry Corridor drought (continuing since 2014)
    assert metric(at, "Named events drawn") == "4"


def test_empty_selections_explain_themselves():
    for query in ({"countries": "GRL"}, {"countries": "PAN"}, {"years": "2011-2013"}):
        at = page(query)
        assert not at.exception, query
        assert any("No named disaster zone" in i.value for i in at.info), query
        assert "Named events drawn" not in [m.label for m in at.metric], query


def test_hidden_overlays_are_said():
    at = page({"layers": "zones"})
    assert not at.exception
    assert any("Hidden on the map" in c.value and "routes" in c.value and "shelters" in c.value for c in at.caption)
    assert metric(at, "Shelters inside a zone") == "10"  # the join does not depend on what is drawn
