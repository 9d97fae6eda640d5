"""The deaths page in a real browser: map views and charts draw offline, at desktop and phone width."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import MAP_IFRAME, assert_clean, map_frame, vega_chart_drawn, wait_for_app

pytestmark = pytest.mark.browser


def _open(page, url: str) -> None:
    """Open the page by its own link (the router runs even on a fresh server's first request)."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector("h1:has-text('Disappearances and deaths')")
    page.wait_for_selector('[data-testid="stSidebar"] >> text=Countries')  # reached through app.py, with the shared filters


def _redrawn(page, before: dict, layer: str) -> dict:
    """Corredor.drawn once the map shows `layer` (the map is redrawn in a new frame)."""
    for _ in range(120):
        page.wait_for_timeout(250)
        _, drawn = map_frame(page)
        if drawn != before and layer in drawn:
            return drawn
    raise AssertionError(f"the map did not switch to {layer}")


def test_deaths_page_draws_points_hexagons_and_charts_offline(open_page, server_url, outside_requests):
    page = open_page(1366, 768)
    _open(page, server_url + "/deaths")
    frame, drawn = map_frame(page)
    assert drawn["Dead and missing migrants"] == 6883, drawn  # every Americas record of IOM's export
    assert frame.locator(".marker-cluster").count() > 0
    assert "llustrative" not in frame.locator(".corredor-legend").text_content()
    assert vega_chart_drawn(page) == 2
    assert page.get_by_text("Records in the selection").count() == 1
    assert page.get_by_text("Published totals (real figures)").count() == 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "deaths-1366.png"))
    # key figures and the map are both above the fold on a 1366×768 screen
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] < 768 * 0.45 and box["y"] + box["height"] <= 768 + 10, box
    metric = page.locator('[data-testid="stMetric"]').first.bounding_box()
    assert metric["y"] + metric["height"] < 768, metric

    page.get_by_text("Hexagons", exact=True).click()
    drawn = _redrawn(page, drawn, "Dead and missing per hexagon")
    frame, _ = map_frame(page)
    assert drawn["Dead and missing per hexagon"] > 5
    assert frame.locator("path.leaflet-interactive").count() > 5
    assert "km across" in frame.locator(".corredor-legend").text_content()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "deaths-hexagons-1366.png"))

    page.get_by_text("Heat", exact=True).click()
    drawn = _redrawn(page, drawn, "Dead and missing: heat map")
    frame, _ = map_frame(page)
    assert drawn["Dead and missing: heat map"] == 6883  # a heat map of every record, drawn by Leaflet.heat
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert frame.locator(".marker-cluster").count() == 0 and frame.locator("path.leaflet-interactive").count() < 100  # no squares
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "deaths-heat-1366.png"))
    assert_clean(page, outside_requests)


def test_deaths_page_at_phone_width(open_page, server_url, outside_requests):
    page = open_page(390, 844)
    _open(page, server_url + "/deaths?countries=MEX,USA")
    frame, drawn = map_frame(page)
    assert 0 < drawn["Dead and missing migrants"] < 6883
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["width"] >= 340
    assert vega_chart_drawn(page) == 2
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "deaths-390.png"))
    page.locator('[data-testid="stMetric"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "deaths-390-figures.png"))
    assert_clean(page, outside_requests)


def test_an_incident_popup_opens_the_report_form_in_the_same_tab(open_page, server_url, outside_requests):
    page = open_page(1366, 900)
    _open(page, server_url + "/deaths?countries=GTM")
    frame, _ = map_frame(page)
    frame.evaluate(
        """() => {
            const group = window.Corredor.layers["Dead and missing migrants"];
            const marker = group.getLayers()[0];
            group.fire("click", {layer: marker, latlng: marker.getLatLng()});
        }"""
    )
    link = frame.locator(".corredor-popup-link", has_text="Report a problem")
    link.wait_for(timeout=10_000)
    href = link.get_attribute("href")
    assert href.startswith("/deaths?report=1&incident=")
    pages_before = len(page.context.pages)
    link.click()
    dialog = page.locator('[role="dialog"]')
    dialog.wait_for(timeout=30_000)
    dialog.get_by_text("What is wrong?").wait_for(timeout=30_000)
    assert len(page.context.pages) == pages_before  # the form opened where the reader is
    assert "report=" not in page.url  # reloading does not open it again
    assert_clean(page, outside_requests)
