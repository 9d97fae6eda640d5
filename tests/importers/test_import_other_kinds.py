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


def test_idmc_rows_become_disaster_events_at_country_level(gpkg):
    report = run_import("idmc", fixture("idmc_gidd.xlsx"), gpkg=gpkg)
    events = loaders.read_layer("disaster_events", path=gpkg).set_index("event_key")
    matthew_hti, matthew_dom = events.loc["idmc-91001-HTI-2016"], events.loc["idmc-91001-DOM-2016"]
    assert (matthew_hti["country_iso3"], matthew_dom["country_iso3"]) == ("HTI", "DOM")
    assert (matthew_hti["displacements"], matthew_hti["displacements_raw"]) == (175000, 175509)
    assert matthew_hti["source_id"] == report.source_id and matthew_hti["precision"] == "country"
    assert matthew_hti["start_date"] == "2016-10-04" and matthew_hti["hazard_subtype"] == "Tropical cyclone"
    assert matthew_hti["glide"] == "TC-2016-000108-HTI" and matthew_hti["event_id"] == 91001
    assert matthew_hti["displacement_occurred"] == "Displacement reported"
    assert events.loc["idmc-91003-BOL-2014", "start_date"] == "2014-01-27"
    source = loaders.read_sources(gpkg).loc[report.source_id]
    assert source["licence"] == "CC BY-NC 4.0" and "movements, not people" in source["notes"]


def test_idmc_rows_sharing_name_and_date_are_all_kept(gpkg, tmp_path):
    header = "ISO3,Country / Territory,Year,Event Name,Date of Event (start),Disaster Internal Displacements,Hazard Category,Hazard Type,Event ID\n"
    rows = "".join(f"BRA,Brazil,2011,Brazil: Flood - 01/01/2011,2011-01-01,{n},Weather related,Flood,\n" for n in (100, 250, 4000))
    rows += "USA,United States,2024,Hurricane Milton,2024-10-07,5900000,Weather related,Storm,27229\n" * 2
    path = tmp_path / "gidd.csv"
    path.write_text(header + rows, encoding="utf-8")
    report = run_import("idmc", path, gpkg=gpkg)
    assert (report.accepted, report.rejected, len(report.warnings)) == (5, 0, 3)
    events = loaders.read_layer("disaster_events", path=gpkg)
    events = events[events["source_id"] == report.source_id]
    brazil = events[events["country_iso3"] == "BRA"].sort_values("event_key")
    assert sorted(brazil["displacements"]) == [100, 250, 4000]
    assert list(brazil["event_key"]) == [f"idmc-BRA-2011-brazil-flood-01-01-2011-2011-01-01-{n}" for n in (1, 2, 3)]
    assert set(events.loc[events["country_iso3"] == "USA", "event_key"]) >= {"idmc-27229-USA-2024", "idmc-27229-USA-2024-2"}


def test_idmc_row_without_a_figure_is_kept_without_one(gpkg):
    report = run_import("idmc", fixture("idmc_gidd.csv"), gpkg=gpkg)
    eta = loaders.read_layer("disaster_events", path=gpkg).set_index("event_key").loc["idmc-90005-HND-2020"]
    assert pd.isna(eta["displacements"]) and pd.isna(eta["displacements_raw"])
    assert [w.reason for w in report.warnings] == ["IDMC gives no figure for this row: kept without one"]


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
