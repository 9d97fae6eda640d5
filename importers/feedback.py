"""Reports of a wrong entry ("Report a problem"), kept in a `feedback` table of the data's GeoPackage.

The whole interface: `submit` (a visitor's report, size- and rate-limited),
`reports` (the review queue), `decline` and `mark_duplicate`, `accept` (staff
apply the change through the importer's path: checked against the schema,
written atomically by `importers.store`, recorded in `imports` with who and
when, the report archived as the import's file) and `verification` (who last
verified a shelter through a report). A report never changes the data by
itself. Everything a visitor types is stored as text and never interpreted.

The table lives in the store the data comes from (`loaders.location()`): the
GeoPackage, or the PostgreSQL database that every replica shares, so all of
them see one review queue. Each write is one transaction: in the GeoPackage an
SQLite transaction while holding the import lock, so a report never lands
inside an import's copy-and-replace; in the database a transaction holding a
lock of its own, so the rate limits hold across replicas. Reports are not
data: the GeoPackage's `gpkg_contents.last_change` never moves forward and the
database's data version is never bumped, so exports keep their data date and
caches stay valid. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

import loaders
from i18n import _
from importers import store
from importers.common import CRS, Candidate, Prepared, finalise
from importers.errors import ImportFileError
from importers.report import ValidationReport
from loaders import postgis
from loaders.schema import SHELTER_SERVICES, SHELTERS, Column, Layer

PROBLEMS = ("closed", "moved", "services", "contact", "other")
ENTRY_LAYERS = ("shelters", "incidents")
STATUSES = ("new", "accepted", "declined", "duplicate")
MAX_DETAILS = 1000  # characters of free text
MAX_CONTACT = 200
WINDOW_S = 3600
SESSION_LIMIT = 5  # reports per browser session per hour
ADDRESS_LIMIT = 30  # per address per hour: a conference's Wi-Fi puts many people behind one address
SALT_ENV = "CORREDOR_FEEDBACK_SALT"

FEEDBACK = Layer(
    "feedback",
    "Reports of a problem with an entry, sent from the public pages, and what staff decided.",
    (
        Column("report_id", "text", "Unique key."),
        Column("entry_layer", "text", "Layer of the entry reported.", allowed=ENTRY_LAYERS),
        Column("entry_id", "text", "Key of the entry in its layer."),
        Column("problem", "text", "What is wrong.", allowed=PROBLEMS),
        Column("details", "text", "The visitor's words, as text (at most 1,000 characters).", nullable=True),
        Column("contact", "text", "How to reach the visitor, if they gave it.", nullable=True),
        Column("submitted_at", "text", "When, as an ISO 8601 UTC timestamp."),
        Column("session_hash", "text", "Salted hash of the browser session (for the rate limit)."),
        Column("sender_hash", "text", "Salted hash of the sender's address (for the rate limit)."),
        Column("status", "text", "new, accepted, declined or duplicate.", allowed=STATUSES),
        Column("reviewed_by", "text", "Who decided.", nullable=True),
        Column("reviewed_at", "text", "When it was decided.", nullable=True),
        Column("import_id", "text", "The import that applied an accepted report (see `imports`).", nullable=True),
        Column("duplicate_of", "text", "The report this one repeats.", nullable=True),
    ),
    key="report_id",
    provenance=False,
)
_COLUMNS = FEEDBACK.column_names


class FeedbackError(ValueError):
    """A report refused: `code` says why (too_long, bad_problem, unknown_entry, rate_session, rate_address, not_open)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash(value: str) -> str:
    salt = os.environ.get(SALT_ENV, "corredor-feedback")
    return hashlib.sha256(f"{salt}\x00{value}".encode("utf-8")).hexdigest()[:32]


_QUOTED = ", ".join(f'"{c}"' for c in _COLUMNS)


