"""Every page at a phone's 390 px: nothing wider than the screen; tables scroll inside themselves, not the page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, wait_for_app

pytestmark = pytest.mark.browser

PAGES = ("", "darien", "shelters", "deaths", "displacement", "country?iso3=GTM", "data")

# Elements wider than the screen or sticking out of it: charts (their SVG or canvas, legends included),
# tables, map legends; and whether the page itself scrolls sideways.
OVERFLOW = """(width) => {
  const out = [], main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth + 1) out.push(['page', main.scrollWidth]);
  if (document.documentElement.scrollWidth > width + 1) out.push(['document', document.documentElement.scrollWidth]);
  document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0) return;
    if (box.left < -1 || box.right > width + 1) out.push([el.dataset.testid, box.left, box.right]);
    el.querySelectorAll('svg.marks, canvas.marks').forEach((drawn) => {
      const w = drawn.getBoundingClientRect().width;
      if (w > box.width + 1) out.push([el.dataset.testid + ' drawing', w, box.width]);
    });
  });
  return out;
}"""


def test_nothing_is_wider_than_a_phone(open_page, server_url, outside_requests):
    page = open_page(390, 844)
    found = {}
    tables = 0
    for path in PAGES:
        page.goto(f"{server_url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(1500)  # charts size themselves to their column
        wide = page.evaluate(OVERFLOW, 390)
        if wide:
            found[path or "overview"] = wide
            page.screenshot(path=str(ARTIFACTS / f"too-wide-{(path or 'overview').split('?')[0]}-390.png"))
        tables += page.locator('[data-testid="stDataFrame"]').count()
    assert tables >= 5  # the directory, shelter details, events, incidents, sources... are on these pages
    assert found == {}, found
    assert_clean(page, outside_requests)
