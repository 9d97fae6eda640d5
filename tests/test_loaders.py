"""The loaders read real GeoPackages and PostGIS databases, check them at the boundary and filter them."""

from __future__ import annotations

import pytest
import shapely

import loaders
from loaders import LayerError
from tests.conftest import drop_database, new_database, shelter_row, write_shelters


def test_list_layers_names_every_layer_of_the_bundle(bundled_store):
    # a database also has the (empty) bookkeeping tables that imports and problem reports write
    assert set(loaders.LAYERS) <= set(loaders.list_layers(bundled_store)) <= set(loaders.LAYERS) | {"imports", "quarantine", "feedback"}


def test_read_layer_returns_checked_types(bundled_store):
    shelters = loaders.read_layer("shelters", path=bundled_store)
    assert shelters.crs.to_epsg() == 4326
    assert str(shelters["sensitive"].dtype) == "boolean"
    assert str(shelters["capacity"].dtype) == "Int64"
    assert set(shelters.geometry.geom_type) == {"Point"}


def test_tables_come_back_without_geometry(bundled_store):
    crossings = loaders.read_layer("darien_crossings", path=bundled_store)
    assert "geometry" not in crossings.columns
    assert crossings["count"].min() >= 0


def test_country_filter_keeps_only_those_countries(bundled_store):
    shelters = loaders.read_layer("shelters", countries=["PAN", "CRI"], path=bundled_store)
    assert len(shelters) > 0
    assert set(shelters["country_iso3"]) <= {"PAN", "CRI"}


def test_country_filter_on_multi_country_features(bundled_store):
    routes = loaders.read_layer("routes", countries=["PAN"], path=bundled_store)
    assert len(routes) > 0
    assert all("PAN" in c.split(";") for c in routes["countries"])


def test_year_filter_on_incidents_and_on_spans(bundled_store):
    incidents = loaders.read_layer("incidents", years=(2022, 2023), path=bundled_store)
    assert set(incidents["year"]) == {2022, 2023}
    zones = loaders.read_layer("displacement_zones", years=(2010, 2010), path=bundled_store)
    assert "2010" in set(zones["start_date"].str[:4])
    assert all(int(s[:4]) <= 2010 for s in zones["start_date"])


def test_bbox_filter_reads_only_the_box(bundled_store):
    darien = (-78.5, 7.0, -77.0, 9.0)
    incidents = loaders.read_layer("incidents", bbox=darien, path=bundled_store)
    assert len(incidents) > 0
    assert incidents.geometry.within(shapely.box(*darien)).all()


# Each bad input -> the exact words the error must contain (file, layer, row, column, reason).
def _missing_file(tmp_path):
    return tmp_path / "nowhere.gpkg", "shelters", ["nowhere.gpkg", "does not exist", "build_geodata.py"]


def _not_a_gpkg(tmp_path):
    path = tmp_path / "text.gpkg"
    path.write_text("not a geopackage")
    return path, "shelters", ["text.gpkg", "not a readable GeoPackage"]


def _unknown_layer(tmp_path):
    return write_shelters(tmp_path / "a.gpkg", [shelter_row()]), "shelterz", ["layer 'shelterz'", "unknown layer", "shelters"]


def _missing_layer(tmp_path):
    return write_shelters(tmp_path / "a.gpkg", [shelter_row()]), "routes", ["layer 'routes'", "missing", "the file has shelters"]


def _missing_column(tmp_path):
    row = shelter_row()
    del row["services"]
    return write_shelters(tmp_path / "a.gpkg", [row]), "shelters", ["column 'services'", "column is missing"]


def _unexpected_column(tmp_path):
    return write_shelters(tmp_path / "a.gpkg", [shelter_row(colour="red")]), "shelters", ["column 'colour'", "unexpected column"]


def _bad_vocabulary(tmp_path):
    rows = [shelter_row(), shelter_row(shelter_id="b", services="lodging;massage")]
    return write_shelters(tmp_path / "a.gpkg", rows), "shelters", ["row fid 2", "column 'services'", "expected values of", "massage"]


def _required_value_empty(tmp_path):
    return write_shelters(tmp_path / "a.gpkg", [shelter_row(name=None)]), "shelters", ["row fid 1", "column 'name'", "a value is required"]


def _bad_date(tmp_path):
    return write_shelters(tmp_path / "a.gpkg", [shelter_row(last_verified="31/12/2024")]), "shelters", ["column 'last_verified'", "YYYY-MM-DD"]


def _duplicate_key(tmp_path):
    return write_shelters(tmp_path / "a.gpkg", [shelter_row(), shelter_row()]), "shelters", ["row fid 2", "column 'shelter_id'", "duplicate key"]


def _wrong_geometry(tmp_path):
    path = write_shelters(tmp_path / "a.gpkg", [shelter_row()], geometry=[shapely.LineString([(0, 0), (1, 1)])])
    return path, "shelters", ["column 'geometry'", "expected Point geometry, found LineString"]


