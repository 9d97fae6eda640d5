"""The bundled GeoPackage: rebuilt from its sources, complete, honest and in place."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

import loaders
from scripts import build_geodata, schema_doc

POINT_LAYERS = ("places", "shelters", "incidents")


@pytest.fixture(scope="module")
def layers(bundled_gpkg):
    return {name: loaders.read_layer(name, path=bundled_gpkg) for name in loaders.LAYERS}


@pytest.fixture(scope="module")
def countries(layers):
    return layers["countries"].set_index("iso3")


def test_rebuilding_from_sources_gives_the_committed_file(tmp_path, bundled_gpkg):
    out = tmp_path / "rebuilt.gpkg"
    assert build_geodata.main(["--out", str(out)]) == 0
    for name in loaders.LAYERS:
        committed = loaders.read_layer(name, path=bundled_gpkg)
        rebuilt = loaders.read_layer(name, path=out)
        if "geometry" in committed.columns:
            assert committed.geometry.geom_equals_exact(rebuilt.geometry, tolerance=1e-9).all(), name
            committed, rebuilt = committed.drop(columns="geometry"), rebuilt.drop(columns="geometry")
        pd.testing.assert_frame_equal(pd.DataFrame(committed), pd.DataFrame(rebuilt), obj=name)


def test_schema_document_is_up_to_date():
    assert schema_doc.OUT.read_text(encoding="utf-8") == schema_doc.render(), "run python scripts/schema_doc.py"


@pytest.mark.parametrize("name", POINT_LAYERS)
def test_every_point_lies_in_its_declared_country(layers, countries, name):
    frame = layers[name]
    if name == "incidents":  # MMP's points as given: some at sea or off their declared country (the import report warns of each)
        shapes = gpd.GeoSeries(frame["country_iso3"].map(countries.geometry), crs="EPSG:4326").to_crs(3857)
        far = frame.to_crs(3857).geometry.distance(shapes) > 400_000
        assert far.mean() < 0.005, frame.loc[far, ["incident_id", "country_iso3"]].to_string()
        return
    shapes = gpd.GeoSeries(frame["country_iso3"].map(countries.geometry), crs="EPSG:4326")
    outside = frame[~frame.geometry.within(shapes)]
    assert outside.empty, outside[[frame.columns[0], "country_iso3"]].to_string()


@pytest.mark.parametrize("name", [n for n, layer in loaders.LAYERS.items() if layer.provenance])
def test_every_feature_cites_a_known_source(layers, name):
    assert set(layers[name]["source_id"]) <= set(layers["sources"]["source_id"])


def test_sources_name_their_publisher(layers):
    sources = layers["sources"]
    assert sources["name"].str.len().min() > 3
    assert sources["publisher"].str.len().min() > 1


def test_countries_cover_the_americas_with_flags_and_names(countries):
    rcm = {"BLZ", "CAN", "CRI", "DOM", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "USA"}
    sacm = {"ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER", "SUR", "URY", "VEN"}
    assert set(countries.index[countries["rcm_member"]]) == rcm
    assert set(countries.index[countries["sacm_member"]]) == sacm
    assert countries.loc["MEX", "name_es"] == "México"
    assert countries.loc["BRA", "name_fr"] == "Brésil"


def test_countries_layer_stays_small(bundled_gpkg, countries):
    vertices = int(countries.geometry.count_coordinates().sum())
    assert vertices < 80_000


def test_shelters_are_real_entries_across_the_corridor(layers):
    shelters = layers["shelters"]
    assert len(shelters) >= 40
    assert shelters["country_iso3"].nunique() >= 8
    assert not shelters["is_demo"].any()
    # Nothing claims street-level precision without a street-level source.
    assert set(shelters["precision"]) <= {"exact", "street", "town", "approximate"}


def test_darien_corridor_is_drawn_in_detail(layers):
    darien = layers["routes"].query("route_id == 'darien'")
    places = " ".join(darien["from_place"]) + " " + " ".join(darien["to_place"])
    for town in ("Necoclí", "Turbo", "Acandí", "Capurganá", "Bajo Chiquito", "Canaán Membrillo", "Lajas Blancas", "San Vicente", "Los Planes", "Paso Canoas"):
        assert town in places, town
    assert {"boat", "foot", "bus"} <= set(darien["mode"])


def test_routes_include_the_2025_return_flow(layers):
    south = layers["routes"].query("direction == 'southbound'")
    assert len(south) > 0
    assert (south["year_start"] >= 2024).all()


def test_displacement_zones_include_the_named_events(layers):
    events = " ".join(layers["displacement_zones"]["event_name"]).lower()
    for word in ("haiti", "bolivia", "otto", "matthew", "maria", "eta", "iota", "dry corridor"):
        assert word in events, word


def test_incidents_are_iom_records_with_their_data_date_and_licence(layers):
    incidents = layers["incidents"]
    assert len(incidents) == 6883 and not incidents["is_demo"].any()
    assert incidents["incident_id"].is_unique and not incidents["incident_id"].str.startswith("DEMO-").any()
    assert set(incidents["source_id"]) == {"mmp-20250429-2fba916c"}
    source = layers["sources"].set_index("source_id").loc["mmp-20250429-2fba916c"]
    assert source["published"] == "2025-04-29"  # the export's own data date: its newest record
    assert source["licence"] == "CC BY 4.0"
    assert "Source: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0" in source["notes"]


def test_darien_crossings_hold_the_snm_series(layers):
    yearly = layers["darien_crossings"].query("month.isna() and nationality.isna() and direction == 'northbound'", engine="python")
    by_year = dict(zip(yearly["year"], yearly["count"]))
    assert by_year[2023] == 520_085
    assert by_year[2022] == 248_284
