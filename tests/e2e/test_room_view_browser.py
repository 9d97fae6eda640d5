"""What the room sees, in a real browser: maps framed on the story, the QR code's address, staff pages out of sight."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from importers.auth import hash_password
from tests.e2e.conftest import ARTIFACTS, free_port, start_server
from tests.e2e.pages import map_frame, visit, wait_for_app
from ui.public_address import network_addresses

pytestmark = pytest.mark.browser

RCM = "BLZ,CAN,CRI,DOM,GTM,HND,MEX,NIC,PAN,SLV,USA"
PLACES = {  # from geodata/sources/places.csv
    "Necoclí": (8.4234, -76.786),
    "Turbo": (8.0926, -76.7282),
    "Capurganá": (8.6336, -77.3497),
    "ERM Lajas Blancas": (8.4148, -77.8116),
    "Paso Canoas": (8.5318, -82.8151),
    "Ciudad de Panamá": (8.9936, -79.5197),
    "Tijuana": (32.5027, -117.0037),
    "Matamoros": (25.8788, -97.5046),
}
PUBLIC_URL = "https://corredor.example.org/room/"
PASSWORD = "correct horse battery staple"

# Where each named place sits on the drawn map, and whether the legend's box covers it.
ON_MAP = """(names) => {
  const map = window.map_div, box = map.getContainer().getBoundingClientRect();
  const legend = map.getContainer().querySelector('.corredor-legend').getBoundingClientRect();
  const b = map.getBounds();
  const out = {bounds: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]], fit: map.corredorFit && map.corredorFit.box, places: {}};
  for (const [name, latlng] of Object.entries(names)) {
    const p = map.latLngToContainerPoint(latlng), x = p.x + box.left, y = p.y + box.top;
    out.places[name] = {
      shown: b.contains(latlng),
      underLegend: x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom,
    };
  }
  return out;
}"""


def drawn_places(page):
    frame, _ = map_frame(page)
    page.wait_for_timeout(500)
    return frame.evaluate(ON_MAP, {name: list(latlng) for name, latlng in PLACES.items()})


def test_the_rcm_preset_opens_on_the_routes_not_the_arctic(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/?countries={RCM}&lang=en", 1366, 768)
    seen = drawn_places(page)
    assert seen["fit"][1][0] <= 50, seen  # the map opens on the data, not on Canada's Arctic
    assert seen["bounds"][1][0] < 62, seen["bounds"]  # Greenland (from 60° N) stays off screen
    for name in ("Ciudad de Panamá", "Tijuana", "Matamoros"):
        assert seen["places"][name]["shown"] and not seen["places"][name]["underLegend"], (name, seen)
    page.screenshot(path=str(ARTIFACTS / "room-rcm-1366.png"))
    assert outside_requests == []


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_the_darien_page_opens_on_the_jungle_crossing_clear_of_the_legend(open_page, server_url, outside_requests, width, height):
    page = visit(open_page, f"{server_url}/darien?lang=es", width, height)
    crossing = ("Necoclí", "Turbo", "Capurganá", "ERM Lajas Blancas")
    seen = drawn_places(page)
    for _attempt in range(20):  # on a busy machine the fit is taken again once the legend has settled
        if all(seen["places"][n]["shown"] and not seen["places"][n]["underLegend"] for n in crossing):
            break
        page.wait_for_timeout(500)
        seen = drawn_places(page)
    for name in crossing:
        assert seen["places"][name]["shown"] and not seen["places"][name]["underLegend"], (name, seen)
    assert not seen["places"]["Paso Canoas"]["shown"]  # not the whole route to Costa Rica
    page.screenshot(path=str(ARTIFACTS / f"room-darien-{width}.png"))
    assert outside_requests == []


def open_qr_dialog(page):
    """Press the sidebar's QR button until the dialog opens (a press before the button's script has loaded is lost)."""
    dialog = page.locator('[data-testid="stDialog"]')
    for _attempt in range(4):
        page.locator('[data-testid="stSidebar"] .corredor-qr-button').click()
        try:
            dialog.locator("img").wait_for(timeout=15_000)
            return dialog
        except PlaywrightTimeout:
            continue
    raise AssertionError("the QR dialog did not open")


def test_a_page_opened_through_localhost_gets_a_network_address_and_a_warning(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/darien?lang=en", 1366, 900)
    dialog = open_qr_dialog(page)
    link = dialog.locator("code").inner_text().strip()
    warning = dialog.locator('[data-testid="stAlertContentWarning"]').inner_text()
    assert "localhost" in warning and "phones cannot reach" in warning
    addresses = network_addresses()
    if addresses:
        assert urlsplit(link).hostname == addresses[0] and urlsplit(link).port == urlsplit(server_url).port
    else:
        assert "CORREDOR_PUBLIC_URL" in warning
    assert urlsplit(link).path == "/darien"
    page.screenshot(path=str(ARTIFACTS / "room-qr-localhost-1366.png"))
    assert outside_requests == []


@pytest.fixture(scope="module")
def staff_server_url(tmp_path_factory):
    """A server with a staff user and a public address, as a conference deployment would have."""
    folder = tmp_path_factory.mktemp("secrets")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[auth.users]\nana = "{hash_password(PASSWORD, iterations=1000)}"\n', encoding="utf-8")
    port = free_port()
    process = start_server(port, env={"CORREDOR_PUBLIC_URL": PUBLIC_URL, "STREAMLIT_SECRETS_FILES": str(secrets)})
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def navigation(page) -> list[str]:
    return [t.strip().splitlines()[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]  # after the icon


def test_the_qr_code_uses_the_public_address_when_set(open_page, staff_server_url, outside_requests):
    page = visit(open_page, f"{staff_server_url}/shelters?lang=en&countries=MEX", 1366, 900)
    dialog = open_qr_dialog(page)
    link = dialog.locator("code").inner_text().strip()
    assert link.startswith(PUBLIC_URL + "shelters?"), link
    assert "countries=MEX" in link
    assert dialog.locator('[data-testid="stAlertContentWarning"]').count() == 0
    assert outside_requests == []


def test_the_import_page_is_out_of_the_publics_sight_until_staff_sign_in(open_page, staff_server_url, outside_requests):
    page = visit(open_page, f"{staff_server_url}/?lang=en", 1366, 900)
    public = navigation(page)
    assert "Overview" in public and "Import data" not in public
    page.screenshot(path=str(ARTIFACTS / "room-nav-public-1366.png"))

    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Staff sign-in").click()
    page.wait_for_url("**/import**")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Filters" not in sidebar and "Presenter mode" not in sidebar  # they do nothing here
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "secrets" not in text and "hash_password" not in text  # no setup details for the public
    page.get_by_role("textbox", name="User name").fill("ana")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for(timeout=30_000)
    assert "Import data" in navigation(page)
    assert page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Staff sign-in").count() == 0
    page.screenshot(path=str(ARTIFACTS / "room-nav-staff-1366.png"))

    page.locator('[data-testid="stSidebarNav"] a', has_text="Overview").click()
    wait_for_app(page)
    assert "Import data" in navigation(page)  # still signed in on the public pages
    page.locator('[data-testid="stSidebar"]').get_by_text("Filters").wait_for(state="visible", timeout=30_000)  # the sidebar streams in after the page's first elements
    assert outside_requests == [] and page.errors == []


def test_without_sign_in_setup_details_stay_hidden(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/import?lang=es", 390, 844)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "secrets" not in text and "hash_password" not in text and ".toml" not in text
    assert outside_requests == []


LEGEND = """() => {
  const legend = document.querySelector('.corredor-legend'), details = legend.querySelector('details');
  return {open: details.open, fontPx: parseFloat(getComputedStyle(legend).fontSize),
          cut: legend.scrollHeight > legend.clientHeight + 1, width: legend.getBoundingClientRect().width};
}"""


def test_legends_behave_one_way_closed_on_phones_open_and_large_in_presenter_mode(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/?lang=es&present=1", 1920, 1080)
    frame, _ = map_frame(page)
    legend = frame.evaluate(LEGEND)
    assert legend["open"] and legend["fontPx"] >= 18 and not legend["cut"], legend  # read from the back of the room
    seen = drawn_places(page)
    for name in ("Ciudad de Panamá", "Tijuana", "Matamoros"):
        assert seen["places"][name]["shown"] and not seen["places"][name]["underLegend"], (name, seen)
    page.screenshot(path=str(ARTIFACTS / "room-presenter-legend-1920.png"))

    phone = open_page(390, 844)
    phone.goto(f"{server_url}/darien?lang=es")
    wait_for_app(phone)
    frame, _ = map_frame(phone)
    legend = frame.evaluate(LEGEND)
    assert not legend["open"] and legend["width"] < 200, legend
    assert outside_requests == []
