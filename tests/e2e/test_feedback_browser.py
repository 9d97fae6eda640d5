"""'Report a problem' in a real browser: an anonymous report reaches the signed-in review queue, is accepted and the shelter
shows the change and who verified it; a burst of reports from one visit is refused after the limit, with nothing else lost."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

import loaders
from importers import feedback
from importers.auth import hash_password
from tests.conftest import BACKENDS, drop_database, new_database
from tests.e2e.conftest import ARTIFACTS, ROOT, free_port, start_server
from tests.e2e.pages import visit, wait_for_app

pytestmark = pytest.mark.browser

PASSWORD = "review-queue-password"
DETAILS = "Closed since March <b>not bold</b> [link](http://x)"


@pytest.fixture(scope="module", params=BACKENDS)
def staff_server(request, tmp_path_factory):
    """A server of its own on a copy of the data (a GeoPackage, or a PostGIS database as replicas share),
    with one staff user (HOME holds its secrets file); yields its URL and the store reports go to."""
    home = tmp_path_factory.mktemp("home")
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text(f'[auth.users]\nana = "{hash_password(PASSWORD, iterations=1000)}"\n', encoding="utf-8")
    gpkg = home / "corredor.gpkg"
    shutil.copyfile(ROOT / "geodata" / "corredor.gpkg", gpkg)
    env = {"HOME": str(home), "CORREDOR_GPKG": str(gpkg)}
    store, database = gpkg, None
    if request.param == "postgis":
        postgres = request.getfixturevalue("postgres")
        database, store = new_database(postgres, request.getfixturevalue("postgis_template"))
        env["CORREDOR_DATABASE_URL"] = store
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = start_server(port, env=env)
    yield f"http://127.0.0.1:{port}", store
    process.terminate()
    process.wait(timeout=20)
    if database:
        assert feedback.reports(gpkg).empty  # with the database set, the GeoPackage never holds reports
        drop_database(postgres, database)


def _open_shelter(gpkg) -> tuple[str, str]:
    shelters = loaders.read_layer("shelters", path=gpkg)
    row = shelters[shelters["closed"].isna()].iloc[0]
    return str(row["shelter_id"]), str(row["name"])


def test_report_review_accept_and_rate_limit(open_page, staff_server, outside_requests):
    url, gpkg = staff_server
    shelter_id, name = _open_shelter(gpkg)
    store = "-postgis" if loaders.is_database(gpkg) else ""
    page = visit(open_page, f"{url}/shelters?shelter={shelter_id}", 1366, 900)
    page.locator(".st-key-shelters_report button").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    dialog.get_by_text("It has closed").click()
    dialog.get_by_label("Tell us more (optional)").fill(DETAILS)
    send = dialog.get_by_role("button", name="Send report")
    send.click()
    dialog.get_by_text("Thank you: your report was received.").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / f"feedback-form{store}-1366.png"))
    refused = False
    for _ in range(19):  # a burst from the same visit
        send.click()
        page.wait_for_timeout(100)
        wait_for_app(page)
        if dialog.get_by_text("the most we accept from one visit").count():
            refused = True
    assert refused
    page.screenshot(path=str(ARTIFACTS / f"feedback-refused{store}-1366.png"))
    assert dialog.get_by_label("Tell us more (optional)").input_value() == DETAILS  # what the visitor typed is kept
    stored = feedback.reports(gpkg)
    assert len(stored) == feedback.SESSION_LIMIT
    assert set(stored["details"]) == {DETAILS} and set(stored["status"]) == {"new"}
    assert loaders.read_layer("shelters", path=gpkg).set_index("shelter_id").loc[shelter_id, "closed"] is None or pd_na(
        loaders.read_layer("shelters", path=gpkg).set_index("shelter_id").loc[shelter_id, "closed"]
    )  # reports change no data by themselves

    staff = open_page(1366, 900)
    staff.goto(f"{url}/import")
    wait_for_app(staff)
    staff.get_by_label("User name").fill("ana")
    staff.get_by_role("textbox", name="Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.get_by_text("Reports of a problem").wait_for(timeout=30_000)
    item = staff.locator('[data-testid="stExpander"]').filter(has_text=name).first
    item.locator("summary").click()
    assert item.get_by_text(DETAILS, exact=True).count() == 1  # shown as text, not markup
    staff.screenshot(path=str(ARTIFACTS / f"feedback-queue{store}-1366.png"))
    item.get_by_role("button", name="Accept").click()
    staff.get_by_text("Report accepted; import").wait_for(timeout=60_000)
    decided = feedback.reports(gpkg, "accepted")
    assert len(decided) == 1 and decided.iloc[0]["reviewed_by"] == "ana"
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()

    page.goto(f"{url}/shelters?shelter={shelter_id}")
    wait_for_app(page)
    page.get_by_text(f"A closure of this service point was reported on {today}").wait_for(timeout=30_000)
    verified = page.get_by_text(f"Last verified {today} by ana, from report {decided.iloc[0]['report_id']}")
    verified.first.wait_for(timeout=30_000)  # the page streams in: the closure line can arrive first
    assert verified.count() == 1
    page.screenshot(path=str(ARTIFACTS / f"feedback-verified{store}-1366.png"), full_page=True)
    assert outside_requests == []
    assert page.errors == [] and staff.errors == []


def pd_na(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
