"""The Shelters and services page in a real browser: map and chart draw offline, search narrows the map, phone width reads."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import MAP_IFRAME, assert_clean, map_frame, vega_chart_drawn, visit

pytestmark = pytest.mark.browser


def test_shelters_page_draws_map_and_chart_offline(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/shelters", 1366, 768)
    page.wait_for_selector('[data-testid="stSidebarUserContent"]', state="attached", timeout=30_000)
    assert page.locator('[data-testid="stSidebarUserContent"]').get_by_text("Filters", exact=True).count() == 1  # the shared sidebar ran
    frame, drawn = map_frame(page)
    assert drawn.get("Shelters and services", 0) >= 40, drawn
    assert drawn.get("Migration routes", 0) > 0, drawn
    assert frame.locator(".marker-cluster").count() > 0  # shelters clustered
    assert frame.locator(".corredor-legend").count() == 1
    assert vega_chart_drawn(page) >= 1
    # the map starts above the fold of a 1366×768 screen
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] < 768 - 300, box
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "shelters-1366.png"))
    # a search without accents narrows the map to Tecún Umán's shelter
    search = page.get_by_role("textbox", name="Search")
    search.fill("tecun")
    search.press("Enter")
    shelters = "Shelters and services"
    after = drawn
    for _ in range(120):  # the map is redrawn in a new frame once the search applies
        page.wait_for_timeout(250)
        _, after = map_frame(page)
        if after.get(shelters) != drawn[shelters]:  # (the basemap's own layers register as their files arrive)
            break
    assert after[shelters] == 1, after
    assert_clean(page, outside_requests)


def test_phone_width_keeps_map_and_chart_readable(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/shelters?countries=PAN,COL,CRI", 390, 844)
    _, drawn = map_frame(page)
    assert drawn["Shelters and services"] > 0
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["width"] >= 340  # the map spans the phone's width
    assert vega_chart_drawn(page) >= 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "shelters-390.png"), full_page=True)
    assert_clean(page, outside_requests)
    assert_clean(page, outside_requests)


# Open (spiderfy) the cluster of the shelters given at Tapachula's town point, at the map's closest zoom,
# and return where its markers are drawn, in pixels.
SPREAD_TAPACHULA = """async () => {
  const map = window.map_div, group = window.Corredor.layers['Shelters and services'];
  map.setView([14.9, -92.26], map.getMaxZoom(), {animate: false});
  await new Promise((done) => setTimeout(done, 600));
  let biggest = null;
  group.eachLayer((marker) => {
    const cluster = group.getVisibleParent(marker);
    if (cluster && cluster !== marker && cluster.getChildCount && (!biggest || cluster.getChildCount() > biggest.getChildCount())) biggest = cluster;
  });
  if (!biggest) return {count: 0, spots: []};
  biggest.spiderfy();
  await new Promise((done) => setTimeout(done, 800));
  const spots = biggest.getAllChildMarkers().map((m) => { const p = map.latLngToContainerPoint(m.getLatLng()); return [Math.round(p.x), Math.round(p.y)]; });
  return {count: biggest.getChildCount(), spots: spots};
}"""


def test_shelters_sharing_a_town_point_spread_apart_when_their_cluster_opens(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + "/shelters?countries=MEX", 1366, 768)
    frame, _ = map_frame(page)
    got = frame.evaluate(SPREAD_TAPACHULA)
    assert got["count"] >= 3, got  # Tapachula's shelters share the town's point...
    assert len(set(map(tuple, got["spots"]))) == got["count"], got  # ...and each gets a spot of its own when opened
    page.screenshot(path=str(ARTIFACTS / "shelters-tapachula-spread-1366.png"))
    assert outside_requests == []
