"""Helpers shared by the importer tests (a unique module name: tests/ is not a package)."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def sha256(where: Path | str) -> str:
    """Digest of a file's bytes, or of every row of every table of a PostGIS database (for a URL)."""
    if isinstance(where, str) and where.startswith("postgresql://"):
        return _database_digest(where)
    return hashlib.sha256(Path(where).read_bytes()).hexdigest()


def _database_digest(url: str) -> str:
    import psycopg
    from psycopg import sql

    digest = hashlib.sha256()
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys' ORDER BY table_name"
        ).fetchall()
        for (table,) in tables:
            digest.update(table.encode())
            for row in conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table))):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def fixture(name: str) -> Path:
    return FIXTURES / name


def is_database(where) -> bool:
    return isinstance(where, str) and where.startswith("postgresql://")


def archived(where) -> dict[str, bytes]:
    """The archived original files, by archive_path: beside the GeoPackage, or in the database."""
    if is_database(where):
        import psycopg

        with psycopg.connect(where) as conn:
            return {path: bytes(content) for path, content in conn.execute("SELECT archive_path, content FROM corredor_archive")}
    folder = Path(where).parent / "archive"
    return {f"archive/{p.name}": p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def leftovers(where) -> list[str]:
    """Temporary copies an import left beside the GeoPackage (a database transaction leaves none)."""
    if is_database(where):
        return []
    return sorted(p.name for p in Path(where).parent.glob(".corredor-import-*"))


def writing(where) -> bool:
    """An import is under way: its temporary copy exists, or a session holds the database's version row."""
    if not is_database(where):
        return bool(leftovers(where))
    import psycopg

    with psycopg.connect(where, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'corredor_version' AND l.mode = 'RowShareLock' AND l.pid <> pg_backend_pid()"
        ).fetchone()
    return row[0] > 0


@contextmanager
def import_running(where):
    """Hold the lock an import holds while it writes."""
    if not is_database(where):
        from importers import store

        with store.locked(where):
            yield
        return
    import psycopg

    with psycopg.connect(where) as conn:
        conn.execute("SELECT version FROM corredor_version FOR UPDATE")
        yield
