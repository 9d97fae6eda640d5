"""Country briefs and chart filters in a real browser: the brief's map draws, its PDF downloads as one page in the reader's language;
a click on a chart filters the page, the link keeps it and a chip clears it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import assert_clean, map_frame, visit, wait_for_app

pytestmark = pytest.mark.browser

TITLES = {
    ("GTM", "en"): "Country brief: Guatemala",
    ("GTM", "es"): "Informe de país: Guatemala",
    ("MEX", "en"): "Country brief: Mexico",
    ("MEX", "es"): "Informe de país: México",
    ("PAN", "en"): "Country brief: Panama",
    ("PAN", "es"): "Informe de país: Panamá",
}
PDF_BUTTON = {"en": "Brief as PDF (A4)", "es": "Informe en PDF (A4)"}
DATA_DATE = {"en": "Data date:", "es": "Fecha de los datos:"}
NATIONALS = {"en": "Its nationals dead or missing elsewhere", "es": "Sus nacionales muertos o desaparecidos en otros países"}
NO_FIGURE = {"en": "no sourced figure", "es": "sin cifra con fuente"}
SCREENSHOTS = {("GTM", "en"), ("MEX", "es")}


@pytest.mark.parametrize(("iso3", "language"), sorted(TITLES))
def test_brief_draws_its_map_and_downloads_a_one_page_pdf(open_page, server_url, outside_requests, iso3, language):
    page = visit(open_page, f"{server_url}/country?iso3={iso3}&lang={language}", 1366, 900)
    title = TITLES[(iso3, language)]
    assert page.locator("h1").first.inner_text().strip() == title
    _, drawn = map_frame(page)
    assert sum(drawn.values()) > 0, drawn
    with page.expect_download(timeout=90_000) as caught:
        page.get_by_role("button", name=PDF_BUTTON[language]).click()
    download = caught.value
    assert download.suggested_filename == f"corredor-brief-{iso3.lower()}-{language}-a4.pdf"
    path = ARTIFACTS / download.suggested_filename
    download.save_as(path)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert "A4" in info
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert title in text
    assert DATA_DATE[language] in text
    flat = " ".join(text.split())  # lines wrap anywhere in the PDF's columns
    nationals = flat.split(NATIONALS[language] + ":")[1][:60]  # MMP's Country of Origin, records elsewhere
    if iso3 == "PAN":
        assert NO_FIGURE[language] in nationals  # no record names Panama as origin outside it: never 0
    else:
        assert re.match(r" [\d.,]+ ", nationals) and NO_FIGURE[language] not in nationals, nationals
    if (iso3, language) in SCREENSHOTS:
        for width in (390, 1366, 1920):
            page.set_viewport_size({"width": width, "height": 2600})  # tall: the page scrolls inside its own container
            page.wait_for_timeout(800)
            page.screenshot(path=str(ARTIFACTS / f"country-{iso3.lower()}-{language}-{width}.png"), full_page=True)
    assert_clean(page, outside_requests)


def test_a_chart_click_filters_the_page_survives_a_reload_and_the_chip_clears_it(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/shelters", 1366, 900)
    total = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    bar = page.locator('[data-testid="stVegaLiteChart"] svg g.mark-rect path[fill="#332288"]').first  # a "Shelter" bar
    bar.wait_for(timeout=30_000)
    bar.scroll_into_view_if_needed()
    bar.click()
    page.wait_for_url(re.compile(r"type=shelter"), timeout=30_000)
    wait_for_app(page)
    # the rerun's figures replace the old ones as they stream in: wait for the count to change
    page.wait_for_function("total => document.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() !== total", arg=total.strip(), timeout=30_000)
    filtered = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert int(filtered) < int(total)
    chip = page.locator(".st-key-shelters_types_chip button")
    assert chip.count() == 1 and "Shelter" in chip.inner_text()
    page.reload()  # the link restores the filter
    wait_for_app(page)
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == filtered
    page.locator(".st-key-shelters_types_chip button").click()
    page.wait_for_function("() => !location.search.includes('type=')", timeout=30_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == total
    assert_clean(page, outside_requests)


def test_a_click_on_a_country_on_the_map_opens_its_brief(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/?countries=GTM&layers=routes&lang=es", 1366, 900)
    frame, _ = map_frame(page)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    x, y = frame.evaluate("() => { const p = window.map_div.latLngToContainerPoint([15.6, -90.3]); return [p.x, p.y]; }")
    page.mouse.click(box["x"] + x, box["y"] + y)
    link = frame.locator(".corredor-popup-link")
    link.wait_for(timeout=10_000)
    assert link.get_attribute("href") == "/country?iso3=GTM&lang=es"
    pages_before = len(page.context.pages)
    link.click()  # the app's own page opens where the reader is, not in a new tab
    page.wait_for_url(re.compile(r"/country\?iso3=GTM&lang=es"), timeout=30_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "Informe de país: Guatemala"
    assert len(page.context.pages) == pages_before
    assert_clean(page, outside_requests)


def test_a_hazard_click_filters_the_named_events_survives_a_reload_and_the_chip_clears_it(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/displacement?countries=HTI", 1366, 900)
    _, drawn = map_frame(page)
    every = drawn["Disaster displacement zones"]  # Haiti: two earthquakes and a hurricane
    chart = page.locator(".st-key-displacement_hazard_chart")
    bar = chart.locator('svg g.mark-rect path[aria-label*="Earthquake"]').first
    bar.wait_for(timeout=30_000)
    bar.scroll_into_view_if_needed()
    bar.click()
    page.wait_for_url(re.compile(r"hazard="), timeout=30_000)
    wait_for_app(page)
    hazard = re.search(r"hazard=([^&]+)", page.url)[1]
    chip = page.locator(".st-key-displacement_hazards_chip button")
    chip.wait_for(timeout=30_000)
    assert chip.count() == 1
    picked = chip.inner_text()
    page.reload()  # the link restores the filter
    wait_for_app(page)
    assert hazard == "Earthquake"
    assert re.search(r"hazard=([^&]+)", page.url)[1] == hazard
    assert page.locator(".st-key-displacement_hazards_chip button").inner_text() == picked
    _, filtered = map_frame(page)
    assert filtered["Disaster displacement zones"] == 2 < every
    page.locator(".st-key-displacement_hazards_chip button").click()
    page.wait_for_function("() => !location.search.includes('hazard=')", timeout=30_000)
    wait_for_app(page)
    assert page.locator(".st-key-displacement_hazards_chip button").count() == 0
    assert_clean(page, outside_requests)
