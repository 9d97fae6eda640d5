"""The Darién page in a real browser: the route, its places and services draw offline, the charts draw."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import MAP_IFRAME, assert_clean, map_frame, vega_chart_drawn, visit, wait_for_app

pytestmark = pytest.mark.browser

ROUTE = "Darién route, step by step"
PLACES = "Places on the route"
SERVICES = "Services within 25 km"


def test_darien_page_at_presentation_size(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/darien", 1366, 768)
    frame, drawn = map_frame(page, min_layers=4)
    assert drawn[ROUTE] == 14, drawn  # every Darién segment, branches included
    assert drawn[PLACES] >= 10, drawn  # Necoclí … Paso Canoas
    assert drawn[SERVICES] >= 4, drawn  # reception stations, Cruz Roja in Necoclí, CATEM Sur
    assert frame.locator(".corredor-legend").count() == 1
    # the map and the step table sit above the fold at presentation size
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] + box["height"] <= 768, box
    last_step = page.locator('[data-testid="stExpander"]').filter(has_text="5. Bus").bounding_box()
    assert last_step["y"] + last_step["height"] <= 768, last_step
    assert page.get_by_text("Services within this many km of the route").is_visible()
    assert vega_chart_drawn(page) >= 3  # per year, per month, by nationality (+ deaths per crossing)
    page.wait_for_timeout(700)
    page.screenshot(path=str(ARTIFACTS / "darien-1366.png"))
    # a segment's popup names its step, its schematic distance and its source, as text
    frame.evaluate(f"() => {{ const l = window.Corredor.layers[{ROUTE!r}].getLayers()[3]; l.openPopup(l.getCenter()); }}")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Step 2" in text and "schematic line" in text and "Source" in text
    assert_clean(page, outside_requests)


def test_darien_page_at_phone_width(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/darien", 390, 844)
    _, drawn = map_frame(page, min_layers=4)
    assert drawn[ROUTE] == 14
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["width"] >= 340
    assert vega_chart_drawn(page) >= 3
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(700)
    page.screenshot(path=str(ARTIFACTS / "darien-390.png"))
    page.locator('[data-testid="stVegaLiteChart"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "darien-390-chart.png"))
    assert_clean(page, outside_requests)


def test_a_nationality_click_follows_it_through_the_years_and_survives_a_reload(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/darien?nationality_year=2023", 1366, 900)
    bar = page.locator('.st-key-darien_nationality_chart svg g.mark-rect path[aria-label*="Ecuador"]').first
    bar.wait_for(timeout=30_000)
    bar.scroll_into_view_if_needed()
    bar.click()
    page.wait_for_url(re.compile(r"nationality=Ecuador"), timeout=30_000)
    wait_for_app(page)
    line = "Ecuador, northbound crossings of the Darién by year (Panama's figures): 2022: 29,399; 2023: 57,222."
    page.get_by_text(line).wait_for(timeout=30_000)
    page.reload()  # the link restores it
    wait_for_app(page)
    page.get_by_text(line).wait_for(timeout=30_000)
    assert page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Country brief").get_attribute("href").endswith("country?iso3=ECU")
    page.locator(".st-key-darien_nationality_chip button").click()
    page.wait_for_function("() => !location.search.includes('nationality=')", timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text(line).count() == 0
    assert_clean(page, outside_requests)
