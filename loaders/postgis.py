"""Read Corredor's layers from PostgreSQL + PostGIS, the store that several replicas share.

Each layer of `loaders.schema` is one table with the layer's columns, a `fid`
(the order rows were written, like a GeoPackage's feature id) and, for map
layers, a `geom` column in EPSG:4326 with a spatial index. Rows pass the same
checks and filters as the GeoPackage reader (`loaders.gpkg`).

psycopg 3 alone, no ORM: the SQL is short and explicit, COPY writes an import
fast inside one transaction, and geometries travel as WKB that shapely reads.

The data version is one row (`corredor_version`) that every import bumps in
its own transaction; reading it is one indexed row, cached for a second, so
every replica sees an import within about a second without a restart.
"""

from __future__ import annotations

import threading
import time
from typing import Iterable
from urllib.parse import urlsplit, urlunsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql

from loaders import gpkg
from loaders.errors import LayerError
from loaders.values import plain_value
from loaders.schema import LAYERS, Layer

SCHEMES = ("postgresql://", "postgres://")
VERSION_TABLE = "corredor_version"
ARCHIVE_TABLE = "corredor_archive"
INTERNAL = {VERSION_TABLE, ARCHIVE_TABLE, "spatial_ref_sys"}
VERSION_TTL_S = 1.0
SQL_TYPES = {"text": "text", "int": "bigint", "year": "integer", "float": "double precision", "bool": "boolean", "date": "date"}
GEOMETRY_TYPES = {"Point": "Point", "LineString": "LineString", "MultiPolygon": "Geometry"}  # polygons or multipolygons

_lock = threading.Lock()
_connections: dict[str, psycopg.Connection] = {}
_versions: dict[str, tuple[float, int]] = {}


def is_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(SCHEMES)


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, **kwargs) -> psycopg.Connection:
    """A new connection (the caller closes it); a clear error when the server cannot be reached."""
    try:
        return psycopg.connect(url, connect_timeout=10, **kwargs)
    except psycopg.Error as err:
        raise LayerError(f"cannot connect to the database ({str(err).strip()})", path=shown(url)) from err


def _query(url: str, query, params=None) -> tuple[list[str], list[tuple]]:
    """Run one read on this process's shared connection to `url` (reconnecting once if it was lost)."""
    for attempt in (1, 2):
        with _lock:
            conn = _connections.get(url)
            if conn is None or conn.closed:
                conn = _connections[url] = connect(url, autocommit=True)
            try:
                with conn.cursor() as cur:
                    cur.execute(query, params)
                    names = [d.name for d in cur.description] if cur.description else []
                    return names, cur.fetchall() if cur.description else []
            except psycopg.OperationalError:
                conn.close()
                _connections.pop(url, None)
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def close_all() -> None:
    """Close this process's read connections (tests drop their databases afterwards)."""
    with _lock:
        for conn in _connections.values():
            conn.close()
        _connections.clear()
        _versions.clear()


def list_layers(url: str) -> list[str]:
    """Corredor's tables in the database (bookkeeping tables included), in creation order."""
    try:
        _names, rows = _query(
            url,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.oid",
        )
    except psycopg.Error as err:
        raise LayerError(f"not a readable database ({str(err).strip()})", path=shown(url)) from err
    return [name for (name,) in rows if name not in INTERNAL]


def read_rows(url: str, layer: Layer, bbox: tuple[float, float, float, float] | None = None) -> pd.DataFrame:
    """The table's rows as stored, indexed by fid, unchecked (geometry as shapely, EPSG:4326)."""
    columns = [sql.Identifier(c) for c in layer.column_names]
    if layer.geometry:
        columns.append(sql.SQL("ST_AsBinary(geom) AS geometry"))
    query = sql.SQL("SELECT fid, {} FROM {}").format(sql.SQL(", ").join(columns), sql.Identifier(layer.name))
    params = None
    if bbox is not None:
        query += sql.SQL(" WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        params = [float(v) for v in bbox]
    query += sql.SQL(" ORDER BY fid")
    try:
        names, rows = _query(url, query, params)
    except psycopg.errors.UndefinedColumn as err:
        column = str(err).split('"')[1] if '"' in str(err) else None
        raise LayerError("column is missing", path=shown(url), layer=layer.name, column=column) from err
    except psycopg.Error as err:
        raise LayerError(f"cannot read the table ({str(err).strip()})", path=shown(url), layer=layer.name) from err
    frame = pd.DataFrame.from_records(rows, columns=names).set_index("fid")
    if not layer.geometry:
        return frame
    wkb = frame.pop("geometry").to_numpy(dtype=object)
    geoms = shapely.from_wkb(np.array([bytes(g) if g is not None else None for g in wkb], dtype=object))
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=gpkg.CRS)


