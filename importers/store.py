"""Write an import into the GeoPackage: completely, or not at all.

The GeoPackage is copied to a temporary file in the same folder; the layer,
`sources`, `quarantine` and `imports` are written into the copy; the copy is
read back and checked against the schema, flushed to disk, and renamed over
the original with `os.replace` (atomic on one file system). Readers keep the
old file open until they reopen it and never see half a layer; a process
killed at any point leaves the previous file intact (a stale temporary file is
removed by the next import). One import at a time: a lock file beside the
GeoPackage serialises them. The original file is archived first as
`archive/<sha256>-<name>` beside the GeoPackage. Given a postgresql:// URL
instead of a path, `importers.store_postgis` writes the import in one
database transaction.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

import loaders
from i18n import _
from importers.common import CRS, Prepared
from importers.errors import ImportFileError
from importers.report import OUT_OF_REGION, ValidationReport
from importers.tables import IMPORTS, QUARANTINE
from loaders.schema import LAYERS, Layer

LOCK_TIMEOUT_S = 60.0
PAUSE_ENV = "CORREDOR_IMPORT_PAUSE_AT"  # test hook: stop at a stage so a test can kill a real import there


def _checkpoint(stage: str) -> None:
    """Tests only: with $CORREDOR_IMPORT_PAUSE_AT=stage, say so on stderr and wait to be killed."""
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(120)


def temp_prefix(gpkg: Path) -> str:
    return f".{gpkg.stem}-import-"


def archive_dir(gpkg: Path) -> Path:
    return gpkg.parent / "archive"


# --- merging -----------------------------------------------------------------


def read_existing(layer: Layer, gpkg: Path) -> pd.DataFrame:
    if layer.name not in loaders.list_layers(gpkg):
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in layer.column_names})
        return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=CRS)) if layer.geometry else empty
    return loaders.read_layer(layer.name, path=gpkg)


def merge(existing: pd.DataFrame, incoming: pd.DataFrame, layer: Layer, *, replace_demo: bool) -> tuple[pd.DataFrame, dict[str, int]]:
    """The layer after the import: rows with an incoming key replaced, new keys added, demo rows dropped if asked."""
    key = layer.key
    removed = 0
    if replace_demo and len(incoming) and "is_demo" in existing.columns:
        demo = existing["is_demo"].fillna(False).astype(bool)
        removed = int(demo.sum())
        existing = existing[~demo]
    if key is None:
        merged = pd.concat([existing, incoming], ignore_index=True)
        return merged, {"inserted": len(incoming), "updated": 0, "removed_demo": removed, "total": len(merged)}
    incoming_keys = set(incoming[key].astype(str))
    replaced = existing[key].astype(str).isin(incoming_keys)
    kept = existing[~replaced]
    frames = [f for f in (kept, incoming) if len(f)]
    if frames:
        merged = pd.concat(frames, ignore_index=True)
    else:
        merged = existing.iloc[0:0]
    if layer.geometry and not isinstance(merged, gpd.GeoDataFrame):
        merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=CRS)
    changes = {"inserted": len(incoming) - int(replaced.sum()), "updated": int(replaced.sum()), "removed_demo": removed, "total": len(merged)}
    return merged, changes


def preview(prepared: Prepared, gpkg: Path) -> dict[str, int]:
    """What writing would change, without writing (the dry run's figures)."""
    _merged, changes = merge(read_existing(prepared.layer, gpkg), prepared.frame, prepared.layer, replace_demo=prepared.replace_demo)
    prepared.report.changes = changes
    return changes


# --- writing -----------------------------------------------------------------


def _for_file(frame: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """Plain numpy/object columns in schema order, as `scripts/build_geodata.py` writes them."""
    out = pd.DataFrame(index=range(len(frame)))
    for col in layer.all_columns:
        series = frame[col.name].reset_index(drop=True) if col.name in frame.columns else pd.Series([None] * len(frame))
        if col.dtype == "bool":
            out[col.name] = series.astype(bool)
        elif col.dtype in ("int", "year") and not col.nullable:
            out[col.name] = series.astype("int64")
        elif col.dtype in ("int", "year"):
            out[col.name] = series.astype("Int64")
        else:
            out[col.name] = series.astype(object).where(series.notna(), None)
    if layer.geometry:
        return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(frame.geometry.values, crs=CRS), crs=CRS)
    return out


def _write(frame: pd.DataFrame, layer: Layer, path: Path, *, append: bool = False) -> None:
    kwargs = {"geometry_type": layer.geometry} if layer.geometry else {}
    pyogrio.write_dataframe(_for_file(frame, layer), path, layer=layer.name, driver="GPKG", append=append, **kwargs)


@contextmanager
def locked(gpkg: Path, timeout: float | None = None):
    """One import at a time per GeoPackage (a lock file beside it)."""
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    lock_path = gpkg.parent / f".{gpkg.name}.lock"
    handle = open(lock_path, "a+")
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ImportFileError("busy", _("another import into this GeoPackage is running; try again when it has finished"), path=gpkg) from None
                time.sleep(0.2)
        yield
    finally:
        handle.close()  # closing releases the lock


def _remove_stale(gpkg: Path) -> None:
    """Temporary copies left by a killed import (only called while holding the lock)."""
    for stale in gpkg.parent.glob(temp_prefix(gpkg) + "*"):
        try:
            stale.unlink()
        except OSError:
            pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "file"
    return cleaned[:100]


def archive(original: Path, report: ValidationReport, gpkg: Path) -> Path:
    """Keep the original bytes as archive/<sha256>-<name> (written once, atomically)."""
    folder = archive_dir(gpkg)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{report.sha256}-{safe_name(report.file_name)}"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(prefix=".archive-", dir=folder)
        os.close(fd)
        try:
            shutil.copyfile(original, tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return target


def read_table(name: str, gpkg: Path) -> pd.DataFrame:
    """The `imports` or `quarantine` table (empty if no import has written one yet)."""
    layer = {"imports": IMPORTS, "quarantine": QUARANTINE}[name]
    if loaders.is_database(gpkg):
        from loaders import postgis

        return pd.DataFrame(postgis.read_rows(gpkg, layer)).reset_index(drop=True)
    if not gpkg.is_file() or name not in {str(n) for n, _g in pyogrio.list_layers(gpkg)}:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in layer.column_names})
    frame = pyogrio.read_dataframe(gpkg, layer=name, read_geometry=False)
    return pd.DataFrame(frame)[[c for c in layer.column_names if c in frame.columns]]


