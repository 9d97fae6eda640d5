"""The Missing Migrants Project importer: header generations, coordinates, dates, counting, replacing and updating."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from import_helpers import fixture

import loaders
from analysis.figures import key_figures
from exports.files import csv_bytes
from importers import mmp
from importers.errors import ImportFileError
from importers.importer import run_import
from importers.parsing import parse_coordinates, parse_count, parse_date
from loaders.schema import INCIDENTS


@pytest.mark.parametrize(
    ("name", "generation"),
    [("mmp_2019.csv", "2019–2021"), ("mmp_2023.csv", "2023"), ("mmp_2024.csv", "2024–2026"), ("mmp_2024_messy_header.csv", "2024–2026"), ("mmp_2025.xlsx", "2024–2026")],
)
def test_every_header_generation_is_recognised(gpkg, name, generation):
    report = run_import("mmp", fixture(name), gpkg=gpkg, dry_run=True)
    assert f"header generation: {generation}" in report.notes


def test_headers_match_whatever_the_case_spacing_and_renaming(tmp_path):
    header = [" WEB  id", "Region of incident", "REPORTED DATE", "Number of Dead", "minimum estimated number of missing", "cause_of_death", "Location Coordinates", "Source Quality "]
    columns = mmp.map_header(header, tmp_path / "x.csv")
    assert columns["incident_id"] == " WEB  id"
    assert columns["dead"] == "Number of Dead"
    assert columns["cause"] == "cause_of_death"
    assert columns["coordinates"] == "Location Coordinates"


def test_an_unknown_header_says_what_was_expected(tmp_path):
    with pytest.raises(ImportFileError) as caught:
        mmp.map_header(["Incident ID", "Date", "Dead", "Cause", "Where"], tmp_path / "x.csv")
    message = caught.value.message
    assert "no column for Coordinates, Source Quality" in message
    assert "Coordinates (coordinates / latitude)" in message
    assert "The file's columns: Incident ID, Date, Dead, Cause, Where" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.35, -77.6", (8.35, -77.6, "pair")),
        ("8.35,-77.6", (8.35, -77.6, "pair")),
        ("POINT (-77.6 8.35)", (8.35, -77.6, "wkt")),
        ("point(-77.6 8.35)", (8.35, -77.6, "wkt")),
        ("POINT Z (-77.6 8.35 10)", (8.35, -77.6, "wkt")),
    ],
)
def test_coordinate_forms(text, expected):
    assert parse_coordinates(text) == expected


@pytest.mark.parametrize("text", ["", "8.35", "north", "POINT EMPTY", "8.35, -77.6, 3", "nan, nan"])
def test_broken_coordinates_are_refused(text):
    with pytest.raises(ValueError):
        lat, lon, _ = parse_coordinates(text)
        if lat != lat or lon != lon:
            raise ValueError("nan")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 6, 2014", dt.date(2014, 1, 6)),
        ("Jan 6, 2014", dt.date(2014, 1, 6)),
        ("6 January 2014", dt.date(2014, 1, 6)),
        ("Thu, 01/01/2026 - 12:00", dt.date(2026, 1, 1)),
        ("Mon, 01/06/2014 - 12:00", dt.date(2014, 1, 6)),
        ("2014-01-06", dt.date(2014, 1, 6)),
        ("2014-01-06T00:00:00", dt.date(2014, 1, 6)),
        ("2014-01-06 13:45:00", dt.date(2014, 1, 6)),
        ("01/06/2014", dt.date(2014, 1, 6)),
        ("13/01/2014", dt.date(2014, 1, 13)),
        (dt.datetime(2014, 1, 6, 12, 0), dt.date(2014, 1, 6)),
        (41645, dt.date(2014, 1, 6)),
    ],
)
def test_date_forms(text, expected):
    assert parse_date(text, today=dt.date(2026, 11, 23))[0] == expected


@pytest.mark.parametrize("text", ["Fri, 01/01/2026 - 12:00", "2014-02-30", "next week", "2031-01-01", "1985-05-05", "32 January 2014"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text, today=dt.date(2026, 11, 23))


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("1,234", 1234), ("12.0", 12), ("", None), (2.0, 2)])
def test_counts(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["-1", "1.5", "two", "inf", True])
def test_bad_counts(text):
    with pytest.raises(ValueError):
        parse_count(text)


def test_swapped_rounded_and_sea_points(gpkg):
    report = run_import("mmp", fixture("mmp_2019.csv"), gpkg=gpkg)
    incidents = loaders.read_layer("incidents", path=gpkg).set_index("incident_id")
    swapped = incidents.loc["50005"]
    assert (swapped.geometry.x, swapped.geometry.y) == (-76.78, 8.43) and swapped["country_iso3"] == "COL"
    rounded = incidents.loc["50006"]
    assert (rounded.geometry.x, rounded.geometry.y) == (-90.0, 15.0) and rounded["precision"] == "approximate"
    assert incidents.loc["50004", "country_iso3"] == "PRI"  # at sea, attributed to the nearest country
    reasons = {w.row: w.reason for w in report.warnings}
    assert reasons[6] == "latitude and longitude were swapped: swapped back"
    assert "coordinates in whole degrees: kept, marked approximate" in [w.reason for w in report.warnings if w.row == 7]
    assert (incidents["precision"] == "approximate").all()


def test_a_point_outside_its_declared_country_is_kept_with_a_warning(gpkg):
    report = run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg, dry_run=True)
    warning = next(w for w in report.warnings if w.reason == "point outside its declared country")
    assert warning.row == 6 and warning.value.startswith("GTM: ") and "HND" in warning.value


def test_a_real_export_replaces_the_illustrative_incidents_in_one_import(gpkg):
    assert loaders.read_layer("incidents", path=gpkg)["is_demo"].all()
    report = run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    incidents = loaders.read_layer("incidents", path=gpkg)
    assert report.changes == {"inserted": 8, "updated": 0, "removed_demo": 400, "total": 8}
    assert not incidents["is_demo"].any()
    assert set(incidents["source_id"]) == {report.source_id}
    source = loaders.read_sources(path=gpkg).loc[report.source_id]
    assert source["publisher"].startswith("International Organization for Migration (IOM)")
    assert source["url"] == "https://missingmigrants.iom.int/"
    assert source["accessed"] == dt.date.today().isoformat()


def test_a_newer_export_updates_records_by_id(gpkg):
    run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    report = run_import("mmp", fixture("mmp_2024_update.csv"), gpkg=gpkg)
    assert report.changes == {"inserted": 1, "updated": 1, "removed_demo": 0, "total": 9}
    incidents = loaders.read_layer("incidents", path=gpkg).set_index("incident_id")
    assert incidents.index.is_unique
    assert incidents.loc["2024.MMP0002", "dead"] == 2
    assert incidents.loc["2024.MMP0002", "location"].endswith("(revised)")
    again = run_import("mmp", fixture("mmp_2024_update.csv"), gpkg=gpkg)
    assert again.changes == {"inserted": 0, "updated": 2, "removed_demo": 0, "total": 9}


def test_split_and_cumulative_records_each_count_once(gpkg):
    report = run_import("mmp", fixture("mmp_2023.csv"), gpkg=gpkg)
    duplicate = report.rejections[7][0]
    assert duplicate.column == "Incident ID" and duplicate.value == "2023.MMP0001"
    incidents = loaders.read_layer("incidents", path=gpkg).set_index("incident_id")
    assert incidents.index.is_unique
    assert incidents.loc["2023.MMP0002a", "incident_type"] == "Split Incident"
    assert incidents.loc["2023.MMP0002b", "incident_type"] == "Split Incident"
    assert incidents.loc["2023.MMP0003", "incident_type"] == "Cumulative Incident"
    figures = key_figures(loaders.read_layer("shelters", path=gpkg), incidents.reset_index(), loaders.read_layer("displacement_zones", path=gpkg))
    # every record counts once, split and cumulative included (as IOM's totals do): 3 + 2 + 1 + 12 + 1 + 1 + 1
    assert figures.dead_and_missing == 21
    assert incidents.loc["2023.MMP0006", "incident_type"] == "Incident"  # "Partial": unknown type, kept with a warning
    # importing the same export again changes nothing
    again = run_import("mmp", fixture("mmp_2023.csv"), gpkg=gpkg)
    assert again.changes["inserted"] == 0 and len(loaders.read_layer("incidents", path=gpkg)) == len(incidents)


def test_a_global_export_keeps_the_americas_and_counts_what_it_set_aside(gpkg, tmp_path):
    lines = fixture("mmp_2024.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    far = [
        "2024.MMPX{n},2024.MMPX{n},Mediterranean,2024-01-0{d},2024,January,1,0,,,,,,Drowning,Unknown,,Fixture: at sea,Fixture,\"35.{n}, 14.{n}\",Central Mediterranean,,Southern Europe,3".format(n=n, d=n)
        for n in range(1, 6)
    ]
    path = tmp_path / "global.csv"
    path.write_text("\n".join([header, *rows, *far]) + "\n", encoding="utf-8")
    report = run_import("mmp", path, gpkg=gpkg, dry_run=True)
    assert report.set_aside_count == 6 and report.accepted == 8
    assert "1 invalid" not in report.to_text() and "6 set aside as outside the Americas" in report.to_text()


def test_formula_cells_are_kept_as_text_and_neutralised_in_exported_csv(gpkg):
    report = run_import("mmp", fixture("mmp_2024.csv"), gpkg=gpkg)
    assert any(w.column == "location" and w.reason.startswith("text starts like a spreadsheet formula") for w in report.warnings)
    incidents = loaders.read_layer("incidents", path=gpkg)
    assert (incidents["location"] == '=HYPERLINK("http://example.invalid","click")').sum() == 1
    exported = csv_bytes(incidents, INCIDENTS).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported
    assert ',=HYPERLINK' not in exported and ',"=HYPERLINK' not in exported


def test_imported_points_are_points_in_wgs84(gpkg):
    run_import("mmp", fixture("mmp_2025.xlsx"), gpkg=gpkg)
    incidents = loaders.read_layer("incidents", path=gpkg)
    assert incidents.crs.to_epsg() == 4326
    assert all(isinstance(g, shapely.Point) for g in incidents.geometry)
    assert set(incidents["date"]) == {"2025-03-02", "2025-04-12", "2025-05-23", "2025-06-01", "2025-07-01"}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("Guatemala, Honduras", "Guatemala;Honduras"), ("Venezuela (Bolivarian Republic of)", "Venezuela (Bolivarian Republic of)"), ("Mexico,Unknown,Mexico", "Mexico;Unknown"), ("", None), (None, None)],
)
def test_country_of_origin_keeps_every_named_country(raw, stored):
    assert mmp._origins(raw) == stored


def test_country_of_origin_is_imported(gpkg):
    run_import("mmp", fixture("mmp_2025.xlsx"), gpkg=gpkg)
    incidents = loaders.read_layer("incidents", path=gpkg).set_index("incident_id")
    assert incidents.loc["2025.MMP0201", "country_origin"] == "Venezuela"
    assert incidents.loc["2025.MMP0202", "country_origin"] == "Honduras"


def test_a_database_made_before_the_origin_column_gets_it(postgres, postgis_template):
    from loaders import postgis
    from tests.conftest import drop_database, new_database

    name, url = new_database(postgres, postgis_template)
    try:
        with postgis.connect(url) as conn:
            conn.execute("ALTER TABLE incidents DROP COLUMN country_origin")
        with postgis.connect(url) as conn:
            postgis.create_schema(conn)
        incidents = loaders.read_layer("incidents", path=url)
        assert "country_origin" in incidents.columns and incidents["country_origin"].isna().all()
    finally:
        drop_database(postgres, name)
