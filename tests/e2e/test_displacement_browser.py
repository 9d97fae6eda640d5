"""The Disaster displacement page in a real browser: zones, routes and shelters draw offline,
the charts draw, and the page reads at laptop and phone widths."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import MAP_IFRAME, assert_clean, map_frame, vega_chart_drawn, wait_for_app

pytestmark = pytest.mark.browser

ZONES, ROUTES, SHELTERS = "Disaster displacement zones", "Migration routes", "Shelters and services"


def open_displacement(page, server_url: str, query: str = "") -> None:
    # The app's first run on a fresh server must be the entrypoint: a page URL
    # opened first runs pages/displacement.py on its own, without the router
    # (Streamlit's pages/ folder convention). Open the home page once first.
    page.goto(server_url)
    wait_for_app(page)
    page.goto(server_url + "/displacement" + query)
    page.wait_for_selector("h1:has-text('Disaster displacement')", timeout=60_000)
    wait_for_app(page)


def test_displacement_page_at_laptop_width(open_page, server_url, outside_requests):
    page = open_page(1366, 768)
    open_displacement(page, server_url)
    wait_for_app(page)
    frame, drawn = map_frame(page, min_layers=4)
    assert drawn[ZONES] == 9, drawn  # every bundled event
    assert drawn[ROUTES] > 0 and drawn[SHELTERS] > 0, drawn
    assert frame.locator(".corredor-legend").count() == 1
    # the shelters inside a zone are drawn in the highlight colour
    inside = frame.evaluate(
        "() => window.Corredor.layers['Shelters and services'].getLayers().filter(l => l.feature.properties.marker === 'inside').length"
    )
    assert inside == 10
    assert vega_chart_drawn(page) >= 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "displacement-1366.png"))
    # key figures, the whole map and the chart are above the fold
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["height"] >= 400 and box["y"] + box["height"] <= 768, box
    chart = page.locator('[data-testid="stVegaLiteChart"]').first.bounding_box()
    assert chart["y"] + chart["height"] <= 768, chart
    assert page.get_by_text("Named events drawn", exact=True).is_visible()
    # a zone popup names its source and precision, as on the Overview
    frame.evaluate("() => { const l = window.Corredor.layers['Disaster displacement zones'].getLayers()[0]; l.openPopup(l.getCenter()); }")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Source" in popup.inner_text() and "Location precision" in popup.inner_text()
    assert "IDMC figure" in popup.inner_text() and "internal displacements (matched by" in popup.inner_text()
    # the regional context tab draws its chart once shown
    page.get_by_role("tab", name="Americas (IDMC)").click()
    page.wait_for_timeout(800)
    assert page.get_by_text("count movements, not people").first.is_visible()
    assert_clean(page, outside_requests)


def test_displacement_page_at_phone_width(open_page, server_url, outside_requests):
    page = open_page(390, 844)
    open_displacement(page, server_url, "?countries=HND")
    frame, drawn = map_frame(page, min_layers=4)
    assert drawn[ZONES] == 3, drawn  # Eta, Iota and the Dry Corridor
    # IDMC's choropleth follows the country filter: Honduras alone, with its figures by year
    idmc = "Disaster displacements by country (IDMC)"
    assert drawn[idmc] == 1, drawn
    frame.evaluate("(n) => { const l = window.Corredor.layers[n].getLayers()[0]; l.openPopup(l.getCenter()); }", idmc)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Honduras" in popup.inner_text() and "2020: " in popup.inner_text()
    assert "movements, not people" in popup.inner_text() and "CC BY-NC 4.0" in popup.inner_text()
    frame.evaluate("() => { window.map_div.closePopup(); }")  # closePopup returns the map, too large to send back
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["width"] >= 340
    assert vega_chart_drawn(page) >= 1
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "displacement-390.png"), full_page=True)
    assert_clean(page, outside_requests)
