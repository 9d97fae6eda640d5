"""IOM's records in a real browser: every Americas incident drawn, no "illustrative" label anywhere, en and es.

Screenshots of /deaths and / (English at 1366 px, Spanish at 390 px) go to tests/artifacts/
(real-deaths-<lang>-<width>.png, real-overview-<lang>-<width>.png); scripts/screenshots.py takes every width.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, map_frame, wait_for_app

pytestmark = pytest.mark.browser

ILLUSTRATIVE = re.compile(r"illustrat|ilustrativ", re.I)  # en, fr / es, pt
HEADINGS = {("deaths", "en"): "Disappearances and deaths", ("deaths", "es"): "Desapariciones y muertes", ("overview", "en"): "Migration in the Americas", ("overview", "es"): "La migración en las Américas"}


def _texts(page, frame) -> str:
    return page.locator("body").inner_text() + " " + frame.locator("body").inner_text()


@pytest.mark.parametrize(("lang", "width"), [("en", 1366), ("es", 390)])
def test_deaths_and_overview_draw_every_record_without_an_illustrative_label(open_page, server_url, outside_requests, lang, width):
    page = open_page(width, 900)
    for name, path in (("deaths", "/deaths"), ("overview", "/")):
        started = time.perf_counter()
        page.goto(f"{server_url}{path}?lang={lang}")
        wait_for_app(page)
        page.wait_for_selector(f"h1:has-text('{HEADINGS[name, lang]}')")
        frame, drawn = map_frame(page)
        seconds = time.perf_counter() - started
        assert 6883 in drawn.values(), drawn  # the incidents layer: every Americas record of the export, none left out
        assert frame.locator(".marker-cluster").count() > 0  # clustered, so 6,883 points stay readable
        page.wait_for_timeout(800)
        text = _texts(page, frame)
        assert not ILLUSTRATIVE.search(text), ILLUSTRATIVE.search(text)
        assert "CC BY 4.0" in text
        page.screenshot(path=str(ARTIFACTS / f"real-{name}-{lang}-{width}.png"))
        print(f"{name} {lang} {width}px: map drawn {seconds:.1f} s after navigation")
    assert_clean(page, outside_requests)
