"""IDMC disaster events, HXL shelter lists and GIS files: what each importer makes of its rows."""

from __future__ import annotations

import pandas as pd
import pyogrio
import pytest
import shapely
from import_helpers import fixture
from make_fixtures import shelters_gpkg

import loaders
from importers.errors import ImportFileError
from importers.importer import Options, run_import
from importers.ogr import to_type


# --- IDMC ------------------------------------------------------------------------


def test_idmc_events_become_rows_linked_to_countries_at_country_level(gpkg):
    report = run_import("idmc", fixture("idmc_gidd.xlsx"), gpkg=gpkg)
    zones = loaders.read_layer("displacement_zones", path=gpkg).set_index("zone_id")
    countries = loaders.read_layer("countries", path=gpkg).set_index("iso3")
    matthew_hti, matthew_dom = zones.loc["idmc-91001-HTI-2016"], zones.loc["idmc-91001-DOM-2016"]
    assert (matthew_hti["countries"], matthew_dom["countries"]) == ("HTI", "DOM")
    assert matthew_hti["displacement"] == 175000 and matthew_hti["displacement_measure"] == "internal displacements (movements, not people)"
    assert matthew_hti["figure_source_id"] == report.source_id
    assert matthew_hti["start_date"] == "2016-10-04" and matthew_hti["hazard_category"] == "Weather related"
    assert "shown at country level: IDMC gives no area for this event" in matthew_hti["notes"]
    assert "raw figure 175,509" in matthew_hti["notes"]
    assert matthew_hti["precision"] == "approximate"
    # the area is the country's own outline: nothing invented
    assert matthew_hti.geometry.equals(countries.loc["HTI"].geometry)
    assert zones.loc["idmc-91003-BOL-2014", "start_date"] == "2014-01-27"


def test_idmc_keeps_an_area_already_drawn_for_the_same_zone(gpkg, tmp_path):
    drawn = tmp_path / "cuba.geojson"
    drawn.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"zone_id": "idmc-90002-CUB-2022", '
        '"event_name": "Hurricane Ian (drawn)", "hazard_category": "Weather related", "hazard_type": "Storm", "start_date": "2022-09-27", '
        '"countries": "CUB", "notes": "Drawn from the track"}, "geometry": {"type": "Polygon", "coordinates": [[[-84.5, 22.0], [-83.0, 22.0], [-83.0, 23.0], [-84.5, 23.0], [-84.5, 22.0]]]}}]}',
        encoding="utf-8",
    )
    run_import("ogr", drawn, gpkg=gpkg, options=Options(layer="displacement_zones", precision="schematic"))
    run_import("idmc", fixture("idmc_gidd.csv"), gpkg=gpkg)
    ian = loaders.read_layer("displacement_zones", path=gpkg).set_index("zone_id").loc["idmc-90002-CUB-2022"]
    assert ian["precision"] == "schematic" and ian.geometry.bounds == (-84.5, 22.0, -83.0, 23.0)
    assert "area kept from the zone already in the layer" in ian["notes"]
    assert ian["displacement"] == 20000


def test_idmc_event_without_a_figure_has_none(gpkg):
    run_import("idmc", fixture("idmc_gidd.csv"), gpkg=gpkg)
    eta = loaders.read_layer("displacement_zones", path=gpkg).set_index("zone_id").loc["idmc-90005-HND-2020"]
    assert pd.isna(eta["displacement"]) and pd.isna(eta["displacement_measure"]) and pd.isna(eta["figure_source_id"])


# --- HXL -------------------------------------------------------------------------


def test_hxl_shelters_are_read_by_their_tags(gpkg):
    report = run_import("hxl", fixture("shelters_hxl.csv"), gpkg=gpkg, options=Options(publisher="Fixture network"))
    shelters = loaders.read_layer("shelters", path=gpkg)
    mine = shelters[shelters["source_id"] == report.source_id].set_index("shelter_id")
    casa = mine.loc["mex-fixture-casa-del-migrante"]
    assert (casa["type"], casa["services"], casa["populations"], casa["languages"]) == ("shelter", "lodging;food;psychosocial", "families;women", "es;en")
    assert (casa["capacity"], casa["sensitive"], casa["precision"], casa["last_verified"]) == (120, True, "street", "2025-05-01")
    assert casa["operator"] == "Fixture network" and casa["contact"] == "https://example.org/casa"
    comedor = mine.loc["gtm-fixture-comedor-san-jose"]
    assert (comedor["type"], comedor["sensitive"], comedor["precision"]) == ("soup_kitchen", True, "town")
    returnees = mine.loc["hnd-fixture-centro-retornados"]
    assert (returnees["type"], returnees["services"], returnees["sensitive"]) == ("return_reception", "registration;health;information", False)
    file_level = [w for w in report.warnings if w.row is None]
    assert file_level and file_level[0].value == 1 and "treated as sensitive" in file_level[0].reason
    assert loaders.read_sources(path=gpkg).loc[report.source_id, "publisher"] == "Fixture network"


