"""Reports of a wrong entry ("Report a problem"), kept in a `feedback` table of the data's GeoPackage.

The whole interface: `submit` (a visitor's report, size- and rate-limited),
`reports` (the review queue), `decline` and `mark_duplicate`, `accept` (staff
apply the change through the importer's path: checked against the schema,
written atomically by `importers.store`, recorded in `imports` with who and
when, the report archived as the import's file) and `verification` (who last
verified a shelter through a report). A report never changes the data by
itself. Everything a visitor types is stored as text and never interpreted.

Rows are written with SQLite transactions while holding the import lock, so
a report never lands inside an import's copy-and-replace. The table's
`gpkg_contents.last_change` is never moved forward: reports are not data and
must not change the data date of exports. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import tempfile
import uuid
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


def _connect(gpkg: Path) -> sqlite3.Connection:
    db = sqlite3.connect(gpkg, timeout=30, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


def _ensure_table(db: sqlite3.Connection) -> None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='feedback'").fetchone():
        return
    columns = ", ".join(f'"{c}" TEXT' + ("" if FEEDBACK.column(c).nullable else " NOT NULL") for c in _COLUMNS)
    db.execute(f'CREATE TABLE feedback (fid INTEGER PRIMARY KEY AUTOINCREMENT, {columns}, UNIQUE("report_id"))')
    oldest = db.execute("SELECT min(last_change) FROM gpkg_contents").fetchone()[0] or "1970-01-01T00:00:00.000Z"
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('feedback', 'attributes', 'feedback', ?, ?)",
        (FEEDBACK.description, oldest),
    )


def _entry_exists(gpkg: Path, layer: str, entry_id: str) -> bool:
    frame = loaders.read_layer(layer, path=gpkg)
    key = loaders.schema.LAYERS[layer].key
    return bool((frame[key].astype(str) == entry_id).any())


def submit(
    gpkg: Path,
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
    with store.locked(gpkg):
        db = _connect(gpkg)
        try:
            db.execute("BEGIN IMMEDIATE")
            _ensure_table(db)
            by_session = db.execute("SELECT count(*) FROM feedback WHERE session_hash = ? AND submitted_at >= ?", (session_hash, since)).fetchone()[0]
            if by_session >= SESSION_LIMIT:
                db.execute("ROLLBACK")
                raise FeedbackError("rate_session", _("You have sent {n} reports in the last hour, the most we accept from one visit. Please try again later.").format(n=by_session))
            by_address = db.execute("SELECT count(*) FROM feedback WHERE sender_hash = ? AND submitted_at >= ?", (sender_hash, since)).fetchone()[0]
            if by_address >= ADDRESS_LIMIT:
                db.execute("ROLLBACK")
                raise FeedbackError("rate_address", _("Too many reports have come from your network in the last hour. Please try again later."))
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
            db.execute(f"INSERT INTO feedback ({', '.join(chr(34) + c + chr(34) for c in _COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})", [row[c] for c in _COLUMNS])
            db.execute("COMMIT")
        finally:
            db.close()
    return report_id


def reports(gpkg: Path, status: str | None = None) -> pd.DataFrame:
    """Reports, newest first (only those with `status` when given); an empty frame before the first."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
    if not gpkg.is_file():
        return empty
    db = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='feedback'").fetchone():
            return empty
        query = f"SELECT {', '.join(chr(34) + c + chr(34) for c in _COLUMNS)} FROM feedback"
        args: tuple = ()
        if status:
            query, args = query + " WHERE status = ?", (status,)
        frame = pd.DataFrame(db.execute(query + " ORDER BY submitted_at DESC, fid DESC", args).fetchall(), columns=_COLUMNS)
    finally:
        db.close()
    return frame.astype(object)


def _set(gpkg: Path, report_id: str, values: dict) -> None:
    with store.locked(gpkg):
        db = _connect(gpkg)
        try:
            db.execute("BEGIN IMMEDIATE")
            _ensure_table(db)
            status = db.execute("SELECT status FROM feedback WHERE report_id = ?", (report_id,)).fetchone()
            if status is None or status[0] != "new":
                db.execute("ROLLBACK")
                raise FeedbackError("not_open", _("This report has already been decided."))
            db.execute(f"UPDATE feedback SET {', '.join(chr(34) + k + chr(34) + ' = ?' for k in values)} WHERE report_id = ?", [*values.values(), report_id])
            db.execute("COMMIT")
        finally:
            db.close()


def decline(gpkg: Path, report_id: str, reviewer: str, now: dt.datetime | None = None) -> None:
    _set(gpkg, report_id, {"status": "declined", "reviewed_by": reviewer, "reviewed_at": _stamp(_now(now))})


def mark_duplicate(gpkg: Path, report_id: str, reviewer: str, duplicate_of: str | None = None, now: dt.datetime | None = None) -> None:
    _set(gpkg, report_id, {"status": "duplicate", "reviewed_by": reviewer, "reviewed_at": _stamp(_now(now)), "duplicate_of": duplicate_of})


def _report(gpkg: Path, report_id: str) -> dict:
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


def accept(gpkg: Path, report_id: str, reviewer: str, changes: dict | None = None, now: dt.datetime | None = None) -> str | None:
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


def _apply_shelter(gpkg: Path, report: dict, reviewer: str, changes: dict, moment: dt.datetime) -> str:
    shelters = loaders.read_layer("shelters", path=gpkg)
    found = shelters[shelters["shelter_id"].astype(str) == report["entry_id"]]
    if found.empty:
        raise FeedbackError("unknown_entry", _("This entry is no longer in the data."))
    values, geometry = shelter_change(found.iloc[0], changes, moment.date())
    record = {"report": {c: report[c] for c in ("report_id", "entry_layer", "entry_id", "problem", "details", "submitted_at")}, "changes": {k: str(v) for k, v in changes.items()}, "reviewed_by": reviewer}
    payload = json.dumps(record, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    fd, name = tempfile.mkstemp(prefix=".feedback-", suffix=".json", dir=gpkg.parent)
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


def verification(gpkg: Path, shelter_id: str) -> dict | None:
    """The latest accepted report on a shelter: who verified it, when, from which report and import."""
    accepted = reports(gpkg, "accepted")
    mine = accepted[(accepted["entry_layer"] == "shelters") & (accepted["entry_id"] == str(shelter_id))]
    if mine.empty:
        return None
    latest = mine.sort_values("reviewed_at").iloc[-1]
    return {"by": latest["reviewed_by"], "at": latest["reviewed_at"], "report_id": latest["report_id"], "import_id": latest["import_id"], "problem": latest["problem"]}