class _Transaction:
    """One write to the `feedback` table; both stores answer the same questions."""

    def __init__(self, execute, mark: str):
        self._execute, self._mark = execute, mark  # the connection's execute and its placeholder

    def _run(self, query: str, args) -> list:
        cursor = self._execute(query.replace("%s", self._mark), args)
        return cursor.fetchall() if cursor.description else []

    def count(self, column: str, value: str, since: str) -> int:
        return self._run(f'SELECT count(*) FROM feedback WHERE "{column}" = %s AND submitted_at >= %s', (value, since))[0][0]

    def status(self, report_id: str) -> str | None:
        found = self._run("SELECT status FROM feedback WHERE report_id = %s", (report_id,))
        return found[0][0] if found else None

    def insert(self, row: dict) -> None:
        self._run(f"INSERT INTO feedback ({_QUOTED}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})", [row[c] for c in _COLUMNS])

    def update(self, report_id: str, values: dict) -> None:
        self._run(f"UPDATE feedback SET {', '.join(f'{chr(34)}{k}{chr(34)} = %s' for k in values)} WHERE report_id = %s", [*values.values(), report_id])


@contextmanager
def _gpkg_transaction(gpkg: Path):
    """An SQLite transaction under the import lock; the table is created (dated as old as the data) if missing."""
    with store.locked(gpkg):
        db = sqlite3.connect(gpkg, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("BEGIN IMMEDIATE")
            if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='feedback'").fetchone():
                columns = ", ".join(f'"{c}" TEXT' + ("" if FEEDBACK.column(c).nullable else " NOT NULL") for c in _COLUMNS)
                db.execute(f'CREATE TABLE feedback (fid INTEGER PRIMARY KEY AUTOINCREMENT, {columns}, UNIQUE("report_id"))')
                oldest = db.execute("SELECT min(last_change) FROM gpkg_contents").fetchone()[0] or "1970-01-01T00:00:00.000Z"
                db.execute(
                    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('feedback', 'attributes', 'feedback', ?, ?)",
                    (FEEDBACK.description, oldest),
                )
            try:
                yield _Transaction(db.execute, "?")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()


@contextmanager
def _database_transaction(url: str):
    """A PostgreSQL transaction holding the feedback lock (one write at a time across replicas, imports
    not blocked); the table is created if missing. The data version is left alone."""
    with postgis.connect(url) as conn:  # commits on success, rolls back on any error
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('corredor_feedback'))")
        for statement in postgis.table_ddl(FEEDBACK):
            conn.execute(statement)
        conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS feedback_report_id ON feedback (report_id)")
        yield _Transaction(conn.execute, "%s")


def _transaction(where: Path | str):
    return _database_transaction(where) if postgis.is_url(where) else _gpkg_transaction(Path(where))


def _rows(where: Path | str) -> pd.DataFrame:
    """Every stored report with its fid (empty before the first)."""
    if postgis.is_url(where):
        if "feedback" not in postgis.list_layers(where):
            return pd.DataFrame(columns=["fid", *_COLUMNS])
        return postgis.read_rows(where, FEEDBACK).reset_index()
    where = Path(where)
    if not where.is_file():
        return pd.DataFrame(columns=["fid", *_COLUMNS])
    db = sqlite3.connect(f"file:{where}?mode=ro", uri=True)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='feedback'").fetchone():
            return pd.DataFrame(columns=["fid", *_COLUMNS])
        return pd.DataFrame(db.execute(f"SELECT fid, {_QUOTED} FROM feedback").fetchall(), columns=["fid", *_COLUMNS])
    finally:
        db.close()


def _entry_exists(gpkg: Path | str, layer: str, entry_id: str) -> bool:
    frame = loaders.read_layer(layer, path=gpkg)
    key = loaders.schema.LAYERS[layer].key
    return bool((frame[key].astype(str) == entry_id).any())


