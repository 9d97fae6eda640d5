"""The Data and sources page in a real browser: cards, download buttons, one real download, offline."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest

import loaders
from registry import layers as registry
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, wait_for_app

pytestmark = pytest.mark.browser

TITLES = list(registry.table_titles().values())  # one card per table of the GeoPackage, in its order


def open_data_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert page.locator('[data-testid="stDialog"]').count() == 0  # no "Page not found"
    page.wait_for_selector('[data-testid="stDownloadButton"]', timeout=30_000)


def card_titles(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stMainBlockContainer"] h2').all_inner_texts()]


def test_cards_and_a_filtered_download(open_page, server_url, outside_requests):
    page = open_page(1366, 768)
    open_data_page(page, server_url + "/data?countries=COL,PAN&years=2019-2024")
    assert card_titles(page) == TITLES
    # every card is a bordered container holding its heading
    for title in TITLES:
        heading = page.get_by_role("heading", name=title, exact=True)
        assert heading.evaluate("h => !!h.closest('[data-testid=\"stVerticalBlock\"]')")
    # 6 spatial layers x 3 formats + 4 tables, less the zones (none in COL/PAN in 2019–2024)
    assert page.locator('[data-testid="stDownloadButton"]').count() == 19
    # the overview table sits above the fold on a laptop screen
    table = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    assert table["y"] + table["height"] <= 768
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "data_sources-1366.png"))

    # (with a help tooltip Streamlit draws the button twice, one of them hidden)
    button = page.locator(".st-key-download_shelters_csv button").locator("visible=true")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "corredor-shelters-COL-PAN-csv.zip"
    with zipfile.ZipFile(download.path()) as archive:
        assert sorted(archive.namelist()) == ["README.txt", "corredor-shelters-COL-PAN.csv"]
        shelters = pd.read_csv(io.BytesIO(archive.read("corredor-shelters-COL-PAN.csv")), encoding="utf-8-sig")
        readme = archive.read("README.txt").decode("utf-8")
    expected = loaders.read_layer("shelters", countries=["COL", "PAN"])
    assert len(shelters) == len(expected) and set(shelters["country_iso3"]) == {"COL", "PAN"}
    year = dt.datetime.fromtimestamp(loaders.default_path().stat().st_mtime, tz=dt.timezone.utc).year
    assert f"Corredor ({year}). shelters layer, filtered: countries COL, PAN;" in readme
    assert "Data date: " in readme and "ILLUSTRATIVE" not in readme
    assert_clean(page, outside_requests)


def test_phone_width(open_page, server_url, outside_requests):
    page = open_page(390, 844)
    open_data_page(page, server_url + "/data?countries=PAN")
    assert card_titles(page) == TITLES
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    buttons = page.locator('[data-testid="stDownloadButton"]')
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.get_by_text("not since the bundled data were built").scroll_into_view_if_needed()
    assert page.get_by_text("not since the bundled data were built").is_visible()
    page.locator('[data-testid="stMain"]').evaluate("m => m.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "data_sources-390.png"))
    assert_clean(page, outside_requests)
