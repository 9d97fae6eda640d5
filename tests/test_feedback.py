"""'Report a problem': reports stored as text, limited by size and rate, applied only by staff through the importer's path."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import loaders
from importers import feedback
from importers.store import read_table
from loaders import postgis
from tests.conftest import BACKENDS, drop_database, fresh_database
from ui.feedback import client_address

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(params=BACKENDS)
def gpkg(request, tmp_path, monkeypatch):
    """The store reports go to: a copy of the bundled GeoPackage, or a fresh PostGIS database loaded
    from it ($CORREDOR_DATABASE_URL points at it, as for every replica of a deployment)."""
    copy = tmp_path / "corredor.gpkg"
    shutil.copyfile(ROOT / "geodata" / "corredor.gpkg", copy)
    monkeypatch.setenv("CORREDOR_GPKG", str(copy))
    if request.param == "gpkg":
        monkeypatch.delenv("CORREDOR_DATABASE_URL", raising=False)
        yield copy
        return
    with fresh_database(request, "postgis_template", monkeypatch) as url:
        yield url


def _shelter(gpkg) -> str:
    shelters = loaders.read_layer("shelters", path=gpkg)
    return str(shelters[shelters["closed"].isna()]["shelter_id"].iloc[0])


def _send(gpkg, entry, *, session="s1", address="93.184.216.34", details="It closed in May <script>x</script>", now=NOW, problem="closed"):
    return feedback.submit(gpkg, layer="shelters", entry_id=entry, problem=problem, details=details, contact=None, session_id=session, address=address, now=now)


def _data_date(gpkg):
    """What caches and exports key on: the GeoPackage's latest last_change, or the database's data version."""
    if loaders.is_database(gpkg):
        postgis.forget_version(gpkg)
        return loaders.data_version(gpkg)
    with sqlite3.connect(gpkg) as db:
        return max(r[0] for r in db.execute("SELECT last_change FROM gpkg_contents"))


def _archived(gpkg, archive_path: str) -> bool:
    if loaders.is_database(gpkg):
        _names, rows = postgis._query(gpkg, "SELECT 1 FROM corredor_archive WHERE archive_path = %s", (archive_path,))
        return bool(rows)
    return (gpkg.parent / archive_path).is_file()


def test_a_report_is_stored_as_text_and_changes_no_data(gpkg):
    entry = _shelter(gpkg)
    before_shelters = loaders.read_layer("shelters", path=gpkg)
    before_date = _data_date(gpkg)
    report_id = _send(gpkg, entry)
    stored = feedback.reports(gpkg)
    assert list(stored["report_id"]) == [report_id]
    assert stored.iloc[0]["details"] == "It closed in May <script>x</script>"  # verbatim text
    assert stored.iloc[0]["status"] == "new"
    assert "93.184.216.34" not in stored.to_csv()  # the address is kept only as a salted hash
    pd_equal = loaders.read_layer("shelters", path=gpkg).drop(columns="geometry").equals(before_shelters.drop(columns="geometry"))
    assert pd_equal
    assert _data_date(gpkg) == before_date  # a report is not data: the data date does not move


def test_size_limits_and_unknown_entries_are_refused(gpkg):
    entry = _shelter(gpkg)
    with pytest.raises(feedback.FeedbackError) as err:
        _send(gpkg, entry, details="x" * (feedback.MAX_DETAILS + 1))
    assert err.value.code == "too_long"
    with pytest.raises(feedback.FeedbackError) as err:
        _send(gpkg, "no-such-shelter")
    assert err.value.code == "unknown_entry"
    assert feedback.reports(gpkg).empty


def test_rate_limits_per_session_and_per_address(gpkg):
    entry = _shelter(gpkg)
    for i in range(feedback.SESSION_LIMIT):
        _send(gpkg, entry, now=NOW + dt.timedelta(seconds=i))
    with pytest.raises(feedback.FeedbackError) as err:
        _send(gpkg, entry, now=NOW + dt.timedelta(seconds=10))
    assert err.value.code == "rate_session"
    _send(gpkg, entry, now=NOW + dt.timedelta(seconds=feedback.WINDOW_S + 10))  # an hour later the session may report again
    for i in range(feedback.ADDRESS_LIMIT - 1):  # other sessions at the same address, within the same hour
        _send(gpkg, entry, session=f"other-{i}", now=NOW + dt.timedelta(seconds=feedback.WINDOW_S + 20))
    with pytest.raises(feedback.FeedbackError) as err:
        _send(gpkg, entry, session="yet-another", now=NOW + dt.timedelta(seconds=feedback.WINDOW_S + 30))
    assert err.value.code == "rate_address"
    _send(gpkg, entry, session="yet-another", address="198.51.100.7", now=NOW + dt.timedelta(seconds=feedback.WINDOW_S + 30))


def test_accepting_applies_the_change_as_an_import_with_provenance(gpkg):
    entry = _shelter(gpkg)
    report_id = _send(gpkg, entry)
    import_id = feedback.accept(gpkg, report_id, "ana", {"closed": "2026-02-20", "contact": "https://example.org/new"}, now=NOW)
    shelter = loaders.read_layer("shelters", path=gpkg).set_index("shelter_id").loc[entry]
    assert str(shelter["closed"])[:10] == "2026-02-20"
    assert shelter["contact"] == "https://example.org/new"
    assert str(shelter["last_verified"])[:10] == "2026-03-01"
    record = read_table("imports", gpkg).set_index("import_id").loc[import_id]
    assert record["kind"] == "feedback" and record["imported_by"] == "ana" and report_id in record["file_name"]
    assert _archived(gpkg, record["archive_path"])  # the report, archived as the import's file
    stored = feedback.reports(gpkg).set_index("report_id").loc[report_id]
    assert (stored["status"], stored["reviewed_by"], stored["import_id"]) == ("accepted", "ana", import_id)
    assert feedback.verification(gpkg, entry) == {"by": "ana", "at": "2026-03-01T12:00:00Z", "report_id": report_id, "import_id": import_id, "problem": "closed"}
    with pytest.raises(feedback.FeedbackError):
        feedback.decline(gpkg, report_id, "ana")  # decided once


def test_decline_and_duplicate_change_no_data(gpkg):
    entry = _shelter(gpkg)
    first, second = _send(gpkg, entry), _send(gpkg, entry, now=NOW + dt.timedelta(seconds=1))
    before = loaders.read_layer("shelters", path=gpkg)
    feedback.decline(gpkg, first, "ana", now=NOW)
    feedback.mark_duplicate(gpkg, second, "ana", first, now=NOW)
    stored = feedback.reports(gpkg).set_index("report_id")
    assert stored.loc[first, "status"] == "declined" and stored.loc[second, "status"] == "duplicate" and stored.loc[second, "duplicate_of"] == first
    assert loaders.read_layer("shelters", path=gpkg).drop(columns="geometry").equals(before.drop(columns="geometry"))
    assert read_table("imports", gpkg).empty or "feedback" not in set(read_table("imports", gpkg)["kind"])


def test_concurrent_reports_keep_the_rate_limit_and_lose_nothing(gpkg):
    """Visitors on several replicas send at once: each write is one serialised transaction."""
    entry = _shelter(gpkg)
    sent, refused = [], []

    def send(i):
        try:
            sent.append(_send(gpkg, entry, session="same", address=f"198.51.100.{i}", now=NOW + dt.timedelta(seconds=i)))
        except feedback.FeedbackError as err:
            refused.append(err.code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(feedback.SESSION_LIMIT + 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == feedback.SESSION_LIMIT and refused == ["rate_session"] * 3
    assert sorted(feedback.reports(gpkg)["report_id"]) == sorted(sent)


def test_with_a_database_reports_go_to_it_and_every_page_uses_it(gpkg):
    from ui import data

    assert data.store() == gpkg  # the form, the review queue and the shelter page write and read here
    report_id = _send(gpkg, _shelter(gpkg))
    assert list(feedback.reports(loaders.location())["report_id"]) == [report_id]
    if loaders.is_database(gpkg):  # the replicas' GeoPackage is left alone
        assert feedback.reports(loaders.default_path()).empty


def test_init_db_carries_the_geopackages_reports_over(tmp_path, postgres):
    from importers import store_postgis

    copy = tmp_path / "corredor.gpkg"
    shutil.copyfile(ROOT / "geodata" / "corredor.gpkg", copy)
    entry = _shelter(copy)
    sent = [_send(copy, entry, now=NOW + dt.timedelta(seconds=i)) for i in range(2)]
    feedback.decline(copy, sent[0], "ana", now=NOW)
    name = "corredor_feedback_init"
    url = postgres.create(name)
    try:
        assert store_postgis.init_db(url, copy)["feedback"] == 2
        assert feedback.reports(url).equals(feedback.reports(copy))
        for i in range(feedback.SESSION_LIMIT - 2):
            _send(url, entry, now=NOW + dt.timedelta(seconds=2 + i))
        with pytest.raises(feedback.FeedbackError) as err:  # the reports carried over count in the rate limit
            _send(url, entry, now=NOW + dt.timedelta(seconds=10))
        assert err.value.code == "rate_session"
    finally:
        drop_database(postgres, name)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("93.184.216.34", None, "93.184.216.34"),
        ("93.184.216.34", "10.0.0.1", "93.184.216.34"),  # a public peer is the sender; its header is not trusted
        ("127.0.0.1", "1.1.1.1, 198.51.100.7", "198.51.100.7"),  # behind our proxy: the address it appended
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (None, None, "unknown"),
    ],
)
def test_sender_address_behind_a_proxy(peer, forwarded, expected):
    assert client_address(peer, forwarded) == expected
