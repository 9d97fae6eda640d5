"""IDMC's disaster displacements on the Disaster displacement page, in a real browser: the
choropleth draws country polygons offline, the figures and their licence sit beside each
other, nothing is labelled illustrative, and the page reads on a projector in English and on a phone
in Spanish (screenshots in tests/artifacts/; scripts/screenshots.py takes every width)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, map_frame, vega_chart_drawn, wait_for_app

pytestmark = pytest.mark.browser

CHOROPLETH = {"en": "Disaster displacements by country (IDMC)", "es": "Desplazamientos por desastres por país (IDMC)"}
LICENCE = "CC BY-NC 4.0"
CHOROPLETH_FILLS = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")


def open_displacement(page, server_url: str, query: str = "") -> None:
    """The page, opened as a reader would: the app first (see test_displacement_browser), then /displacement."""
    page.goto(server_url + query)
    wait_for_app(page)
    page.goto(server_url + "/displacement" + query)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    wait_for_app(page)


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


@pytest.mark.parametrize(("language", "width"), [("en", 1920), ("es", 390)])
def test_idmc_choropleth_draws_with_its_licence(open_page, server_url, outside_requests, language, width):
    page = open_page(width, 900)
    open_displacement(page, server_url, f"?lang={language}&years=2024-2024")
    name = CHOROPLETH[language]
    frame, drawn = map_frame(page, min_layers=2)
    assert drawn[name] >= 20, drawn  # the countries with IDMC displacements in 2024
    paths = choropleth_paths(frame, name)
    assert paths["count"] == drawn[name], paths
    assert set(paths["fills"]) <= set(CHOROPLETH_FILLS) and "#253494" in paths["fills"], paths  # the USA, 2024: over 10 million
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert any(total in text for total in ("13,060,226", "13.060.226")), text[:400]  # IDMC's 2024 rows of the Americas
    assert LICENCE in text and "internal-displacement.org" in text
    assert "illustrative" not in text.lower() and "ilustrativ" not in text.lower()
    assert vega_chart_drawn(page) >= 1
    screenshot_whole_page(page, ARTIFACTS / f"displacement-idmc-{width}-{language}.png")
    assert_clean(page, outside_requests)
