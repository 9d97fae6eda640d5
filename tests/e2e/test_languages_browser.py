"""Every page in Spanish and French, in a real browser, with outside hosts blocked."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import wait_for_app

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
