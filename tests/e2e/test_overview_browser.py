"""The Overview page in a real browser: every overlay draws offline, filters change the map."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, map_frame, visit, wait_for_app

pytestmark = pytest.mark.browser

OVERLAYS = ("Countries", "Migration routes", "Shelters and services", "Dead and missing migrants", "Disaster displacement zones")


def test_overview_draws_every_overlay_offline(open_page, server_url, outside_requests):
    page = visit(open_page, server_url, 1366, 768)
    frame, drawn = map_frame(page, min_layers=len(OVERLAYS))  # the basemap's countries arrive with their file
    for overlay in OVERLAYS:
        assert drawn.get(overlay, 0) > 0, (overlay, drawn)
    assert frame.locator("path.leaflet-interactive").count() > 50  # countries, routes, zones
    assert frame.locator(".marker-cluster").count() > 0  # incidents and shelters clustered
    assert frame.locator(".corredor-legend").count() == 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "overview-1366.png"))
    assert_clean(page, outside_requests)


def test_popups_show_source_and_precision_as_text(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/?countries=PAN&layers=routes", 1366, 768)
    frame, _ = map_frame(page)
    frame.evaluate("() => { const l = window.Corredor.layers['Migration routes'].getLayers()[0]; l.openPopup(l.getCenter()); }")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Source" in text and "Location precision" in text
    assert outside_requests == []


def test_country_filter_changes_the_map(open_page, server_url, outside_requests):
    page = visit(open_page, server_url, 1366, 768)
    _, everywhere = map_frame(page)
    page.get_by_role("button", name="RCM").click()
    page.wait_for_function("() => window.location.search.includes('countries=')", timeout=30_000)
    rcm = everywhere
    for _ in range(120):  # the map is redrawn in a new frame once the filter applies
        page.wait_for_timeout(250)
        _, rcm = map_frame(page)
        if rcm.get("Shelters and services") != everywhere["Shelters and services"]:  # (the basemap registers its own layers as its files arrive)
            break
    assert 0 < rcm["Shelters and services"] < everywhere["Shelters and services"]
    assert rcm["Dead and missing migrants"] < everywhere["Dead and missing migrants"]
    page.screenshot(path=str(ARTIFACTS / "overview-rcm-1366.png"))
    assert outside_requests == []


def test_phone_width_keeps_the_map_usable(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/?countries=PAN,COL", 390, 844)
    frame, drawn = map_frame(page)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["width"] >= 340  # the map spans the phone's width
    assert drawn["Shelters and services"] > 0
    page.locator('iframe[title="streamlit_folium.st_folium"]').scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "overview-390.png"), full_page=True)
    assert_clean(page, outside_requests)


def test_moving_the_map_does_not_rerun_the_app(open_page, server_url, outside_requests):
    page = open_page(1366, 768)
    sent = []  # messages from the browser to the server: a rerun request would be one
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(server_url + "/?countries=PAN")
    wait_for_app(page)
    frame, _ = map_frame(page)
    page.wait_for_timeout(1000)
    sent.clear()
    before = frame.evaluate("() => window.map_div.getZoom()")
    for step in (1, 2):  # one zoom at a time: Leaflet ignores a click while it animates
        frame.locator(".leaflet-control-zoom-in").click()
        frame.wait_for_function(f"() => window.map_div.getZoom() === {before + step} && !window.map_div._animatingZoom")
    page.wait_for_timeout(1500)
    assert frame.evaluate("() => window.map_div.getZoom()") == before + 2
    assert sent == [], "moving the map sent a message to the server (a rerun)"
    assert outside_requests == []


@pytest.mark.parametrize("width,height", [(390, 844), (1366, 768), (1920, 1080)])
def test_border_crossings_are_a_layer_of_their_own(open_page, server_url, outside_requests, width, height):
    page = visit(open_page, server_url + "/?layers=routes,crossings", width, height)
    frame, drawn = map_frame(page)
    crossings = "Border crossings and reception stations"
    assert drawn.get(crossings, 0) == 23 and "Shelters and services" not in drawn, drawn  # 20 crossings and 3 reception stations of `places`
    assert crossings in frame.locator(".corredor-legend").text_content()  # closed on phones: its text is there all the same
    frame.evaluate(f"() => {{ const l = window.Corredor.layers[{crossings!r}].getLayers()[0]; l.openPopup(); }}")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Kind" in text and ("Border crossing" in text or "Migrant reception station" in text)
    assert "Source" in text and "Location precision" in text
    page.locator('iframe[title="streamlit_folium.st_folium"]').scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"overview-crossings-{width}.png"), full_page=width < 500)
    assert_clean(page, outside_requests)


# Where the fitted box, the legend and the visible map are, in the map frame's pixels and degrees.
FIT_GEOMETRY = """() => {
  const map = window.map_div, fit = map.corredorFit, c = map.getContainer().getBoundingClientRect();
  const nw = map.latLngToContainerPoint([fit.box[1][0], fit.box[0][1]]), se = map.latLngToContainerPoint([fit.box[0][0], fit.box[1][1]]);
  const legend = document.querySelector('.corredor-legend').getBoundingClientRect(), b = map.getBounds();
  return {zoom: map.getZoom(), north: b.getNorth(), box: [nw.x, nw.y, se.x, se.y], size: [c.width, c.height],
          legend: [legend.left - c.left, legend.top - c.top, legend.right - c.left, legend.bottom - c.top]};
}"""


def test_the_rcm_preset_opens_on_its_data_beside_the_legend_at_1366(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/?countries=BLZ,CAN,CRI,DOM,SLV,GTM,HND,MEX,NIC,PAN,USA", 1366, 768)
    frame, _ = map_frame(page)
    page.wait_for_timeout(1500)  # the legend's stylesheet and fonts settle; the fit is taken again
    got = frame.evaluate(FIT_GEOMETRY)
    for _ in range(20):  # on a busy machine the fit is taken again later: read until it settles beside the legend
        (x0, y0, x1, y1), (lx0, ly0, lx1, ly1) = got["box"], got["legend"]
        if not (x0 < lx1 and lx0 < x1 and y0 < ly1 and ly0 < y1):
            break
        page.wait_for_timeout(500)
        got = frame.evaluate(FIT_GEOMETRY)
    x0, y0, x1, y1 = got["box"]
    assert 0 <= x0 and 0 <= y0 and x1 <= got["size"][0] and y1 <= got["size"][1], got  # every record's box in view
    lx0, ly0, lx1, ly1 = got["legend"]
    assert lx1 - lx0 > 100, got  # the legend is open on a desktop screen...
    assert not (x0 < lx1 and lx0 < x1 and y0 < ly1 and ly0 < y1), got  # ...and not over the data
    assert got["north"] < 50, got  # not one zoom out, to ~56°N: the data fills the map
    assert (x1 - x0) > 0.6 * got["size"][0], got
    page.screenshot(path=str(ARTIFACTS / "overview-rcm-fit-1366.png"))
    assert_clean(page, outside_requests)