def submit(
    gpkg: Path | str,
    *,
    layer: str,
    entry_id: str,
    problem: str,
    details: str | None,
    contact: str | None,
    session_id: str,
    address: str,
    now: dt.datetime | None = None,
) -> str:
    """Store a visitor's report; its id. Raises FeedbackError when it is refused (nothing is stored then)."""
    moment = _now(now)
    details = (details or "").strip() or None
    contact = (contact or "").strip() or None
    if layer not in ENTRY_LAYERS:
        raise FeedbackError("unknown_entry", _("This entry cannot be reported."))
    if problem not in PROBLEMS:
        raise FeedbackError("bad_problem", _("Choose what is wrong."))
    if details and len(details) > MAX_DETAILS:
        raise FeedbackError("too_long", _("The description is {n} characters long; the limit is {limit}.").format(n=len(details), limit=MAX_DETAILS))
    if contact and len(contact) > MAX_CONTACT:
        raise FeedbackError("too_long", _("The contact is {n} characters long; the limit is {limit}.").format(n=len(contact), limit=MAX_CONTACT))
    if not _entry_exists(gpkg, layer, str(entry_id)):
        raise FeedbackError("unknown_entry", _("This entry is no longer in the data."))
    session_hash, sender_hash = _hash("session:" + session_id), _hash("address:" + address)
    since = _stamp(moment - dt.timedelta(seconds=WINDOW_S))
    report_id = f"{moment:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    row = {
        "report_id": report_id,
        "entry_layer": layer,
        "entry_id": str(entry_id),
        "problem": problem,
        "details": details,
        "contact": contact,
        "submitted_at": _stamp(moment),
        "session_hash": session_hash,
        "sender_hash": sender_hash,
        "status": "new",
        "reviewed_by": None,
        "reviewed_at": None,
        "import_id": None,
        "duplicate_of": None,
    }
    with _transaction(gpkg) as tx:
        by_session = tx.count("session_hash", session_hash, since)
        if by_session >= SESSION_LIMIT:
            raise FeedbackError("rate_session", _("You have sent {n} reports in the last hour, the most we accept from one visit. Please try again later.").format(n=by_session))
        if tx.count("sender_hash", sender_hash, since) >= ADDRESS_LIMIT:
            raise FeedbackError("rate_address", _("Too many reports have come from your network in the last hour. Please try again later."))
        tx.insert(row)
    return report_id


def reports(gpkg: Path | str, status: str | None = None) -> pd.DataFrame:
    """Reports, newest first (only those with `status` when given); an empty frame before the first."""
    frame = _rows(gpkg)
    if status:
        frame = frame[frame["status"] == status]
    frame = frame.sort_values(["submitted_at", "fid"], ascending=False)
    return frame[list(_COLUMNS)].reset_index(drop=True).astype(object)


def _set(gpkg: Path | str, report_id: str, values: dict) -> None:
    with _transaction(gpkg) as tx:
        if tx.status(report_id) != "new":
            raise FeedbackError("not_open", _("This report has already been decided."))
        tx.update(report_id, values)


def decline(gpkg: Path | str, report_id: str, reviewer: str, now: dt.datetime | None = None) -> None:
    _set(gpkg, report_id, {"status": "declined", "reviewed_by": reviewer, "reviewed_at": _stamp(_now(now))})


def mark_duplicate(gpkg: Path | str, report_id: str, reviewer: str, duplicate_of: str | None = None, now: dt.datetime | None = None) -> None:
    _set(gpkg, report_id, {"status": "duplicate", "reviewed_by": reviewer, "reviewed_at": _stamp(_now(now)), "duplicate_of": duplicate_of})


def _report(gpkg: Path | str, report_id: str) -> dict:
    found = reports(gpkg)
    found = found[found["report_id"] == report_id]
    if found.empty:
        raise FeedbackError("not_open", _("No such report."))
    return found.iloc[0].to_dict()


