"""Every page in Spanish and French, in a real browser, with outside hosts blocked."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import vega_chart_drawn, wait_for_app

pytestmark = pytest.mark.browser

PAGES = {
    "": "Migration in the Americas",
    "darien": "Darién corridor",
    "shelters": "Shelters and services",
    "deaths": "Disappearances and deaths",
    "displacement": "Disaster displacement",
    "data": "Data and sources",
}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_page_speaks_the_chosen_language(open_page, server_url, outside_requests, language):
    page = open_page(1366, 768)
    for path, english_title in PAGES.items():
        page.goto(f"{server_url}/{path}?lang={language}&countries=PAN,COL")
        wait_for_app(page)
        title = page.locator("h1").first.inner_text()
        assert title and title != english_title, (path, title)
        assert page.locator("html").get_attribute("lang") is not None
        page.wait_for_timeout(400)
        page.screenshot(path=str(ARTIFACTS / f"{path or 'overview'}-{language}-1366.png"))
    sidebar_text = page.locator('[data-testid="stSidebar"]').inner_text()
    assert {"es": "Idioma", "fr": "Langue"}[language] in sidebar_text
    assert outside_requests == []
    assert page.errors == []


def test_charts_write_numbers_the_french_way(open_page, server_url, outside_requests):
    page = open_page(1366, 900)
    page.goto(f"{server_url}/displacement?lang=fr&countries=PAN")
    wait_for_app(page)
    vega_chart_drawn(page)
    page.get_by_role("tab", name="Amériques (IDMC)").click()  # IDMC's regional totals
    page.wait_for_timeout(800)
    labels = page.locator('[data-testid="stVegaLiteChart"] svg text').evaluate_all("ts => ts.map(t => t.textContent)")
    assert [t for t in labels if re.fullmatch(r"\d,\dM", t)], repr(labels)  # the axis of the regional totals: 1,5M
    assert not [t for t in labels if re.fullmatch(r"\d\.\dM", t)], repr(labels)  # never 1.5M
    assert [t for t in labels if re.fullmatch(r"\d,\d M", t)], repr(labels)  # the bar labels: 1,7 M
    assert outside_requests == []