def _wrong_crs(tmp_path):
    path = write_shelters(tmp_path / "a.gpkg", [shelter_row()], crs="EPSG:3857", geometry=[shapely.Point(-1e7, 1.6e6)])
    return path, "shelters", ["column 'geometry'", "EPSG:4326"]


BAD_INPUTS = [_missing_file, _not_a_gpkg, _unknown_layer, _missing_layer, _missing_column, _unexpected_column, _bad_vocabulary, _required_value_empty, _bad_date, _duplicate_key, _wrong_geometry, _wrong_crs]


@pytest.mark.parametrize("make", BAD_INPUTS, ids=[f.__name__.strip("_") for f in BAD_INPUTS])
def test_bad_input_gets_one_clear_error(tmp_path, make):
    path, layer, words = make(tmp_path)
    with pytest.raises(LayerError) as caught:
        loaders.read_layer(layer, path=path)
    message = str(caught.value)
    assert str(path.name) in message
    for word in words:
        assert word in message


def test_a_valid_small_file_reads(tmp_path):
    path = write_shelters(tmp_path / "ok.gpkg", [shelter_row(), shelter_row(shelter_id="b", capacity=40)])
    shelters = loaders.read_layer("shelters", path=path)
    assert list(shelters["capacity"].astype("object")) == [None, 40] or shelters["capacity"].tolist()[1] == 40
    assert shelters["services"].tolist() == ["lodging;food", "lodging;food"]


def test_both_stores_hold_the_same_bundled_data(bundled_gpkg, postgis_template, postgres):
    """init-db loads every layer whole: the database reads back exactly as the GeoPackage."""
    name, url = new_database(postgres, postgis_template)
    try:
        for layer in loaders.LAYERS:
            from_file, from_db = loaders.read_layer(layer, path=bundled_gpkg), loaders.read_layer(layer, path=url)
            assert from_file.drop(columns="geometry", errors="ignore").equals(from_db.drop(columns="geometry", errors="ignore")), layer
            if "geometry" in from_file.columns:
                assert from_file.geometry.geom_equals_exact(from_db.geometry, 1e-12).all(), layer
    finally:
        drop_database(postgres, name)


# Each broken database -> SQL that breaks it, the layer read, the words the error must contain.
BAD_DATABASES = [
    ("missing_table", "DROP TABLE routes", "routes", ["database postgresql://", "layer 'routes'", "the layer is missing"]),
    ("missing_column", "ALTER TABLE shelters DROP COLUMN services", "shelters", ["layer 'shelters'", "column 'services'", "missing"]),
    (
        "bad_vocabulary",
        "UPDATE shelters SET services = 'lodging;massage' WHERE fid = (SELECT min(fid) FROM shelters)",
        "shelters",
        ["row fid 1", "column 'services'", "expected values of", "massage"],
    ),
    ("required_value_empty", "UPDATE places SET name = '' WHERE fid = 3", "places", ["row fid 3", "column 'name'", "a value is required"]),
    ("no_version_row", "DROP TABLE corredor_version", None, ["no data version", "init-db"]),
]


@pytest.mark.parametrize(("case", "statement", "layer", "words"), BAD_DATABASES, ids=[b[0] for b in BAD_DATABASES])
def test_a_broken_database_gets_one_clear_error(postgres, postgis_template, case, statement, layer, words):
    import psycopg

    name, url = new_database(postgres, postgis_template)
    try:
        with psycopg.connect(url) as conn:
            conn.execute(statement)
        with pytest.raises(LayerError) as caught:
            loaders.read_layer(layer, path=url) if layer else loaders.data_version(url)
        for word in words:
            assert word in str(caught.value)
    finally:
        drop_database(postgres, name)


def test_an_unreachable_database_is_named_without_its_password():
    from deploy.pgcluster import free_port

    url = f"postgresql://corredor:s3cret@127.0.0.1:{free_port()}/corredor"
    with pytest.raises(LayerError) as caught:
        loaders.read_layer("shelters", path=url)
    assert "cannot connect to the database" in str(caught.value)
    assert "corredor:***@127.0.0.1" in str(caught.value) and "s3cret" not in str(caught.value)


def test_the_database_url_setting_chooses_the_store(monkeypatch):
    monkeypatch.setenv("CORREDOR_DATABASE_URL", "postgresql://db.example/corredor")
    assert loaders.location() == "postgresql://db.example/corredor"
    monkeypatch.setenv("CORREDOR_DATABASE_URL", "")
    assert loaders.location() == loaders.default_path()
    monkeypatch.setenv("CORREDOR_DATABASE_URL", "mysql://db/corredor")
    with pytest.raises(ValueError, match="postgresql://"):
        loaders.location()
