"""Downloads: formula-safe CSV, each format read back, README citation and warnings, filtering."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

import exports
import loaders
from exports import Selection
from exports.files import csv_text, data_file_name
from loaders.schema import LAYERS

BUILT = dt.datetime(2026, 11, 23, 16, 17, 35, tzinfo=dt.timezone.utc)
SPATIAL = [name for name, layer in LAYERS.items() if layer.geometry]
COL_PAN = Selection(countries=("COL", "PAN"), years=(2019, 2024))
# With Honduras every spatial layer has rows (the 2020 storms are displacement zones there).
COL_PAN_HND = Selection(countries=("COL", "PAN", "HND"), years=(2019, 2024))


@functools.lru_cache(maxsize=None)
def _read(name: str, countries: tuple | None, years: tuple | None):
    return loaders.read_layer(name, countries=countries, years=years)


def read(name: str, countries=None, years=None):
    """A layer of the bundled GeoPackage, read once per test session (a copy each time)."""
    return _read(name, tuple(countries) if countries else None, tuple(years) if years else None).copy()


def sources():
    return read("sources").set_index("source_id")


# --- CSV safety ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\rcmd", "'\rcmd"),
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("-2+3", "'-2+3"),
        ("-77.5abc", "'-77.5abc"),
        ("+507 6000-0000", "'+507 6000-0000"),
        ("-77.5", "-77.5"),
        ("-3", "-3"),
        ("-1.5e-3", "-1.5e-3"),
        ("text", "text"),
        ("Casa del Migrante = refugio", "Casa del Migrante = refugio"),
        ("", ""),
        (None, None),
        (-77.5, -77.5),
        (12, 12),
        (True, True),
    ],
)
def test_formula_cells_are_neutralised_and_plain_numbers_are_not(cell, expected):
    assert exports.neutralise_cell(cell) == expected


def test_every_text_column_of_a_csv_is_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "name": pd.Series(["=cmd|' /C calc'!A0", "Albergue"], dtype="string"),
            "notes": ["@SUM(1)", None],
            "longitude": [-77.5, -79.52],
            "as_text": ["-77.5", "+1"],
            "count": pd.Series([-3, None], dtype="Int64"),
        }
    )
    rows = list(csv.DictReader(io.StringIO(csv_text(frame))))
    assert rows[0]["name"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["notes"] == "'@SUM(1)"
    assert rows[1]["notes"] == ""
    assert rows[0]["longitude"] == "-77.5"
    assert rows[0]["as_text"] == "-77.5"
    assert rows[1]["as_text"] == "'+1"
    assert rows[0]["count"] == "-3"
    assert frame["name"].iloc[0].startswith("=")  # the caller's frame is not changed


def test_layer_csv_neutralises_text_but_keeps_negative_coordinates_numeric(tmp_path):
    shelters = read("shelters", countries=["PAN"])
    shelters.loc[0, "name"] = "=1+1"
    shelters.loc[0, "operator"] = "-cmd"
    data = exports.csv_bytes(shelters, LAYERS["shelters"])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for spreadsheets
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.loc[0, "name"] == "'=1+1"
    assert back.loc[0, "operator"] == "'-cmd"
    assert back["longitude"].dtype == float and (back["longitude"] < -77).all()
    assert list(back.columns) == LAYERS["shelters"].column_names + ["longitude", "latitude"]


# --- formats read back ----------------------------------------------------------


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def export(name: str, selection: Selection, fmt: str) -> dict[str, bytes]:
    """The zip's members for layer `name` filtered as the page filters it (the sources table whole)."""
    if name == "sources":
        frame = read("sources")
    else:
        frame = read(name, countries=list(selection.countries) or None, years=selection.years)
    data = exports.export_zip(
        name,
        frame,
        fmt,
        sources=sources(),
        selection=selection,
        built=BUILT,
        total=len(read(name)),
        places=read("places") if name == "shelters" else None,
    )
    return unzip(data)


@pytest.mark.parametrize("name", SPATIAL)
@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_spatial_formats_read_back_with_the_rows_and_columns_of_the_selection(name, fmt, tmp_path):
    expected = read(name, countries=["COL", "PAN", "HND"], years=(2019, 2024))
    files = export(name, COL_PAN_HND, fmt)
    member = data_file_name(name, fmt, COL_PAN_HND)
    assert set(files) == {member, "README.txt"}
    path = tmp_path / member
    path.write_bytes(files[member])
    back = gpd.read_file(path)
    assert len(back) == len(expected) > 0
    assert [c for c in back.columns if c != "geometry"] == LAYERS[name].column_names
    assert back.crs.to_epsg() == 4326
    assert set(back.geom_type) <= {"Point", "LineString", "MultiPolygon", "Polygon"}