def _import_id(now: dt.datetime, report: ValidationReport, gpkg: Path) -> str:
    base = f"{now:%Y%m%dT%H%M%SZ}-{report.sha256[:8]}"
    taken = set(read_table("imports", gpkg)["import_id"].astype(str))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def quarantine_rows(report: ValidationReport, import_id: str) -> pd.DataFrame:
    rows = []
    for row, issues in sorted(report.rejections.items()):
        raw = report.raw_rows.get(row)
        raw_json = None if raw is None else json.dumps(raw, ensure_ascii=False, default=str)
        for issue in issues:
            rows.append(
                {
                    "import_id": import_id,
                    "row": int(row),
                    "column": issue.column,
                    "value": None if issue.value in (None, "") else str(issue.value)[:2000],
                    "reason": issue.reason,
                    "kind": issue.kind,
                    "raw": None if issue.kind == OUT_OF_REGION else raw_json,
                }
            )
    return pd.DataFrame(rows, columns=QUARANTINE.column_names)


def write(prepared: Prepared, gpkg: Path | str, original: Path, *, user: str, now: dt.datetime | None = None) -> ValidationReport:
    """Write an import atomically (into the GeoPackage, or the database for a URL); return its report."""
    if loaders.is_database(gpkg):
        from importers import store_postgis

        return store_postgis.write(prepared, gpkg, original, user=user, now=now)
    report = prepared.report
    layer = prepared.layer
    now = now or dt.datetime.now(dt.timezone.utc)
    if not gpkg.is_file():
        raise ImportFileError("unreadable", _("the GeoPackage does not exist"), path=gpkg)
    with locked(gpkg):
        _remove_stale(gpkg)
        stored = archive(original, report, gpkg)
        existing = read_existing(layer, gpkg)
        merged, changes = merge(existing, prepared.frame, layer, replace_demo=prepared.replace_demo)
        import_id = _import_id(now, report, gpkg)
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(gpkg), suffix=".gpkg", dir=gpkg.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(gpkg, tmp)
            shutil.copymode(gpkg, tmp)
            _checkpoint("after-copy")
            if report.accepted:
                _write(merged, layer, tmp)
                _checkpoint("after-layer")
                if prepared.source is not None:
                    sources = loaders.read_layer("sources", path=gpkg)
                    sources = sources[sources["source_id"] != prepared.source["source_id"]]
                    sources = pd.concat([sources, pd.DataFrame([prepared.source])], ignore_index=True)
                    _write(sources, LAYERS["sources"], tmp)
            quarantine = quarantine_rows(report, import_id)
            if len(quarantine):
                _write(quarantine, QUARANTINE, tmp, append=QUARANTINE.name in _layers(tmp))
            record = import_record(prepared, changes, import_id, str(stored.relative_to(gpkg.parent)), user, now)
            _write(pd.DataFrame([record]), IMPORTS, tmp, append=IMPORTS.name in _layers(tmp))
            _checkpoint("before-verify")
            _verify(tmp, layer, len(merged) if report.accepted else None)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.utime(tmp)  # a new modification time: the app's caches key on it
            _checkpoint("before-replace")
            os.replace(tmp, gpkg)
            _fsync_dir(gpkg.parent)
        finally:
            if tmp.exists():
                tmp.unlink()
    return written(report, changes, len(existing), record)


