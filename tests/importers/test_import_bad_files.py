"""Bad input gets one clear error, and nothing else changes: the GeoPackage is byte-identical, nothing is archived."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from import_helpers import archived, fixture, leftovers, sha256

from importers.errors import ImportFileError
from importers.importer import Options, run_import

MMP_HEADER = fixture("mmp_2024.csv").read_text(encoding="utf-8").splitlines()[0]
MMP_ROW = fixture("mmp_2024.csv").read_text(encoding="utf-8").splitlines()[1]


def _zip(members: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _shapefile_zip(tmp: Path, *, prj: bool) -> bytes:
    folder = tmp / "shp"
    folder.mkdir()
    frame = gpd.GeoDataFrame({"zone_id": ["z"]}, geometry=[shapely.box(-80, 8, -79, 9)], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, folder / "zones.shp", driver="ESRI Shapefile")
    if not prj:
        (folder / "zones.prj").unlink()
    return _zip({p.name: p.read_bytes() for p in folder.iterdir()})


GEOJSON_NONE = b'{"type": "FeatureCollection", "features": []}'
LATIN1 = (MMP_HEADER + "\n" + MMP_ROW + "\n").encode("latin-1")

# name, kind, target layer, file name, bytes (or a builder taking tmp_path), error code, words the message must hold
BAD = [
    ("empty", "mmp", None, "empty.csv", b"", "empty", "the file is empty (0 bytes)"),
    ("blank lines", "mmp", None, "blank.csv", b"\n \r\n\t\n", "empty", "the file holds no data (only blank lines)"),
    ("header only", "mmp", None, "header.csv", (MMP_HEADER + "\n").encode(), "header_only", "the file has a header but no data rows"),
    ("HXL rows only", "hxl", None, "tags.csv", b"Name,Lat,Lon,Country\n#loc+name,#geo+lat,#geo+lon,#country+code\n", "header_only", "no data rows"),
    ("PDF", "mmp", None, "report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "unknown_format", "unknown format (pdf): expected a CSV (UTF-8), an XLSX workbook or JSON holding a list of records"),
    ("old XLS", "mmp", None, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "unknown_format", "old Excel .xls workbook"),
    ("binary", "idmc", None, "data.bin", b"\x00\x01\x02garbage\x00", "unknown_format", "unknown format (binary)"),
    ("Latin-1", "mmp", None, "latin1.csv", LATIN1, "encoding", "byte 0xED on line 2 cannot be read (it looks like Windows-1252 or Latin-1)"),
    ("unknown MMP header", "mmp", None, "other.csv", b"a,b,c\n1,2,3\n", "unknown_header", "not a Missing Migrants Project header I know: no column for Incident ID, Incident Date, Number of Dead, Cause of Death, Coordinates, Source Quality"),
    ("IDMC header", "idmc", None, "idmc.csv", b"ISO3,Year\nHTI,2021\n", "unknown_header", "not an IDMC GIDD disaster-events header: no column for Event Name"),
    ("no HXL tags", "hxl", None, "plain.csv", b"Name,Lat,Lon\nA,1,2\n", "unknown_header", "no HXL hashtag row found"),
    ("HXL without coordinates", "hxl", None, "nocoords.csv", b"Name,Country\n#loc+name,#country+code\nA,MEX\n", "missing_columns", "#geo+lat and #geo+lon (or #geo+coord)"),
    ("damaged XLSX", "mmp", None, "broken.xlsx", _zip({"[Content_Types].xml": b"<nope", "xl/workbook.xml": b"<broken"}), "unreadable", "the workbook cannot be read"),
    ("zip slip", "ogr", "displacement_zones", "slip.zip", _zip({"../../evil.geojson": GEOJSON_NONE}), "zip_unsafe", "'../../evil.geojson' has a path that climbs out of the folder (..): refused, nothing was extracted"),
    ("absolute path", "ogr", "displacement_zones", "abs.zip", _zip({"/tmp/evil.geojson": GEOJSON_NONE}), "zip_unsafe", "has an absolute path"),
    ("symlink", "ogr", "displacement_zones", "link.zip", _zip({"a.geojson": GEOJSON_NONE}, symlink="b.geojson"), "zip_unsafe", "'b.geojson' is a symbolic link"),
    ("zip bomb", "ogr", "displacement_zones", "bomb.zip", _zip({"bomb.geojson": b" " * (8 * 1024 * 1024)}), "zip_bomb", "expands"),
    ("zip without GIS file", "ogr", "displacement_zones", "notes.zip", _zip({"readme.txt": b"hello"}), "unknown_format", "the zip holds no GIS file"),
    ("Shapefile without .prj", "ogr", "displacement_zones", "noprj.zip", lambda tmp: _shapefile_zip(tmp, prj=False), "no_crs", "the .prj file is missing"),
    ("GeoJSON without features", "ogr", "displacement_zones", "none.geojson", GEOJSON_NONE, "header_only", "the file has no features"),
    ("GIS layer not chosen", "ogr", None, "zones.geojson", fixture("zones.geojson").read_bytes(), "unknown_layer", "choose the layer to import into with --layer"),
    ("not a map layer", "ogr", "sources", "zones.geojson", fixture("zones.geojson").read_bytes(), "unknown_layer", "'sources' is not a map layer"),
    ("GIS columns missing", "ogr", "shelters", "zones.geojson", fixture("zones.geojson").read_bytes(), "missing_columns", "layer 'shelters' needs the columns name, type, municipality, services, populations, sensitive"),
    ("MMP into another layer", "mmp", "shelters", "mmp.csv", fixture("mmp_2024.csv").read_bytes(), "unknown_layer", "a mmp import goes into the layer 'incidents'"),
]


@pytest.mark.parametrize(("case", "kind", "layer", "file_name", "content", "code", "words"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "write"])
def test_bad_file_is_refused_and_nothing_changes(gpkg, tmp_path, case, kind, layer, file_name, content, code, words, dry_run):
    path = tmp_path / file_name
    path.write_bytes(content(tmp_path) if callable(content) else content)
    before = sha256(gpkg)
    with pytest.raises(ImportFileError) as caught:
        run_import(kind, path, gpkg=gpkg, dry_run=dry_run, options=Options(layer=layer))
    assert caught.value.code == code
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{file_name}: ")
    assert sha256(gpkg) == before
    assert not archived(gpkg) and not leftovers(gpkg)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(gpkg, tmp_path, monkeypatch):
    monkeypatch.setenv("CORREDOR_IMPORT_MAX_MB", "0.001")  # 1 KiB
    path = tmp_path / "big.csv"
    path.write_bytes(fixture("mmp_2024.csv").read_bytes())
    with pytest.raises(ImportFileError) as caught:
        run_import("mmp", path, gpkg=gpkg)
    assert caught.value.code == "too_large"
    assert caught.value.message == f"the file is {path.stat().st_size / 1024:.1f} KiB; the limit is 1.0 KiB"


def test_the_default_size_limit_is_50_mib(monkeypatch):
    from importers import safety

    monkeypatch.delenv("CORREDOR_IMPORT_MAX_MB", raising=False)
    assert safety.max_file_bytes() == 50 * 1024 * 1024
    assert safety.human_size(safety.max_file_bytes()) == "50 MiB"


def test_extraction_never_writes_outside_its_folder(tmp_path):
    from importers import safety

    archive = tmp_path / "slip.zip"
    archive.write_bytes(_zip({"ok/a.txt": b"a", "..\\..\\evil.txt": b"x"}))
    with pytest.raises(ImportFileError) as caught:
        safety.extract_zip(archive, tmp_path / "out")
    assert caught.value.code == "zip_unsafe"
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "out").exists()
