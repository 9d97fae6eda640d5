"""Write an import into PostGIS in one transaction; create and fill an empty database.

The transaction first locks the data version row, so imports from every
replica run one at a time; then it archives the original file, replaces the
layer's rows, updates `sources`, appends to `quarantine` and `imports`, reads
the layer back, bumps the version and commits. Until the commit, readers see
the previous rows; a process killed at any point leaves them untouched
(PostgreSQL rolls the transaction back).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import psycopg
from psycopg import sql

import loaders
from i18n import _
from importers import store
from importers.common import Prepared
from importers.errors import ImportFileError
from importers.report import ValidationReport
from importers.tables import IMPORTS, QUARANTINE, TABLES
from loaders import postgis
from loaders.schema import LAYERS

LOCK_TIMEOUT_S = store.LOCK_TIMEOUT_S


def _lock(conn: psycopg.Connection, url: str) -> None:
    """Take the version row for this transaction: one import at a time across all replicas."""
    with conn.cursor() as cur:
        cur.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{int(store.LOCK_TIMEOUT_S * 1000)}ms")))
        try:
            cur.execute(sql.SQL("SELECT version FROM {} FOR UPDATE").format(sql.Identifier(postgis.VERSION_TABLE)))
        except psycopg.errors.LockNotAvailable:
            raise ImportFileError("busy", _("another import into this database is running; try again when it has finished"), path=postgis.shown(url)) from None


def _archive(conn: psycopg.Connection, original: Path, report: ValidationReport) -> str:
    """Keep the original bytes in the database, once per checksum and name."""
    archive_path = f"archive/{report.sha256}-{store.safe_name(report.file_name)}"
    with conn.cursor() as cur:
        cur.execute(
            sql.SQL("INSERT INTO {} (archive_path, content) VALUES (%s, %s) ON CONFLICT (archive_path) DO NOTHING").format(
                sql.Identifier(postgis.ARCHIVE_TABLE)
            ),
            (archive_path, original.read_bytes()),
        )
    return archive_path


def _count(conn: psycopg.Connection, name: str) -> int:
    with conn.cursor() as cur:
        cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        return int(cur.fetchone()[0])


def write(prepared: Prepared, url: str, original: Path, *, user: str, now: dt.datetime | None = None) -> ValidationReport:
    """Write an import in one transaction; return its report with the changes, import id and source."""
    report = prepared.report
    layer = prepared.layer
    now = now or dt.datetime.now(dt.timezone.utc)
    with postgis.connect(url) as conn:  # commits on success, rolls back on any error
        _lock(conn, url)
        if conn.execute("SELECT to_regclass(%s)", (layer.name,)).fetchone()[0] is None:  # a layer declared after init-db
            for statement in postgis.table_ddl(layer):
                conn.execute(statement)
        store._checkpoint("after-copy")
        archive_path = _archive(conn, original, report)
        existing = store.read_existing(layer, url)
        merged, changes = store.merge(existing, prepared.frame, layer, replace_demo=prepared.replace_demo)
        import_id = store._import_id(now, report, url)
        if report.accepted:
            postgis.replace_rows(conn, layer, store._for_file(merged, layer))
            store._checkpoint("after-layer")
            if prepared.source is not None:
                with conn.cursor() as cur:
                    cur.execute("DELETE FROM sources WHERE source_id = %s", (prepared.source["source_id"],))
                postgis.copy_rows(conn, LAYERS["sources"], store._for_file(pd.DataFrame([prepared.source]), LAYERS["sources"]))
        quarantine = store.quarantine_rows(report, import_id)
        if len(quarantine):
            postgis.copy_rows(conn, QUARANTINE, store._for_file(quarantine, QUARANTINE))
        record = store.import_record(prepared, changes, import_id, archive_path, user, now)
        postgis.copy_rows(conn, IMPORTS, store._for_file(pd.DataFrame([record]), IMPORTS))
        store._checkpoint("before-verify")
        if report.accepted and _count(conn, layer.name) != len(merged):  # pragma: no cover - would be a database bug
            raise ImportFileError("unreadable", f"wrote {len(merged)} rows but read back {_count(conn, layer.name)}", path=postgis.shown(url))
        postgis.bump_version(conn)
        store._checkpoint("before-replace")
    postgis.forget_version(url)
    return store.written(report, changes, len(existing), record)


def init_db(url: str, gpkg: str | Path | None = None) -> dict[str, int]:
    """Create the schema in an empty database and load every layer of the GeoPackage; rows per table.

    Refuses a database that already holds rows, so it never overwrites data.
    """
    from importers import feedback  # the visitors' reports move with the data

    source = Path(gpkg) if gpkg is not None else loaders.default_path()
    tables = {**{name: LAYERS[name] for name in LAYERS}, **TABLES, feedback.FEEDBACK.name: feedback.FEEDBACK}
    present = set(loaders.list_layers(source))
    counts: dict[str, int] = {}
    with postgis.connect(url) as conn:
        postgis.create_schema(conn, [*TABLES.values(), feedback.FEEDBACK])
        for name in tables:
            if _count(conn, name):
                raise ImportFileError("not_empty", f"the database already holds rows in '{name}'; init-db fills only an empty database", path=postgis.shown(url))
        for name, layer in tables.items():
            if name not in present:
                counts[name] = 0
                continue
            if name in LAYERS:
                frame = loaders.read_layer(name, path=source)
            elif name == feedback.FEEDBACK.name:
                frame = feedback.reports(source).iloc[::-1]  # oldest first, as they were written
            else:
                frame = store.read_table(name, source)
            postgis.copy_rows(conn, layer, store._for_file(frame, layer))
            counts[name] = len(frame)
        postgis.bump_version(conn)
    postgis.close_all()
    return counts
