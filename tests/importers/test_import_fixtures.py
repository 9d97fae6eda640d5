"""Every fixture, in each real format and header generation: exact validation figures, then a real write."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_helpers import archived, fixture, leftovers, sha256
from make_fixtures import shelters_gpkg

import loaders
from importers import store
from importers.importer import Options, run_import

# kind, file, layer, rows read, accepted, invalid, set aside (outside the Americas), warnings
FIGURES = [
    ("mmp", "mmp_2019.csv", "incidents", 10, 8, 1, 1, 11),
    ("mmp", "mmp_2023.csv", "incidents", 9, 7, 1, 1, 4),
    ("mmp", "mmp_2024.csv", "incidents", 9, 8, 0, 1, 4),
    ("mmp", "mmp_2024_messy_header.csv", "incidents", 3, 3, 0, 0, 2),
    ("mmp", "mmp_2024_update.csv", "incidents", 2, 2, 0, 0, 0),
    ("mmp", "mmp_2025.xlsx", "incidents", 5, 5, 0, 0, 2),
    ("idmc", "idmc_gidd.csv", "disaster_events", 5, 3, 1, 1, 1),
    ("idmc", "idmc_gidd.xlsx", "disaster_events", 6, 4, 1, 1, 0),
    ("hxl", "shelters_hxl.csv", "shelters", 7, 3, 3, 1, 1),
    ("ogr", "zones.geojson", "displacement_zones", 5, 2, 2, 1, 3),
    ("ogr", "zones_utm.zip", "displacement_zones", 2, 2, 0, 0, 3),
    ("ogr", "places.kml", "places", 3, 2, 1, 0, 0),
    ("ogr", "shelters.gpkg", "shelters", 2, 2, 0, 0, 0),
]


def _path(name: str, tmp_path: Path) -> Path:
    if name == "shelters.gpkg":
        return shelters_gpkg(tmp_path / "shelters.gpkg")
    return fixture(name)


# Real MMP files (records copied unchanged): the HDX hashtag edition and the JSON feed, whose split
# incidents come as several records with one id (folded into one record, so they are checked by dry run).
REAL_FIGURES = [
    ("mmp", "mmp_hdx_hxl.csv", "incidents", 70, 65, 0, 5, 32),
    ("mmp", "mmp_feed_2025_sample.json", "incidents", 975, 151, 0, 824, 21),
]


@pytest.mark.parametrize(("kind", "name", "layer", "read", "accepted", "invalid", "aside", "warnings"), FIGURES + REAL_FIGURES, ids=[f[1] for f in FIGURES + REAL_FIGURES])
def test_dry_run_figures(gpkg, tmp_path, kind, name, layer, read, accepted, invalid, aside, warnings):
    before = sha256(gpkg)
    report = run_import(kind, _path(name, tmp_path), gpkg=gpkg, dry_run=True, options=Options(layer=layer if kind == "ogr" else None))
    assert report.figures() == {
        "rows_read": read,
        "accepted": accepted,
        "rejected": invalid + aside,
        "invalid": invalid,
        "set_aside": aside,
        "warnings": warnings,
    }
    assert report.balanced and report.accepted + report.rejected == report.rows_read
    assert report.layer == layer
    assert sha256(gpkg) == before, "a dry run wrote to the GeoPackage"
    assert not archived(gpkg)


@pytest.mark.parametrize(("kind", "name", "layer", "read", "accepted", "invalid", "aside", "warnings"), FIGURES, ids=[f[1] for f in FIGURES])
def test_write_lands_whole(gpkg, tmp_path, kind, name, layer, read, accepted, invalid, aside, warnings):
    path = _path(name, tmp_path)
    before = len(loaders.read_layer(layer, path=gpkg))
    report = run_import(kind, path, gpkg=gpkg, user="tester", options=Options(layer=layer if kind == "ogr" else None))
    assert report.written and report.import_id
    after = loaders.read_layer(layer, path=gpkg)  # the app's own loader accepts the result
    removed = report.changes["removed_demo"]
    assert len(after) == before - removed + report.changes["inserted"]
    assert report.changes["inserted"] + report.changes["updated"] == accepted
    mine = after[after["source_id"] == report.source_id]
    assert len(mine) == accepted and not mine["is_demo"].any()
    sources = loaders.read_sources(path=gpkg)
    assert report.source_id in sources.index
    # the imports table records who, when, which file and the figures
    imports = store.read_table("imports", gpkg)
    row = imports[imports["import_id"] == report.import_id].iloc[0]
    assert (row["imported_by"], row["kind"], row["layer"], row["file_name"]) == ("tester", kind, layer, path.name)
    assert (row["rows_read"], row["accepted"], row["rejected"], row["set_aside"]) == (read, accepted, invalid + aside, aside)
    assert row["sha256"] == sha256(path)
    # the original is archived under its SHA-256
    assert row["archive_path"].startswith(f"archive/{sha256(path)}")
    assert archived(gpkg)[row["archive_path"]] == path.read_bytes()
    # every rejected row is in quarantine with its reason
    quarantine = store.read_table("quarantine", gpkg)
    mine_q = quarantine[quarantine["import_id"] == report.import_id]
    assert set(mine_q["row"].astype(int)) == set(report.rejections)
    assert len(mine_q) == len(report.problems(include_set_aside=True))
    assert mine_q["reason"].notna().all()
    # no temporary copy is left behind
    assert not leftovers(gpkg)
    assert set(loaders.list_layers(gpkg)) >= {"imports", layer}
