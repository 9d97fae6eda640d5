"""IOM's Missing Migrants Project data as Corredor bundles it: every Americas record kept, every record counted once.

Checks on the bundled export (geodata/sources/mmp-global-2014-2025-04-29.xlsx,
byte-exact, checksummed), the HDX hashtag edition and the JSON feed made from
real records, and `refresh mmp` against a feed served on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pandas as pd
import pytest
from import_helpers import ROOT, fixture, sha256

import loaders
from importers import mmp
from importers.errors import ImportFileError
from importers.importer import main, run_import
from scripts import build_geodata

AMERICAS = ("North America", "Central America", "South America", "Caribbean")


@pytest.fixture(scope="module")
def workbook() -> pd.DataFrame:
    frame = pd.read_excel(build_geodata.MMP_EXPORT, dtype=object)
    frame.insert(0, "row", frame.index + 2)  # the spreadsheet row (row 1 is the header)
    return frame


@pytest.fixture(scope="module")
def bundled_read():
    """The bundled export read exactly as the GeoPackage build reads it (the importer's own code)."""
    return build_geodata.read_mmp_export(loaders.read_layer("countries"))


@pytest.fixture(scope="module")
def incidents() -> pd.DataFrame:
    return loaders.read_layer("incidents")


def test_the_bundled_export_is_the_publishers_file_unchanged():
    readme = (ROOT.parent / "shared" / "data" / "README.md")
    if readme.is_file():  # the checksum the data's README publishes, where the README is at hand
        assert build_geodata.MMP_SHA256 in readme.read_text(encoding="utf-8")
    assert sha256(build_geodata.MMP_EXPORT) == build_geodata.MMP_SHA256 == "2fba916c806fc4d72ecb7f0abe261b86b4ac3754740df3cdacc6a3d2ae226f97"


def test_published_checks_hold_on_the_bundled_records(incidents):
    people = incidents["dead"] + incidents["missing"]
    darien = incidents["route"].fillna("").str.split(",").map(lambda parts: "Darien" in [p.strip() for p in parts])
    assert people[(incidents["year"] == 2024) & darien].sum() == 174  # IOM's published figure, split incidents included
    assert people[incidents["year"] == 2024].sum() == 1271
    assert not incidents["is_demo"].any()


def test_every_americas_row_is_in_the_layer_or_in_the_report(workbook, bundled_read, incidents):
    americas = workbook[workbook["Region of Incident"].isin(AMERICAS)]
    assert len(americas) == 6881
    report = bundled_read.report
    rejected = {row for row, issues in report.rejections.items() if any(i.kind != "out_of_region" for i in issues)}
    accepted = set(report.accepted_rows)
    rows = set(americas["row"])
    assert rows <= accepted | rejected, "an Americas row is neither in the layer nor in the report"
    assert len(rows & accepted) + len(rows & rejected) == len(rows)
    assert len(rows & accepted) / len(rows) >= 0.999
    # the layer holds exactly the accepted rows (the two rows whose region also names the Americas included)
    assert len(incidents) == report.accepted == len(bundled_read.frame)
    assert set(incidents["incident_id"]) == set(bundled_read.frame["incident_id"])
    for issues in (report.rejections[r] for r in rejected):
        assert all(i.reason for i in issues), "every rejection says why"


def test_the_quirks_are_kept(workbook, incidents):
    by_id = incidents.set_index("incident_id")
    graded = workbook[workbook["Region of Incident"].isin(AMERICAS) & workbook["Source Quality"].astype(str).str.contains(",")]
    assert len(graded) >= 10
    for _i, row in graded.iterrows():
        grades = sorted({int(g) for g in str(row["Source Quality"]).split(",")})
        record = by_id.loc[row["Main ID"]]
        assert record["source_quality_grades"] == ";".join(map(str, grades)) and record["source_quality"] == max(grades)
    assert (incidents["incident_type"] == "Incident;Split Incident").sum() == 4
    undated = workbook[workbook["Incident Date"].isna() & workbook["Incident Year"].isna()]
    assert len(undated) == 13
    for main_id in undated["Main ID"]:
        assert by_id.loc[main_id, "year"] == int(main_id[:4]) and by_id.loc[main_id, "date"] == f"{main_id[:4]}-01-01"
    assert by_id.loc["2015.MMP00308", "missing"] == -1 and by_id.loc["2015.MMP00308", "dead"] == 20  # the correction, kept as given
    # a split incident is one record keyed by its Main ID (its Incident ID lists the parts), as MMP's feed keys it
    assert by_id.loc["2025.MMP0063", "dead"] + by_id.loc["2025.MMP0063", "missing"] == 9


def test_the_hdx_hashtag_edition_reads_as_the_export_does(gpkg, incidents):
    report = run_import("mmp", fixture("mmp_hdx_hxl.csv"), gpkg=gpkg, dry_run=True)
    assert "header generation: Humanitarian Data Exchange edition (HXL hashtags)" in report.notes
    assert report.accepted + report.rejected == report.rows_read == 70
    prepared = mmp.prepare(fixture("mmp_hdx_hxl.csv"), gpkg)
    mine = prepared.frame.set_index("incident_id")
    bundled = incidents.set_index("incident_id").loc[mine.index]
    for column in ("dead", "missing", "year", "date", "cause", "route", "country_iso3", "source_quality", "source_quality_grades", "incident_type"):
        assert list(mine[column].astype(str)) == list(bundled[column].astype(str)), column


def test_the_json_feed_imports(gpkg):
    report = run_import("mmp", fixture("mmp_feed_2025_sample.json"), gpkg=gpkg, dry_run=True)
    assert "header generation: JSON data feed" in report.notes
    assert report.unit == "record"
    assert (report.rows_read, report.accepted, report.rejected) == (975, 151, 824)
    assert report.accepted + report.rejected == report.rows_read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type": "FeatureCollection", "features": []}', "this file is GeoJSON (a FeatureCollection): import it with the ogr kind"),
        ('{"records": []}', "this file is a JSON object, not a list of records"),
        ("[1, 2]", "this file is a JSON list whose record 1 is not an object (int)"),
        ("[]", "this JSON holds no records"),
        ('[{"web_id": ', "this looks like JSON but cannot be read (line 1"),
    ],
)
def test_an_unsupported_json_says_what_it_is_and_what_is_accepted(gpkg, tmp_path, text, expected):
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        run_import("mmp", path, gpkg=gpkg, dry_run=True)
    assert expected in caught.value.message
    assert "accepted: a CSV (UTF-8), an XLSX workbook, or JSON holding a list of records" in caught.value.message


