"""Import a data file into Corredor's GeoPackage, from Python or the command line.

    python -m importers.importer mmp  export.csv   [--dry-run]
    python -m importers.importer idmc gidd.xlsx    [--dry-run]
    python -m importers.importer hxl  shelters.csv [--layer shelters]
    python -m importers.importer ogr  zones.zip    --layer displacement_zones
    python -m importers.importer refresh mmp [--url URL] [--year YEAR] [--timeout S]
    python -m importers.importer init-db [--database-url postgresql://…]

Every run prints the validation report (rows read, accepted, rejected with
row, column, value and reason, warnings). --dry-run writes nothing; otherwise
the import lands completely or not at all (see `importers.store`). The
GeoPackage is the app's (`$CORREDOR_GPKG`, else geodata/corredor.gpkg) unless
--gpkg names another; with `$CORREDOR_DATABASE_URL` set, imports go into that
PostGIS database instead (init-db creates its tables and loads the GeoPackage).
Exit status: 0 imported (or previewed), 1 the file was refused (nothing
changed), 2 usage error, 3 offline (refresh: the feed could not be reached;
nothing changed).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import loaders
from i18n import _
from importers import safety, store
from importers.errors import ImportFileError
from importers.report import ValidationReport

KINDS = {
    "mmp": "incidents",
    "idmc": "disaster_events",
    "hxl": "shelters",
    "ogr": None,  # any spatial layer, chosen with --layer
}


@dataclass
class Options:
    """Choices beyond kind and file; all optional."""

    layer: str | None = None  # target layer (required for ogr)
    source_layer: str | None = None  # ogr: which layer of a multi-layer file
    source_name: str | None = None  # hxl/ogr: name of the `sources` row
    publisher: str | None = None  # hxl/ogr: publisher of the `sources` row
    source_url: str | None = None
    precision: str | None = None  # ogr: precision for rows that carry none
    extra: dict = field(default_factory=dict)


def prepare(kind: str, path: Path, gpkg: Path, options: Options | None = None, *, display_name: str | None = None):
    """Read and check the file (no writing): a `Prepared` import."""
    options = options or Options()
    if kind not in KINDS:
        raise ImportFileError("unknown_kind", _("unknown kind {kind!r}; expected one of {kinds}").format(kind=kind, kinds=", ".join(KINDS)))
    if not path.is_file():
        raise ImportFileError("unreadable", _("no such file"), path=path)
    safety.check_size(path)
    if kind == "mmp":
        from importers import mmp

        _check_layer(options.layer, "incidents", kind, path)
        return mmp.prepare(path, gpkg, display_name=display_name)
    if kind == "idmc":
        from importers import idmc

        _check_layer(options.layer, "disaster_events", kind, path)
        return idmc.prepare(path, gpkg, display_name=display_name)
    if kind == "hxl":
        from importers import hxl

        _check_layer(options.layer, "shelters", kind, path)
        return hxl.prepare(path, gpkg, options, display_name=display_name)
    from importers import ogr

    return ogr.prepare(path, gpkg, options, display_name=display_name)


def _check_layer(given: str | None, expected: str, kind: str, path: Path) -> None:
    if given not in (None, expected):
        raise ImportFileError(
            "unknown_layer",
            _("a {kind} import goes into the layer '{expected}', not '{given}'").format(kind=kind, expected=expected, given=given),
            path=path,
        )


def run_import(
    kind: str,
    path: str | Path,
    *,
    gpkg: str | Path | None = None,
    dry_run: bool = False,
    user: str | None = None,
    options: Options | None = None,
    display_name: str | None = None,
) -> ValidationReport:
    """Import `path` as `kind`: always the report; written to the GeoPackage unless `dry_run`."""
    started = time.perf_counter()
    path = Path(path)
    gpkg = loaders.location(gpkg)
    if not loaders.is_database(gpkg) and not gpkg.is_file():
        raise ImportFileError("unreadable", _("the GeoPackage does not exist; build it with `python scripts/build_geodata.py`"), path=gpkg)
    prepared = prepare(kind, path, gpkg, options, display_name=display_name)
    if dry_run:
        store.preview(prepared, gpkg)
        report = prepared.report
    else:
        report = store.write(prepared, gpkg, path, user=user or _system_user())
    report.seconds = time.perf_counter() - started
    return report


def _system_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def refresh_main(argv: list[str]) -> int:
    """`refresh mmp`: fetch the current year from MMP's feed and import it as an update (see `importers.refresh`)."""
    from importers import refresh

    parser = argparse.ArgumentParser(prog="python -m importers.importer refresh", description=refresh.__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["mmp"])
    parser.add_argument("--url", help=f"the feed's address, {{year}} replaced by the year (default: ${refresh.URL_ENV} or {refresh.FEED_URL})")
    parser.add_argument("--year", type=int, help="the year to fetch (default: the current year)")
    parser.add_argument("--timeout", type=float, default=refresh.TIMEOUT_S, help="seconds to wait for the feed (one try, no retries)")
    parser.add_argument("--dry-run", action="store_true", help="fetch and report, write nothing")
    parser.add_argument("--gpkg", type=Path, help="GeoPackage to update (default: $CORREDOR_GPKG or geodata/corredor.gpkg)")
    parser.add_argument("--user", help="who is refreshing (default: the system user)")
    args = parser.parse_args(argv)
    try:
        report, changes = refresh.refresh(args.kind, gpkg=args.gpkg, url=args.url, year=args.year, timeout=args.timeout, dry_run=args.dry_run, user=args.user or _system_user())
    except refresh.Offline as err:
        print(_("offline: the feed cannot be reached ({reason}); nothing was changed").format(reason=err), file=sys.stderr)
        return 3
    except (ImportFileError, loaders.LayerError) as err:
        print(f"error: {err}", file=sys.stderr)
        print(_("nothing was changed"), file=sys.stderr)
        return 1
    print(report.to_text())
    print(changes.to_text())
    return 0


