"""The command line: `python -m importers.importer <kind> <file> [--layer …] [--dry-run]`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from import_helpers import ROOT, fixture, sha256

import loaders
from importers.importer import main


def test_dry_run_prints_the_report_and_writes_nothing(gpkg, capsys):
    before = sha256(gpkg)
    assert main(["mmp", str(fixture("mmp_2024.csv")), "--dry-run", "--gpkg", str(gpkg)]) == 0
    out = capsys.readouterr().out
    assert "MMP import of mmp_2024.csv into layer 'incidents' (dry run: nothing written)" in out
    assert "rows read 9: accepted 8, rejected 1 (0 invalid, 1 set aside as outside the Americas); warnings 4" in out
    assert "1 × Source Quality is not a grade from 1 to 5: left empty (first: line 9)" in out
    assert "1 × negative count (a correction in the source): kept as given, so totals match IOM's (first: line 10)" in out
    assert sha256(gpkg) == before


def test_the_default_geopackage_is_the_apps(gpkg, capsys):
    # $CORREDOR_GPKG (set by the fixture) names the app's GeoPackage
    assert main(["idmc", str(fixture("idmc_gidd.xlsx"))]) == 0
    assert "written: import" in capsys.readouterr().out
    events = loaders.read_layer("disaster_events", path=gpkg)
    assert {"idmc-91001-HTI-2016", "idmc-91001-DOM-2016"} <= set(events["event_key"])


def test_json_report_and_rejected_rows_csv(gpkg, tmp_path, capsys):
    rejected = tmp_path / "rejected.csv"
    code = main(["hxl", str(fixture("shelters_hxl.csv")), "--gpkg", str(gpkg), "--json", "--rejected-csv", str(rejected), "--publisher", "Fixture network"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows_read"], report["accepted"], report["rejected"], report["balanced"]) == (7, 3, 4, True)
    rows = list(csv.DictReader(io.StringIO(rejected.read_text(encoding="utf-8"))))
    assert [r["row"] for r in rows] == ["5", "6", "7", "9"]
    assert loaders.read_sources(path=gpkg).loc[report["source_id"], "publisher"] == "Fixture network"


def test_rejected_rows_csv_neutralises_formulas(gpkg, tmp_path, capsys):
    bad = tmp_path / "formula.csv"
    lines = fixture("mmp_2024.csv").read_text(encoding="utf-8").splitlines()
    bad.write_text(lines[0] + "\n" + lines[1].replace("Central America", "=cmd|' /C calc'!A0", 1) + "\n", encoding="utf-8")  # set aside: not the Americas
    assert main(["mmp", str(bad), "--dry-run", "--gpkg", str(gpkg), "--rejected-csv", str(tmp_path / "r.csv")]) == 0
    text = (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert "'=cmd" in text and ",=cmd" not in text


def test_a_refused_file_exits_1_and_says_nothing_changed(gpkg, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    before = sha256(gpkg)
    assert main(["mmp", str(empty), "--gpkg", str(gpkg)]) == 1
    err = capsys.readouterr().err
    assert "error: empty.csv: the file is empty (0 bytes)" in err and "nothing was changed" in err
    assert sha256(gpkg) == before


def test_each_format_imports_from_the_command_line(gpkg):
    """A real process per kind, as staff would run it."""
    runs = [
        ["mmp", str(fixture("mmp_2019.csv"))],
        ["idmc", str(fixture("idmc_gidd.csv"))],
        ["hxl", str(fixture("shelters_hxl.csv"))],
        ["ogr", str(fixture("zones_utm.zip")), "--layer", "displacement_zones"],
        ["ogr", str(fixture("places.kml")), "--layer", "places"],
    ]
    for args in runs:
        done = subprocess.run([sys.executable, "-m", "importers.importer", *args, "--gpkg", str(gpkg)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "written: import" in done.stdout
        assert "RuntimeWarning" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "importers.importer", "nope", "x"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "invalid choice: 'nope'" in done.stderr
