"""The offline basemap in a real browser, every outside host blocked: it draws from the app's own files,
names capitals in the reader's language, and comes from the browser's cache on the next visit."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, LOCAL_HOSTS, chromium_path
from tests.e2e.pages import assert_clean, map_frame, visit, wait_for_app

pytestmark = pytest.mark.browser

NEAR_PANAMA_CITY = "view=8.9,-79.6,8"  # a zoom that draws the finest level's tiles


def basemap_drawn(page, name: str) -> tuple:
    frame, _ = map_frame(page)
    frame.wait_for_function(f"() => window.Corredor.drawn[{name!r}] !== undefined", timeout=30_000)
    return frame, frame.evaluate(f"() => window.Corredor.drawn[{name!r}]")


def basemap_files(frame) -> dict[str, int]:
    """The basemap files this map's page fetched, with the bytes each took over the network (0: from the cache)."""
    return frame.evaluate(
        """() => Object.fromEntries(performance.getEntriesByType('resource')
            .filter(e => e.name.includes('/app/static/basemap/'))
            .map(e => [e.name.split('/app/static/basemap/')[1].split('/').slice(1).join('/'), e.transferSize]))"""
    )


@pytest.mark.parametrize("language, countries, capital", [("en", "Countries", "Panama City"), ("es", "Países", "Ciudad de Panamá")])
def test_basemap_draws_offline_with_names_in_the_readers_language(open_page, server_url, outside_requests, language, countries, capital):
    page = visit(open_page, f"{server_url}/?lang={language}&{NEAR_PANAMA_CITY}", 1366, 768)
    frame, drawn = basemap_drawn(page, countries)
    assert drawn > 40, drawn  # every country of the Americas, clickable
    files = basemap_files(frame)
    assert f"countries-{language}.json" in files
    assert any(name.startswith("level2/") for name in files), files  # close up: the finest tiles, only those in view
    assert len([name for name in files if name.startswith("level2/")]) <= 6
    labels = frame.locator(".corredor-capital-label").all_inner_texts()
    assert capital in labels, labels
    named = frame.locator(".corredor-place-label").all_inner_texts()  # places on the routes and capitals
    assert named.count(capital) == 1 and (language == "es" or "Ciudad de Panamá" not in named), named  # named once, translated
    assert frame.locator("canvas").count() >= 3  # land, countries, then coasts, borders and rivers above them
    frame.evaluate(
        f"""() => {{ const pan = window.Corredor.layers[{countries!r}].getLayers().find(l => l.iso3 === 'PAN');
                     pan.openPopup(pan.getBounds().getCenter()); }}"""
    )
    link = frame.locator(".leaflet-popup-content a.corredor-popup-link")
    link.wait_for()
    assert link.get_attribute("href") == f"/country?iso3=PAN&lang={language}"  # a click on a country opens its brief
    page.screenshot(path=str(ARTIFACTS / f"basemap-panama-{language}.png"))
    assert_clean(page, outside_requests)


@pytest.fixture
def caching_browser(browser):
    """Chromium that resolves no host but this machine's. Blocking by request routing (`open_page`)
    turns the browser's HTTP cache off, and the cache is what this test is about."""
    rules = "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
    other = browser.browser_type.launch(executable_path=chromium_path(), args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"])
    yield other
    other.close()


def test_basemap_comes_from_the_cache_on_the_next_visit(caching_browser, server_url):
    context = caching_browser.new_context(viewport={"width": 1366, "height": 768})
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url) if (urlparse(r.url).hostname or "") not in LOCAL_HOSTS and r.url.startswith("http") else None)
    page = context.new_page()
    page.goto(server_url + "/?lang=en")
    wait_for_app(page)
    frame, _ = basemap_drawn(page, "Countries")
    first = basemap_files(frame)
    assert first.get("countries-en.json", 0) > 20_000 and first.get("level0.json", 0) > 20_000, first
    page.goto(server_url + "/?lang=en")
    wait_for_app(page)
    frame, _ = basemap_drawn(page, "Countries")
    again = basemap_files(frame)
    assert again.keys() >= {"countries-en.json", "level0.json"}, again
    assert all(size == 0 for size in again.values()), again  # nothing crossed the network
    assert outside == [], outside
    context.close()