def import_record(prepared: Prepared, changes: dict[str, int], import_id: str, archive_path: str, user: str, now: dt.datetime) -> dict:
    """The `imports` row of one import."""
    report = prepared.report
    return {
        "import_id": import_id,
        "kind": report.kind,
        "layer": prepared.layer.name,
        "file_name": report.file_name,
        "sha256": report.sha256,
        "size_bytes": report.size_bytes,
        "archive_path": archive_path,
        "imported_by": user,
        "imported_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "rows_read": report.rows_read,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "set_aside": report.set_aside_count,
        "warnings": len(report.warnings),
        "inserted": changes["inserted"] if report.accepted else 0,
        "updated": changes["updated"] if report.accepted else 0,
        "removed_demo": changes["removed_demo"] if report.accepted else 0,
        "source_id": prepared.source["source_id"] if prepared.source is not None and report.accepted else None,
    }


def written(report: ValidationReport, changes: dict[str, int], existing_rows: int, record: dict) -> ValidationReport:
    """The report of a committed import."""
    report.changes = changes if report.accepted else {"inserted": 0, "updated": 0, "removed_demo": 0, "total": existing_rows}
    report.dry_run = False
    report.written = True
    report.import_id = record["import_id"]
    report.source_id = record["source_id"]
    return report


def _layers(path: Path) -> set[str]:
    return {str(name) for name, _g in pyogrio.list_layers(path)}


def _verify(tmp: Path, layer: Layer, expected: int | None) -> None:
    """Read the written copy back through the app's own loader before it replaces the original."""
    if expected is not None:
        frame = loaders.read_layer(layer.name, path=tmp)
        if len(frame) != expected:  # pragma: no cover - would be a GDAL bug
            raise ImportFileError("unreadable", f"wrote {expected} rows but read back {len(frame)}", path=tmp)
        loaders.read_layer("sources", path=tmp)