def init_db(argv: list[str]) -> int:
    """`init-db`: create the schema in an empty PostGIS database and load the GeoPackage into it."""
    parser = argparse.ArgumentParser(prog="python -m importers.importer init-db", description=init_db.__doc__.split(":", 1)[1].strip())
    parser.add_argument("--database-url", default=None, help="postgresql:// URL (default: $CORREDOR_DATABASE_URL)")
    parser.add_argument("--gpkg", type=Path, help="GeoPackage to load (default: $CORREDOR_GPKG or geodata/corredor.gpkg)")
    args = parser.parse_args(argv)
    url = args.database_url or loaders.database_url()
    if not loaders.is_database(url):
        parser.error("give --database-url or set $CORREDOR_DATABASE_URL to a postgresql:// URL")
    from importers import store_postgis

    try:
        counts = store_postgis.init_db(url, args.gpkg)
    except (ImportFileError, loaders.LayerError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for name, rows in counts.items():
        print(f"{name}: {rows} rows")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["refresh"]:
        return refresh_main(argv[1:])
    if argv[:1] == ["init-db"]:
        return init_db(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m importers.importer", description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=list(KINDS), help="mmp (Missing Migrants Project), idmc (GIDD disaster events), hxl (HXL shelters), ogr (any GIS file)")
    parser.add_argument("file", type=Path)
    parser.add_argument("--layer", help="target layer (required for ogr; fixed for the other kinds)")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument("--gpkg", help="GeoPackage or postgresql:// URL to write (default: $CORREDOR_DATABASE_URL, else $CORREDOR_GPKG or geodata/corredor.gpkg)")
    parser.add_argument("--user", help="who is importing (default: the system user)")
    parser.add_argument("--source-layer", help="ogr: layer of a multi-layer file to read")
    parser.add_argument("--source-name", help="hxl/ogr: name of the source the rows cite")
    parser.add_argument("--publisher", help="hxl/ogr: publisher of that source")
    parser.add_argument("--source-url", help="hxl/ogr: where that source can be read")
    parser.add_argument("--precision", help="ogr: location precision of rows that carry none (default approximate)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--rejected-csv", type=Path, help="also write the rejected rows (row, column, value, reason) to this CSV")
    args = parser.parse_args(argv)
    options = Options(
        layer=args.layer,
        source_layer=args.source_layer,
        source_name=args.source_name,
        publisher=args.publisher,
        source_url=args.source_url,
        precision=args.precision,
    )
    try:
        report = run_import(args.kind, args.file, gpkg=args.gpkg, dry_run=args.dry_run, user=args.user, options=options)
    except ImportFileError as err:
        print(f"error: {err}", file=sys.stderr)
        print(_("nothing was changed"), file=sys.stderr)
        return 1
    except loaders.LayerError as err:
        print(f"error: {err}", file=sys.stderr)
        print(_("nothing was changed"), file=sys.stderr)
        return 1
    print(report.to_json() if args.json else report.to_text())
    if args.rejected_csv:
        from exports.files import csv_text

        args.rejected_csv.write_text(csv_text(report.rejected_frame(include_set_aside=True)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