def test_hxl_reading_goes_through_libhxl(gpkg, monkeypatch):
    import hxl

    calls = []
    real = hxl.data
    monkeypatch.setattr(hxl, "data", lambda *a, **k: calls.append(a) or real(*a, **k))
    run_import("hxl", fixture("shelters_hxl.csv"), gpkg=gpkg, dry_run=True)
    assert calls and isinstance(calls[0][0], list), "libhxl reads the rows we read; it never opens a path or URL itself"


# --- any OGR format -----------------------------------------------------------------


def test_a_zipped_shapefile_is_reprojected_and_repaired(gpkg):
    report = run_import("ogr", fixture("zones_utm.zip"), gpkg=gpkg, options=Options(layer="displacement_zones"))
    assert "reprojected from EPSG:32617 to EPSG:4326" in report.notes
    repaired = [w for w in report.warnings if w.reason == "invalid geometry repaired with make_valid"]
    assert [w.row for w in repaired] == [2] and "Self-intersection" in repaired[0].value
    zones = loaders.read_layer("displacement_zones", path=gpkg).set_index("zone_id")
    iota = zones.loc["fixture-utm-iota"]
    assert iota.geometry.is_valid and iota.geometry.geom_type == "MultiPolygon"
    assert iota["countries"] == "PAN" and zones.loc["fixture-utm-eta", "countries"] == "PAN"
    minx, miny, maxx, maxy = zones.loc["fixture-utm-eta"].geometry.bounds
    assert abs(minx - -82.4) < 1e-6 and abs(maxy - 9.3) < 1e-6


def test_kml_places_get_their_country_from_the_location(gpkg):
    run_import("ogr", fixture("places.kml"), gpkg=gpkg, options=Options(layer="places", precision="town"))
    places = loaders.read_layer("places", path=gpkg).set_index("place_id")
    assert places.loc["fixture-bajo-chiquito", "country_iso3"] == "PAN"
    assert places.loc["fixture-bajo-chiquito", "name"] == "Fixture Bajo Chiquito"
    assert places.loc["fixture-bajo-chiquito", "admin1"] == "Darién"
    assert places.loc["fixture-paso-canoas", "precision"] == "town"


def test_a_geopackage_with_several_layers_needs_a_choice(gpkg, tmp_path):
    source = shelters_gpkg(tmp_path / "two.gpkg")
    frame = pyogrio.read_dataframe(source, layer="shelters")
    pyogrio.write_dataframe(frame, source, layer="other", driver="GPKG", append=False)
    # the layer named like the target is taken
    assert run_import("ogr", source, gpkg=gpkg, dry_run=True, options=Options(layer="shelters")).accepted == 2
    with pytest.raises(ImportFileError) as caught:
        run_import("ogr", source, gpkg=gpkg, dry_run=True, options=Options(layer="places"))
    assert caught.value.code == "unknown_layer" and "--source-layer" in caught.value.message
    assert run_import("ogr", source, gpkg=gpkg, dry_run=True, options=Options(layer="shelters", source_layer="other")).accepted == 2


@pytest.mark.parametrize(
    ("geom", "target", "expected"),
    [
        (shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 0)]), "MultiPolygon", "MultiPolygon"),
        (shapely.MultiPoint([(0, 0)]), "Point", "Point"),
        (shapely.MultiLineString([[(0, 0), (1, 1)], [(1, 1), (2, 2)]]), "LineString", "LineString"),
        (shapely.Point(0, 0, 5), "Point", "Point"),
        (shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.Point(5, 5)]), "MultiPolygon", "MultiPolygon"),
    ],
)
def test_geometry_types_are_brought_to_the_layers(geom, target, expected):
    out = to_type(geom, target)
    assert out.geom_type == expected and not out.has_z


@pytest.mark.parametrize(("geom", "target"), [(shapely.MultiPoint([(0, 0), (1, 1)]), "Point"), (shapely.box(0, 0, 1, 1), "Point"), (shapely.Point(0, 0), "LineString")])
def test_other_geometry_types_are_refused(geom, target):
    with pytest.raises(ValueError):
        to_type(geom, target)
