"""Helpers for browser tests: wait for the app, find the map frame, read what it drew."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError

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
