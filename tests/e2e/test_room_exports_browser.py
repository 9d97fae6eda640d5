"""Exports for the room in a real browser: the map file opens from disk with the network cut, the buttons download."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import loaders

from charts.png import PNG_SIGNATURE, png_size
from mapping import assets
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, visit

pytestmark = pytest.mark.browser

OVERLAYS = ("Migration routes", "Shelters and services", "Dead and missing migrants", "Disaster displacement zones")


def offline_page(browser, requests: list[str]):
    """A page in a context where every request but file: and data: is aborted (and noted)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    context.route("**/*", handle)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


def open_offline(browser, path: Path, screenshot: str | None = None) -> dict:
    """Open an exported map from disk with the network cut; what it drew (Corredor.drawn)."""
    requests: list[str] = []
    context, page = offline_page(browser, requests)
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.Corredor && Object.keys(window.Corredor.drawn).length >= 2", timeout=20_000)
        page.wait_for_timeout(300)
        drawn = page.evaluate("() => Object.assign({}, window.Corredor.drawn)")
        assert page.locator(".leaflet-container").count() == 1
        assert page.locator(".corredor-legend").count() == 1
        assert page.locator("header h1").count() == 1
        if screenshot:
            page.screenshot(path=str(ARTIFACTS / screenshot))
        assert requests == [], requests
        assert page.errors == [], page.errors
        return drawn
    finally:
        context.close()


def download_map(page, tmp_path: Path) -> Path:
    button = page.get_by_role("button", name="Download map (HTML, works offline)")
    for attempt in range(3):  # a click on a button that a rerun is replacing is lost: click again
        button.wait_for(timeout=60_000)
        try:
            with page.expect_download(timeout=30_000) as caught:
                button.click()
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(path)
    return path


def test_the_overview_map_downloads_as_it_is_shown_and_draws_from_disk_with_the_network_cut(open_page, server_url, outside_requests, browser, tmp_path):
    page = visit(open_page, server_url + "/?view=15,-85,5", 1366, 768)
    path = download_map(page, tmp_path)
    assert path.name == "corredor-overview-map.html"
    html = path.read_text(encoding="utf-8")
    assert assets.remote_assets(html) == []
    assert "<h1>Migration in the Americas, all of the Americas · 2010–2026</h1>" in html
    assert "Missing Migrants Project" in html and "Natural Earth" in html  # the sources in the header
    assert "center: [15.0, -85.0]" in html and '"zoom": 5,' in html  # opens where it was shown
    drawn = open_offline(browser, path, "export-overview-map-1366.png")
    for overlay in OVERLAYS:
        assert drawn.get(overlay, 0) > 0, (overlay, drawn)
    assert drawn["Dead and missing migrants"] == len(loaders.read_layer("incidents"))  # every record of the bundled export
    assert outside_requests == [], outside_requests


def test_the_darien_page_downloads_its_map_and_a_chart(open_page, server_url, outside_requests, browser, tmp_path):
    page = visit(open_page, server_url + "/darien", 1366, 768)
    path = download_map(page, tmp_path)
    assert path.name == "corredor-darien-map.html"
    html = path.read_text(encoding="utf-8")
    assert assets.remote_assets(html) == []
    assert "<h1>Darién corridor: the route step by step and services within 25 km" in html
    assert "Data date:</strong> 20" in html and "Natural Earth" in html
    drawn = open_offline(browser, path)
    assert drawn["Darién route, step by step"] == 14, drawn

    chart_button = page.get_by_role("button", name="Download chart (PNG)").first
    with page.expect_download(timeout=60_000) as caught:
        chart_button.click()
    png_path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(png_path)
    assert png_path.name == "corredor-darien-crossings-per-year.png"
    data = png_path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = png_size(data)
    assert width >= 1200 and height >= 500, (width, height)
    (ARTIFACTS / "export-darien-crossings-per-year.png").write_bytes(data)
    assert_clean(page, outside_requests)