@pytest.fixture
def feed_server():
    """The feed sample served over HTTP on 127.0.0.1 (a free port), as MMP's site would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(fixture("mmp_feed_2025_sample.json").parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mmp_feed_{{year}}_sample.json"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


def test_refresh_updates_by_id_and_says_what_changed(real_gpkg, feed_server, capsys):
    before = loaders.read_layer("incidents", path=real_gpkg)
    assert main(["refresh", "mmp", "--url", feed_server, "--year", "2025", "--gpkg", str(real_gpkg), "--user", "tester"]) == 0
    out = capsys.readouterr().out
    after = loaders.read_layer("incidents", path=real_gpkg)
    new = set(after["incident_id"]) - set(before["incident_id"])
    assert re.search(rf"^{len(new)} new records, (\d+) revised, (\d+) of 2025 no longer in the feed \(kept\)$", out, re.M)
    assert len(new) == 71 and len(after) == len(before) + 71
    old_2025 = int((before["dead"] + before["missing"])[before["year"] == 2025].sum())
    new_2025 = int((after["dead"] + after["missing"])[after["year"] == 2025].sum())
    assert f"dead and missing in 2025: {old_2025} before, {new_2025} after" in out
    assert after.set_index("incident_id").loc["2025.MMP0063", "missing"] == 4  # a split incident's parts, added into one record
    imports = __import__("importers.store", fromlist=["read_table"]).read_table("imports", real_gpkg)
    assert imports.iloc[-1]["file_name"].startswith("MMP data feed 2025 (http://127.0.0.1:")
    # the Data page says when the incidents were last refreshed, and from what
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).switch_page("pages/data.py").run()
    assert not at.exception
    cards = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert re.search(r"\*\*Last refreshed:\*\* \d{4}-\d\d-\d\d \d\d:\d\d from MMP data feed 2025 \(http://127\.0\.0\.1:\d+/mmp_feed_2025_sample\.json\) \(MMP; 151 records accepted, 71 new, 73 updated\)", cards), cards[:2000]
    # once more: nothing new, nothing revised
    assert main(["refresh", "mmp", "--url", feed_server, "--year", "2025", "--gpkg", str(real_gpkg)]) == 0
    assert "0 new records, 0 revised" in capsys.readouterr().out


def test_refresh_offline_says_so_and_changes_nothing(real_gpkg, capsys, monkeypatch):
    monkeypatch.setenv("CORREDOR_MMP_FEED_URL", "http://127.0.0.1:9/{year}.json")  # nothing listens on the discard port
    before = sha256(real_gpkg)
    assert main(["refresh", "mmp", "--timeout", "3", "--gpkg", str(real_gpkg)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("offline: the feed cannot be reached") and "nothing was changed" in err
    assert sha256(real_gpkg) == before