def read_layer(name: str, url: str, *, countries: Iterable[str] | None = None, years=None, bbox=None) -> pd.DataFrame:
    """One layer, checked against its schema and filtered exactly as `loaders.gpkg.read_layer` does."""
    layer = gpkg.schema_of(name, shown(url))
    available = list_layers(url)
    if name not in available:
        raise LayerError(
            f"the layer is missing; the database has {', '.join(available) or 'no layers'}",
            path=shown(url),
            layer=name,
        )
    if bbox is not None and layer.geometry is None:
        raise LayerError("a table has no geometry to filter by bbox", path=shown(url), layer=name)
    frame = read_rows(url, layer, tuple(bbox) if bbox else None)
    checked = gpkg._check(frame, layer, shown(url))
    return gpkg._filter(checked, layer, countries=countries, years=years)


def data_version(url: str) -> int:
    """The number every import bumps; read at most once a second per process."""
    now = time.monotonic()
    cached = _versions.get(url)
    if cached is not None and now - cached[0] < VERSION_TTL_S:
        return cached[1]
    try:
        _names, rows = _query(url, sql.SQL("SELECT version FROM {}").format(sql.Identifier(VERSION_TABLE)))
    except psycopg.Error as err:
        raise LayerError(
            f"no data version: create the schema with `python -m importers.importer init-db` ({str(err).strip()})",
            path=shown(url),
        ) from err
    version = int(rows[0][0]) if rows else 0
    _versions[url] = (now, version)
    return version


def forget_version(url: str) -> None:
    """After this process's own import: read the new version at once."""
    _versions.pop(url, None)


# --- schema ------------------------------------------------------------------


def table_ddl(layer: Layer) -> list[sql.Composed]:
    """CREATE TABLE (and spatial index) statements for one declared layer or table."""
    columns = [sql.SQL("fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY")]
    for col in layer.all_columns:
        null = sql.SQL("") if col.nullable else sql.SQL(" NOT NULL")
        columns.append(sql.SQL("{} {}{}").format(sql.Identifier(col.name), sql.SQL(SQL_TYPES[col.dtype]), null))
    if layer.geometry:
        columns.append(sql.SQL("geom geometry({}, 4326) NOT NULL").format(sql.SQL(GEOMETRY_TYPES[layer.geometry])))
    statements = [sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(sql.Identifier(layer.name), sql.SQL(", ").join(columns))]
    # a database made before a column was declared gets the column (optional ones only: older rows leave it empty)
    statements += [
        sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(sql.Identifier(layer.name), sql.Identifier(col.name), sql.SQL(SQL_TYPES[col.dtype]))
        for col in layer.all_columns
        if col.nullable
    ]
    if layer.geometry:
        statements.append(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} USING gist (geom)").format(
                sql.Identifier(f"{layer.name}_geom_idx"), sql.Identifier(layer.name)
            )
        )
    return statements


def create_schema(conn: psycopg.Connection, layers: Iterable[Layer] = ()) -> None:
    """PostGIS, the version row, the archive table and a table per layer (every declared layer by default)."""
    with conn.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        cur.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1), "
                "version bigint NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())"
            ).format(sql.Identifier(VERSION_TABLE))
        )
        cur.execute(sql.SQL("INSERT INTO {} (id, version) VALUES (1, 1) ON CONFLICT (id) DO NOTHING").format(sql.Identifier(VERSION_TABLE)))
        cur.execute(
            sql.SQL("CREATE TABLE IF NOT EXISTS {} (archive_path text PRIMARY KEY, content bytea NOT NULL)").format(sql.Identifier(ARCHIVE_TABLE))
        )
        for layer in [*LAYERS.values(), *layers]:
            for statement in table_ddl(layer):
                cur.execute(statement)


def bump_version(conn: psycopg.Connection) -> int:
    """Inside an import's transaction: the new data version, visible to every replica at commit."""
    with conn.cursor() as cur:
        cur.execute(sql.SQL("UPDATE {} SET version = version + 1, changed_at = now() RETURNING version").format(sql.Identifier(VERSION_TABLE)))
        return int(cur.fetchone()[0])


# --- writing -----------------------------------------------------------------


def copy_rows(conn: psycopg.Connection, layer: Layer, frame: pd.DataFrame) -> None:
    """Append `frame` (schema columns, plus geometry for map layers) to the layer's table with COPY."""
    names = [c for c in layer.column_names]
    columns = [frame[c].tolist() if c in frame.columns else [None] * len(frame) for c in names]
    target = [sql.Identifier(c) for c in names]
    if layer.geometry:
        geoms = shapely.set_srid(np.asarray(frame.geometry.values, dtype=object), 4326)
        columns.append(list(shapely.to_wkb(geoms, hex=True, include_srid=True)))
        target.append(sql.Identifier("geom"))
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(layer.name), sql.SQL(", ").join(target))
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in zip(*columns):
            copy.write_row([plain_value(v) for v in row])


def replace_rows(conn: psycopg.Connection, layer: Layer, frame: pd.DataFrame) -> None:
    """The layer's table becomes `frame` (readers see the old rows until the transaction commits)."""
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(layer.name)))
    copy_rows(conn, layer, frame)