@pytest.mark.parametrize("name", SPATIAL)
def test_geopackage_keeps_the_source_layers_schema(name, tmp_path):
    files = export(name, COL_PAN_HND, "gpkg")
    path = tmp_path / "x.gpkg"
    path.write_bytes(files[data_file_name(name, "gpkg", COL_PAN_HND)])
    mine, source = pyogrio.read_info(path, layer=name), pyogrio.read_info(loaders.BUNDLED_GPKG, layer=name)
    assert list(mine["fields"]) == list(source["fields"])
    assert list(mine["ogr_types"]) == list(source["ogr_types"])
    assert list(mine["ogr_subtypes"]) == list(source["ogr_subtypes"])
    assert mine["geometry_type"] == source["geometry_type"]
    assert loaders.read_layer(name, path=path).shape[0] == mine["features"]  # it passes Corredor's own checks


@pytest.mark.parametrize("name", list(LAYERS))
def test_csv_reads_back_with_every_row_and_column(name):
    selection = COL_PAN if name != "sources" else Selection()
    files = export(name, selection, "csv")
    back = pd.read_csv(io.BytesIO(files[data_file_name(name, "csv", selection)]), encoding="utf-8-sig", keep_default_na=False)
    expected = read(name, countries=list(selection.countries) or None, years=selection.years)
    assert len(back) == len(expected)
    geometry = {"Point": ["longitude", "latitude"], "LineString": ["geometry_wkt"], "MultiPolygon": ["geometry_wkt"], None: []}
    assert list(back.columns) == LAYERS[name].column_names + geometry[LAYERS[name].geometry]


def test_routes_csv_geometry_is_wkt_that_shapely_reads():
    files = export("routes", COL_PAN, "csv")
    back = pd.read_csv(io.BytesIO(files[data_file_name("routes", "csv", COL_PAN)]), encoding="utf-8-sig")
    lines = shapely.from_wkt(back["geometry_wkt"])
    assert all(line.geom_type == "LineString" for line in lines)


def test_tables_export_as_csv_only():
    assert exports.formats_for("darien_crossings") == ("csv",)
    assert exports.formats_for("reported_totals") == ("csv",)
    assert exports.formats_for("sources") == ("csv",)
    assert exports.formats_for("shelters") == ("csv", "geojson", "gpkg")
    with pytest.raises(ValueError):
        exports.geojson_bytes(read("darien_crossings"), LAYERS["darien_crossings"])


def test_an_empty_selection_still_gives_valid_files(tmp_path):
    greenland = Selection(countries=("GRL",), years=(2019, 2024))
    for fmt in ("csv", "geojson", "gpkg"):
        files = export("shelters", greenland, fmt)
        member = data_file_name("shelters", fmt, greenland)
        if fmt == "csv":
            assert pd.read_csv(io.BytesIO(files[member]), encoding="utf-8-sig").empty
        elif fmt == "geojson":
            assert json.loads(files[member])["features"] == []
        else:
            (tmp_path / member).write_bytes(files[member])
            assert pyogrio.read_info(tmp_path / member)["features"] == 0
        assert "0 rows of the 50" in files["README.txt"].decode()


# --- filtering ----------------------------------------------------------------------


def test_filtered_exports_contain_only_the_selected_countries(tmp_path):
    files = export("shelters", COL_PAN, "csv")
    shelters = pd.read_csv(io.BytesIO(files["corredor-shelters-COL-PAN.csv"]), encoding="utf-8-sig")
    assert set(shelters["country_iso3"]) == {"COL", "PAN"}
    assert len(shelters) < len(read("shelters"))

    files = export("incidents", COL_PAN, "geojson")
    incidents = json.loads(files["corredor-incidents-COL-PAN-2019-2024.geojson"])["features"]
    assert {f["properties"]["country_iso3"] for f in incidents} == {"COL", "PAN"}
    assert all(2019 <= f["properties"]["year"] <= 2024 for f in incidents)

    files = export("routes", COL_PAN, "gpkg")
    (tmp_path / "r.gpkg").write_bytes(files["corredor-routes-COL-PAN-2019-2024.gpkg"])
    routes = gpd.read_file(tmp_path / "r.gpkg")
    assert all({"COL", "PAN"} & set(c.split(";")) for c in routes["countries"])