def shelter_change(shelter: pd.Series, changes: dict, today: dt.date) -> tuple[dict, object]:
    """The shelter's row after the reviewer's `changes` (closed, contact, services, municipality, lat/lon), verified today."""
    values = {c: (None if not isinstance(shelter.get(c), (list, tuple)) and pd.isna(shelter.get(c)) else shelter.get(c)) for c in SHELTERS.column_names}
    for column in ("closed", "contact", "services", "municipality", "operator"):
        if column in changes:
            values[column] = changes[column] if changes[column] not in ("", None) else None
    if isinstance(values.get("services"), (list, tuple)):
        values["services"] = ";".join(s for s in values["services"] if s in SHELTER_SERVICES)
    values["last_verified"] = today.isoformat()
    for column in ("closed", "last_verified"):
        if isinstance(values.get(column), (dt.date, dt.datetime)):
            values[column] = values[column].isoformat()[:10]
    geometry = shelter.geometry
    if changes.get("lat") is not None and changes.get("lon") is not None:
        geometry = shapely.Point(float(changes["lon"]), float(changes["lat"]))
    return values, geometry


def accept(gpkg: Path | str, report_id: str, reviewer: str, changes: dict | None = None, now: dt.datetime | None = None) -> str | None:
    """Accept a report. For a shelter, write `changes` (and today's verification) as an import by `reviewer`;
    return its import id. For an incident (Missing Migrants Project data, corrected at the source), only record the decision."""
    moment = _now(now)
    report = _report(gpkg, report_id)
    if report["status"] != "new":
        raise FeedbackError("not_open", _("This report has already been decided."))
    import_id = None
    if report["entry_layer"] == "shelters":
        import_id = _apply_shelter(gpkg, report, reviewer, changes or {}, moment)
    _set(gpkg, report_id, {"status": "accepted", "reviewed_by": reviewer, "reviewed_at": _stamp(moment), "import_id": import_id})
    return import_id


def _apply_shelter(gpkg: Path | str, report: dict, reviewer: str, changes: dict, moment: dt.datetime) -> str:
    shelters = loaders.read_layer("shelters", path=gpkg)
    found = shelters[shelters["shelter_id"].astype(str) == report["entry_id"]]
    if found.empty:
        raise FeedbackError("unknown_entry", _("This entry is no longer in the data."))
    values, geometry = shelter_change(found.iloc[0], changes, moment.date())
    record = {"report": {c: report[c] for c in ("report_id", "entry_layer", "entry_id", "problem", "details", "submitted_at")}, "changes": {k: str(v) for k, v in changes.items()}, "reviewed_by": reviewer}
    payload = json.dumps(record, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    fd, name = tempfile.mkstemp(prefix=".feedback-", suffix=".json", dir=None if postgis.is_url(gpkg) else Path(gpkg).parent)
    original = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        report_obj = ValidationReport(
            kind="feedback",
            file_name=f"feedback-{report['report_id']}.json",
            layer="shelters",
            sha256=hashlib.sha256(payload).hexdigest(),
            size_bytes=len(payload),
            file_format="json",
        )
        report_obj.read(1)
        candidate = Candidate(row=1, raw=values, values=values, geometry=geometry)
        frame = finalise(report_obj, SHELTERS, [candidate])
        if report_obj.rejections:
            reasons = "; ".join(f"{i.column}: {i.reason}" for issues in report_obj.rejections.values() for i in issues)
            raise ImportFileError("invalid", _("The change does not fit the shelters' schema: {reasons}").format(reasons=reasons))
        prepared = Prepared(layer=SHELTERS, frame=gpd.GeoDataFrame(frame, geometry=frame.geometry, crs=CRS), report=report_obj, source=None)
        written = store.write(prepared, gpkg, original, user=reviewer, now=moment)
    finally:
        original.unlink(missing_ok=True)
    return written.import_id


def verification(gpkg: Path | str, shelter_id: str) -> dict | None:
    """The latest accepted report on a shelter: who verified it, when, from which report and import."""
    accepted = reports(gpkg, "accepted")
    mine = accepted[(accepted["entry_layer"] == "shelters") & (accepted["entry_id"] == str(shelter_id))]
    if mine.empty:
        return None
    latest = mine.sort_values("reviewed_at").iloc[-1]
    return {"by": latest["reviewed_by"], "at": latest["reviewed_at"], "report_id": latest["report_id"], "import_id": latest["import_id"], "problem": latest["problem"]}
