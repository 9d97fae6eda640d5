"""Property-based: rows with broken coordinates, dates and numbers never crash an import, and the rows always add up."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.common import Prepared
from importers.errors import ImportFileError
from importers.importer import Options, prepare

HEADER = [
    "Main ID", "Incident ID", "Region", "Incident Date", "Year", "Number Dead", "Minimum Estimated Number of Missing",
    "Number of Survivors", "Cause of Death", "Country of Incident", "Coordinates", "Source Quality",
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

number = st.floats(allow_nan=True, allow_infinity=True, width=32)
coordinates = st.one_of(
    st.builds(lambda a, b: f"{a}, {b}", number, number),
    st.builds(lambda a, b: f"POINT ({a} {b})", number, number),
    st.builds(lambda a, b: f"{a:.0f}, {b:.0f}", st.integers(-200, 200), st.integers(-200, 200)),
    st.sampled_from(["", "8.35, -77.6", "-77.6, 8.35", "POINT (-77.6 8.35)", "POINT(8.35 -77.6)", "31.9,-111.9", "0, 0", "91, 181", "abc", "8.35;-77.6", "nan, nan", "1e400, 2"]),
    st.text(max_size=20),
)
dates = st.one_of(
    st.sampled_from(["January 6, 2014", "Thu, 01/01/2026 - 12:00", "Fri, 01/01/2026 - 12:00", "2014-01-06", "2014-02-30", "13/13/2013", "", "1899-12-31", "2099-01-01", "Sept 31, 2019", "31 Foo 2019"]),
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=25),
)
counts = st.one_of(st.integers(-5, 10**12).map(str), st.sampled_from(["", "1,234", "2.0", "2.5", "-0", "one", "NaN", "1e3", " 7 "]), st.text(max_size=6))
row = st.fixed_dictionaries(
    {
        "Main ID": st.text(max_size=8),
        "Incident ID": st.one_of(st.text(max_size=12), st.integers(0, 10**6).map(str)),
        "Region": st.sampled_from(["Central America", "North America", "Caribbean", "South America", "Mediterranean", "", "Atlantis"]),
        "Incident Date": dates,
        "Year": counts,
        "Number Dead": counts,
        "Minimum Estimated Number of Missing": counts,
        "Number of Survivors": counts,
        "Cause of Death": st.one_of(st.sampled_from(["Drowning", "Violence", "Mixed or unknown", "Hypothermia, Violence", "", "Meteor"]), st.text(max_size=15)),
        "Country of Incident": st.one_of(st.sampled_from(["Panama", "México", "Spain", "", "Narnia", "USA"]), st.text(max_size=10)),
        "Coordinates": coordinates,
        "Source Quality": counts,
    }
)


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: v.replace("\x00", "") for k, v in r.items()})
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _check(prepared: Prepared) -> None:
    report = prepared.report
    assert report.accepted + report.rejected == report.rows_read
    assert report.balanced
    assert len(prepared.frame) == report.accepted
    for geom in prepared.frame.geometry:
        assert isinstance(geom, shapely.Point)
        assert -180 <= geom.x <= 180 and -90 <= geom.y <= 90
    if report.accepted:
        assert prepared.frame["incident_id"].is_unique
        assert prepared.frame["dead"].ge(0).all() and prepared.frame["missing"].ge(0).all()
        assert prepared.frame["source_quality"].between(1, 5).all()


@SETTINGS
@given(rows=st.lists(row, min_size=1, max_size=12))
def test_broken_mmp_rows_never_crash_and_always_add_up(bundled_gpkg, rows):
    # prepare() only reads the GeoPackage (countries, existing rows): the bundled file is safe here
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mmp.csv"
        try:
            path.write_bytes(_csv(rows))
        except UnicodeEncodeError:
            return
        try:
            prepared = prepare("mmp", path, bundled_gpkg, Options())
        except ImportFileError as err:
            assert err.code in {"empty", "header_only", "encoding", "unreadable"}
            return
        _check(prepared)
        assert prepared.report.rows_read == len(rows) - sum(1 for r in rows if not any(v.strip() for v in r.values()))


hxl_row = st.fixed_dictionaries(
    {
        "name": st.text(max_size=10),
        "country": st.sampled_from(["MEX", "GTM", "PAN", "ESP", "", "xx"]),
        "lat": st.one_of(number.map(str), st.text(max_size=6)),
        "lon": st.one_of(number.map(str), st.text(max_size=6)),
        "services": st.sampled_from(["alojamiento", "food; legal", "", "nada"]),
        "capacity": counts,
        "date": dates,
    }
)


@SETTINGS
@given(rows=st.lists(hxl_row, min_size=1, max_size=8))
def test_broken_hxl_rows_never_crash_and_always_add_up(bundled_gpkg, rows):
    lines = [["Name", "Country", "Lat", "Lon", "Services", "Capacity", "Verified"], ["#loc+name", "#country+code", "#geo+lat", "#geo+lon", "#service", "#capacity", "#date+verified"]]
    lines += [[r["name"], r["country"], r["lat"], r["lon"], r["services"], r["capacity"], r["date"]] for r in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shelters.csv"
        try:
            path.write_bytes(buffer.getvalue().encode("utf-8"))
        except UnicodeEncodeError:
            return
        try:
            prepared = prepare("hxl", path, bundled_gpkg, Options())
        except ImportFileError as err:
            assert err.code in {"empty", "header_only", "encoding", "unreadable", "unknown_header", "unknown_format"}  # a NUL byte makes it binary
            return
        report = prepared.report
        assert report.balanced and len(prepared.frame) == report.accepted