def test_sensitive_shelters_leave_only_at_town_level():
    places = gpd.GeoDataFrame(
        {"name": ["Tapachula"], "country_iso3": ["MEX"]}, geometry=[shapely.Point(-92.26, 14.9)], crs="EPSG:4326"
    )
    shelters = read("shelters").head(2).copy()
    shelters["country_iso3"] = "MEX"
    shelters["municipality"] = "Tapachula"
    shelters["sensitive"] = pd.array([True, False], dtype="boolean")
    shelters["precision"] = "exact"
    shelters = shelters.set_geometry([shapely.Point(-92.2712, 14.9087), shapely.Point(-92.2712, 14.9087)])
    public = exports.public_rows("shelters", shelters, places)
    assert (public.geometry.iloc[0].x, public.geometry.iloc[0].y) == (-92.26, 14.9)
    assert public["precision"].tolist() == ["town", "exact"]
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(public, LAYERS["shelters"])), encoding="utf-8-sig")
    assert back.loc[0, "longitude"] == -92.26
    with pytest.raises(ValueError):
        exports.export_zip("shelters", shelters, "csv", sources=sources(), selection=Selection(), built=BUILT)


# --- names, citation, README ------------------------------------------------------------


def test_file_names_say_layer_filters_and_format():
    assert exports.file_name("routes", "csv", COL_PAN) == "corredor-routes-COL-PAN-2019-2024-csv.zip"
    # shelters are not dated, so the year range did not filter them and is not named
    assert exports.file_name("shelters", "gpkg", COL_PAN) == "corredor-shelters-COL-PAN-gpkg.zip"
    assert exports.file_name("darien_crossings", "csv", COL_PAN) == "corredor-darien-crossings-2019-2024-csv.zip"
    assert exports.file_name("incidents", "geojson", Selection()) == "corredor-incidents-geojson.zip"
    assert exports.file_name("incidents", "csv", Selection(years=(2016, 2016))) == "corredor-incidents-2016-csv.zip"
    eleven = Selection(countries=tuple(f"C{i:02d}" for i in range(11)), years=(2010, 2026))
    assert exports.file_name("shelters", "csv", eleven) == "corredor-shelters-11-countries-csv.zip"


def test_readme_carries_citation_the_exports_data_date_and_mmps_attribution():
    readme = export("incidents", COL_PAN, "csv")["README.txt"].decode()
    assert (
        "Corredor (2026). incidents layer, filtered: countries COL, PAN; years 2019–2024. Data date: 2025-04-29. "
        "Sources: Missing Migrants Project data (mmp-global-2014-2025-04-29.xlsx)." in readme
    )
    assert "Data date: 2025-04-29 (the newest record of the Missing Migrants Project export)." in readme
    assert "ATTRIBUTION\r\nSource: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0. The data were filtered: countries COL, PAN; years 2019–2024." in readme
    assert "- CC BY 4.0: Missing Migrants Project data (mmp-global-2014-2025-04-29.xlsx)" in readme
    assert "ILLUSTRATIVE" not in readme
    assert "formulas" in readme  # the CSV neutralisation is explained


def test_readme_of_real_data_has_no_warning_and_lists_licences_and_every_source():
    readme = export("shelters", COL_PAN, "geojson")["README.txt"].decode()
    shelters = read("shelters", countries=["COL", "PAN"])
    assert "ILLUSTRATIVE" not in readme
    assert "years not applied (this layer has no dates to filter by)" in readme
    assert "Data date: 2026-11-23" in readme
    assert f"{len(shelters)} rows of the 50 in the layer (GeoJSON)" in readme
    assert "LICENCES" in readme and "Not stated by the publisher" in readme
    cited = set(shelters["source_id"])
    names = sources().loc[sorted(cited), "name"]
    assert f"SOURCES ({len(cited)})" in readme
    for name in names:
        assert f"- {name}." in readme
    assert "town level only" in readme


def test_readme_names_stated_licences():
    readme = export("countries", COL_PAN, "csv")["README.txt"].decode()
    assert "- Public domain: Admin 0 – Countries (1:10m)" in readme
    assert "Sources: Admin 0 – Countries (1:10m)." in readme


def test_sources_table_readme_lists_sources_without_row_counts():
    readme = export("sources", Selection(), "csv")["README.txt"].decode()
    assert f"SOURCES ({len(read('sources'))})" in readme
    assert "Cited by" not in readme


def test_long_source_lists_are_shortened_in_the_citation_only():
    readme = export("shelters", Selection(), "csv")["README.txt"].decode()
    citation = readme.splitlines()[3]
    assert citation.startswith("Corredor (2026). shelters layer, filtered: all countries; all years.")
    n = read("shelters")["source_id"].nunique()
    assert f"and {n - 6} more (listed below)" in citation
    assert readme.count("\n- ") >= n
