"""IDMC's disaster displacements on the Disaster displacement page, in a real browser: the
choropleth draws country polygons offline, the figures and their licence sit beside each
other, nothing is labelled illustrative, and the page reads at 390, 1366 and 1920 px in
English and Spanish (screenshots in tests/artifacts/)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import MAP_IFRAME, map_frame, vega_chart_drawn, wait_for_app
from tests.e2e.test_displacement_browser import open_displacement

pytestmark = pytest.mark.browser

CHOROPLETH = {"en": "Disaster displacements by country (IDMC)", "es": "Desplazamientos por desastres por país (IDMC)"}
LICENCE = "CC BY-NC 4.0"
CHOROPLETH_FILLS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")


def choropleth_paths(frame, name: str) -> dict:
    """How many polygons of the choropleth layer the map drew as SVG paths, and their fill colours."""
    return frame.evaluate(
        """(name) => {
            const layer = window.Corredor.layers[name];
            const paths = [];
            layer.eachLayer(l => { if (l._path && l._path.isConnected) paths.push(l._path.getAttribute('fill')); });
            return {count: paths.length, fills: Array.from(new Set(paths))};
        }""",
        name,
    )


def screenshot_whole_page(page, path) -> None:
    """The whole page in one image: Streamlit scrolls inside its main block, so the window grows to hold it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(height + 40, 12_000)})
    page.wait_for_timeout(1500)
    wait_for_app(page)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [390, 1366, 1920])
def test_idmc_choropleth_draws_with_its_licence(open_page, server_url, outside_requests, width, language):
    page = open_page(width, 900)
    open_displacement(page, server_url, f"?lang={language}&years=2024-2024")
    frame, drawn = map_frame(page, min_layers=3)
    name = CHOROPLETH[language]
    assert drawn[name] >= 20, drawn  # the countries with IDMC displacements in 2024
    paths = choropleth_paths(frame, name)
    assert paths["count"] == drawn[name], paths
    assert set(paths["fills"]) <= set(CHOROPLETH_FILLS) and "#253494" in paths["fills"], paths  # the USA, 2024: over 10 million
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "13,060,226" in text or "13.060.226" in text or "13 060 226" in text  # the sum of IDMC's 2024 rows of the Americas
    assert LICENCE in text and "internal-displacement.org" in text
    assert "illustrative" not in text.lower() and "ilustrativ" not in text.lower()
    assert vega_chart_drawn(page) >= 1
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot_whole_page(page, ARTIFACTS / f"displacement-idmc-{width}-{language}.png")
    assert outside_requests == [], outside_requests
    assert page.errors == []


def test_choropleth_follows_the_country_and_year_filters(open_page, server_url):
    page = open_page(1366, 900)
    open_displacement(page, server_url, "?countries=HND&years=2020-2020")
    frame, drawn = map_frame(page, min_layers=3)
    assert drawn[CHOROPLETH["en"]] == 1, drawn  # Honduras only
    frame.evaluate("(n) => { const l = window.Corredor.layers[n].getLayers()[0]; l.openPopup(l.getCenter()); }", CHOROPLETH["en"])
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Honduras" in popup.inner_text() and "2020: " in popup.inner_text()
    assert "movements, not people" in popup.inner_text() and LICENCE in popup.inner_text()
