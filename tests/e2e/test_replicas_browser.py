"""Two replicas behind HAProxy sharing PostGIS: an import on one shows on the other; killing one loses nothing.

The real thing: `deploy.serve` starts two Streamlit processes and HAProxy in
front, both replicas read a throw-away PostGIS database, the browser is
Chromium, and 20 websocket-level users (`benchmarks/virtual_user.py`) browse
while one replica is killed with SIGKILL.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import loaders
from benchmarks.virtual_user import AFFINITY_COOKIE, VirtualUser
from deploy.serve import Deployment
from importers.auth import hash_password
from tests.conftest import drop_database, new_database
from tests.e2e.conftest import ARTIFACTS, ROOT, free_port

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
FIXTURE = ROOT / "tests" / "importers" / "fixtures" / "mmp_2024.csv"
USERS = 20
# each virtual user keeps its own view (page and query string), as a link would
VIEWS = [("", "lang=en"), ("deaths", "lang=es"), ("shelters", "lang=fr&countries=MEX"), ("data", "lang=pt"), ("darien", "lang=en")]


@pytest.fixture(scope="module")
def cluster(postgres, postgis_template, tmp_path_factory):
    """Balancer + 2 replicas on a fresh PostGIS database (loaded from the bundled GeoPackage)."""
    name, url = new_database(postgres, postgis_template)
    folder = tmp_path_factory.mktemp("serve")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[auth.users]\nana = "{hash_password(PASSWORD, iterations=1000)}"\n')
    deployment = Deployment(
        replicas=2,
        port=free_port(),
        first_replica_port=_two_free_ports(),
        address="127.0.0.1",
        run_dir=folder,
        env={"CORREDOR_DATABASE_URL": url, "CORREDOR_COOKIE_SECRET": "test-secret-shared-by-both-replicas"},
        streamlit_args=["--secrets.files", str(secrets)],
    )
    deployment.start()
    yield deployment, url
    deployment.stop()
    drop_database(postgres, name)


def _two_free_ports() -> int:
    """A port such that it and the next one are free (the replicas listen on consecutive ports)."""
    import socket

    while True:
        first = free_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", first + 1))
                return first
            except OSError:
                continue


def _replica_of(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == AFFINITY_COOKIE)


def _incidents_card(page) -> str:
    page.get_by_text("incidents · point layer").wait_for(timeout=60_000)
    text = page.inner_text("main")
    return text[text.index("incidents · point layer") :][:400]


def test_an_import_on_one_replica_shows_on_the_other(cluster, open_page):
    deployment, url = cluster
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    importer = open_page(1366, 900)
    importer.goto(f"{deployment.url}/import")
    importer.get_by_label("User name").fill("ana")
    importer.get_by_role("textbox", name="Password").fill(PASSWORD)
    importer.get_by_role("button", name="Sign in").click()
    importer.get_by_text("Signed in as ana").wait_for(timeout=60_000)
    assert "postgresql://" in importer.inner_text("main")  # the page says where imports go
    before = len(loaders.read_layer("incidents", path=url))
    importer.locator("input[type=file]").set_input_files(str(FIXTURE))
    importer.get_by_role("button", name="Write to the GeoPackage").click()
    importer.get_by_text(re.compile(r"Imported \d+ rows into 'incidents'")).wait_for(timeout=60_000)
    after = len(loaders.read_layer("incidents", path=url))
    assert after > before  # the fixture's records were added to IOM's (an update by id)
    importer.screenshot(path=str(ARTIFACTS / "replicas-import.png"), full_page=True)
    imported_on = _replica_of(importer)

    reader = open_page(1366, 900)
    other = next(f"replica{i + 1}" for i in range(2) if f"replica{i + 1}" != imported_on)
    reader.context.add_cookies([{"name": AFFINITY_COOKIE, "value": other, "url": deployment.url}])
    reader.goto(f"{deployment.url}/data")
    card = _incidents_card(reader)
    assert _replica_of(reader) == other != imported_on
    shown = re.escape(f"{after:,}")
    assert re.search(rf"In the selection: {shown} of {shown} features", card), card
    reader.screenshot(path=str(ARTIFACTS / "replicas-data-other-replica.png"), full_page=True)


async def _browse(deployment, victim: str, killed: asyncio.Event, seconds: float) -> list[dict]:
    """20 users browse their views until `seconds` pass; a user whose replica died reloads once it is gone."""
    # half of them were sent to each replica when they arrived (the balancer's cookie, as a browser keeps it)
    users = [VirtualUser(deployment.url, cookies={AFFINITY_COOKIE: f"replica{1 + i % 2}"}) for i in range(USERS)]

    async def one(index: int, user: VirtualUser) -> dict:
        page, query = VIEWS[index % len(VIEWS)]
        await user.connect()  # the replica a user is on is the one its cookie names when it connects
        record = {"first": user.replica, "last": None, "runs": 0, "errors_before_kill": [], "errors_on_survivor": [], "reloads": 0, "runs_after_kill": 0}
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                await user.run(page, query)
                record["runs"] += 1
                record["runs_after_kill"] += killed.is_set()
            except Exception as err:  # a lost connection, a refused reconnect, an error on the page
                if not killed.is_set():
                    record["errors_before_kill"].append(repr(err))
                elif record["first"] != victim:
                    record["errors_on_survivor"].append(repr(err))
                record["reloads"] += 1
                user.websocket = None  # the next run reloads: same URL, same view
                await asyncio.sleep(0.5)
            record["last"] = user.replica
            await asyncio.sleep(0.2)
        await user.close()
        return record

    return await asyncio.gather(*(one(i, u) for i, u in enumerate(users)))


def test_killing_a_replica_while_20_users_browse(cluster, open_page):
    deployment, url = cluster
    before = loaders.read_layer("incidents", path=url)
    victim_replica = deployment.members[0]
    victim = "replica1"

    # a real browser on the victim, on a view held in its URL
    tab = open_page(390, 844)
    tab.context.add_cookies([{"name": AFFINITY_COOKIE, "value": victim, "url": deployment.url}])
    tab.goto(f"{deployment.url}/deaths?lang=es")
    tab.get_by_role("heading", name=re.compile("Desaparic")).first.wait_for(timeout=60_000)
    assert _replica_of(tab) == victim

    async def scenario():
        killed = asyncio.Event()
        browsing = asyncio.create_task(_browse(deployment, victim, killed, seconds=24))
        await asyncio.sleep(6)
        os.kill(victim_replica.process.pid, signal.SIGKILL)
        killed.set()
        return await browsing

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        records = pool.submit(asyncio.run, scenario()).result()
    victim_replica.process.wait(timeout=10)
    (ARTIFACTS / "replicas-kill.json").write_text(json.dumps(records, indent=1))

    on_victim = [r for r in records if r["first"] == victim]
    on_survivor = [r for r in records if r["first"] and r["first"] != victim]
    assert len(on_victim) + len(on_survivor) == USERS, records
    assert len(on_victim) == len(on_survivor) == USERS // 2, records  # the cookie kept each user on its replica
    assert all(not r["errors_before_kill"] for r in records), records
    assert all(not r["errors_on_survivor"] and r["reloads"] == 0 for r in on_survivor), on_survivor
    assert all(r["runs_after_kill"] >= 1 for r in on_survivor), on_survivor  # their sessions went on
    for record in on_victim:  # they lost their connection, reloaded their view and went on, on the survivor
        assert record["reloads"] >= 1 and record["last"] != victim and record["runs_after_kill"] >= 1, record

    # the browser tab reloads onto the survivor with the same view
    tab.reload()
    tab.get_by_role("heading", name=re.compile("Desaparic")).first.wait_for(timeout=60_000)
    assert tab.url.endswith("/deaths?lang=es")
    assert _replica_of(tab) != victim
    tab.screenshot(path=str(ARTIFACTS / "replicas-after-kill-390.png"), full_page=True)

    # nothing written is lost
    after = loaders.read_layer("incidents", path=url)
    assert len(after) == len(before) > 6_000
    assert set(after["incident_id"]) == set(before["incident_id"])
