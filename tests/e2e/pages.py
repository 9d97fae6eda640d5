"""Helpers for browser tests: wait for the app, find the map frame, read what it drew and where it is."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Error as PlaywrightError

from ui.scenes_data import parse_view

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until the page has rendered and Streamlit is no longer running the script."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')", timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout_ms)


def map_frame(page, timeout_ms: int = 60_000, min_layers: int = 2):
    """The streamlit-folium iframe and Corredor.drawn, once `min_layers` layers have drawn."""
    page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms)
    waited = 0
    while waited < timeout_ms:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    drawn = frame.evaluate("() => window.Corredor ? Object.assign({}, window.Corredor.drawn) : null")
                    if drawn and len(drawn) >= min_layers and frame.query_selector(".leaflet-container"):
                        return frame, drawn
                except PlaywrightError:  # the frame was replaced by a rerun while we read it
                    continue
        page.wait_for_timeout(250)
        waited += 250
    raise AssertionError("the map did not draw")


def vega_chart_drawn(page, timeout_ms: int = 30_000) -> int:
    """Number of Altair/Vega charts drawn on the page (canvas or svg marks present)."""
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg', timeout=timeout_ms)
    return page.locator('[data-testid="stVegaLiteChart"]').count()


CENTRE = "() => [window.map_div.getCenter().lat, window.map_div.getCenter().lng, window.map_div.getZoom()]"


def one_pixel(zoom: int) -> float:
    """Degrees of longitude in one screen pixel at `zoom`: the map may settle by that much as it sizes itself."""
    return 360 / (256 * 2**zoom)


def map_view(page, expected=None, timeout_ms: int = 30_000):
    """(lat, lon, zoom) of the map; with `expected`, wait until the (redrawn) map shows it."""
    waited = 0
    while True:
        frame, _ = map_frame(page)
        try:
            shown = tuple(frame.evaluate(CENTRE))
        except PlaywrightError:  # the frame was replaced by a rerun while we read it
            shown = None
        if shown is not None and (expected is None or _shows(shown, expected)):
            return shown
        if waited >= timeout_ms:
            raise AssertionError(f"the map shows {shown}, not {expected}")
        page.wait_for_timeout(250)
        waited += 250


def _shows(shown: tuple, expected) -> bool:
    lat, lon, zoom = shown
    tol = one_pixel(expected.zoom)
    return zoom == expected.zoom and abs(lat - expected.lat) <= tol and abs(lon - expected.lon) <= tol


def link_view(page):
    return parse_view(parse_qs(urlsplit(page.url).query).get("view", [None])[0])


def visit(open_page, url: str, width: int = 1366, height: int = 768):
    """A fresh page `width` × `height` px at `url`, once the app has rendered it."""
    page = open_page(width, height)
    page.goto(url)
    wait_for_app(page)
    return page


def assert_clean(page, outside_requests: list) -> None:
    """Nothing was asked of the outside world, and the page raised no script error."""
    assert outside_requests == [], outside_requests
    assert page.errors == [], page.errors
