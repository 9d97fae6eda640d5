"""The Import page: nothing but the sign-in form until a user signs in; then preview, confirm, write."""

from __future__ import annotations

import subprocess
import sys

import pytest
from import_helpers import ROOT, fixture, sha256
from streamlit.testing.v1 import AppTest

import loaders
from importers.auth import check_user, hash_password, verify_password

PAGE = ROOT / "pages" / "import.py"
PASSWORD = "correct horse battery staple"
USERS = {"ana": hash_password(PASSWORD, iterations=1000)}  # few iterations: fast tests (the app's default is 600,000)


def page(users: dict | None = USERS) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    if users is not None:
        at.secrets["auth"] = {"users": users}
    return at.run()


def sign_in(at: AppTest, user: str = "ana", password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(user)
    at.text_input[1].input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def test_without_sign_in_the_page_shows_only_the_sign_in_form(gpkg):
    at = page()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["User name", "Password"]
    assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD
    assert not at.file_uploader and not at.selectbox
    assert not any(b.label == "Write to the GeoPackage" for b in at.button)
    assert at.info[0].value == "Importing data changes what every visitor sees: sign in first."


def test_without_any_configured_user_importing_is_switched_off(gpkg):
    at = page(users=None)
    assert not at.exception
    assert "Importing is switched off" in at.warning[0].value
    assert not at.text_input and not at.file_uploader


@pytest.mark.parametrize(("user", "password"), [("ana", "wrong password"), ("bob", PASSWORD), ("", "")])
def test_a_wrong_user_or_password_is_refused(gpkg, user, password):
    at = sign_in(page(), user, password)
    assert at.error[0].value == "Wrong user name or password."
    assert not at.file_uploader


def test_repeated_failures_lock_the_form(gpkg):
    at = page()
    for _ in range(5):
        at = sign_in(at, "ana", "nope")
    assert at.error[0].value == "Too many failed attempts: wait a minute and try again."
    at = at.run()
    assert next(b for b in at.button if b.label == "Sign in").disabled  # even the right password waits
    assert not at.file_uploader


def test_signed_in_staff_preview_then_write(gpkg):
    at = sign_in(page())
    assert not at.exception
    assert at.caption[0].value.startswith("Signed in as ana.")
    before = sha256(gpkg)
    at.file_uploader[0].upload("mmp_2024.csv", fixture("mmp_2024.csv").read_bytes(), "text/csv")
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows read": "9", "Accepted": "8", "Rejected": "1", "Warnings": "4"}
    assert "Dry run: nothing written yet" in [s.value for s in at.header]
    assert sha256(gpkg) == before, "the preview wrote"
    next(b for b in at.button if b.label == "Write to the GeoPackage").click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("Imported 8 rows into 'incidents'")
    incidents = loaders.read_layer("incidents", path=gpkg)
    assert len(incidents) == 8 and not incidents["is_demo"].any()
    from importers import store

    assert list(store.read_table("imports", gpkg)["imported_by"]) == ["ana"]


def test_a_refused_file_shows_the_reason_and_changes_nothing(gpkg):
    at = sign_in(page())
    before = sha256(gpkg)
    at.file_uploader[0].upload("latin1.csv", fixture("mmp_2024.csv").read_text(encoding="utf-8").encode("latin-1"), "text/csv")
    at.run()
    assert not at.exception
    assert "not UTF-8 text" in at.error[0].value and at.error[0].value.endswith("Nothing was changed.")
    assert sha256(gpkg) == before


def test_gis_files_choose_their_layer_on_the_page(gpkg):
    at = sign_in(page())
    at.selectbox[0].set_value("ogr").run()
    assert [s.label for s in at.selectbox][1] == "Into which layer?"
    at.selectbox[1].set_value("places").run()
    at.file_uploader[0].upload("places.kml", fixture("places.kml").read_bytes(), "application/vnd.google-earth.kml+xml")
    at.run()
    assert {m.label: m.value for m in at.metric}["Accepted"] == "2"
    next(b for b in at.button if b.label == "Write to the GeoPackage").click()
    at.run()
    assert {"fixture-bajo-chiquito", "fixture-paso-canoas"} <= set(loaders.read_layer("places", path=gpkg)["place_id"])


def test_password_hashes():
    stored = hash_password("s3cret-passphrase", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret-passphrase", stored)
    assert not verify_password("s3cret-passphrasE", stored)
    assert not verify_password("x", "not a hash") and not verify_password("x", "pbkdf2_sha256$10$00$00")
    assert check_user({"ana": stored}, "ana", "s3cret-passphrase")
    assert not check_user({"ana": stored}, "bob", "s3cret-passphrase")


def test_hash_password_script():
    done = subprocess.run(
        [sys.executable, "scripts/hash_password.py", "ana", "--iterations", "1000"],
        cwd=ROOT, input="a long enough passphrase\n", capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    name, value = line.split(" = ")
    assert name == "ana" and verify_password("a long enough passphrase", value.strip('"'))


def test_with_oidc_configured_the_page_offers_the_organisation_sign_in(gpkg):
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "corredor",
        "client_secret": "secret",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with your organisation's account"]
    assert not at.text_input and not at.file_uploader
