"""A shared link opens the same view, even as the first request a fresh server gets."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import ARTIFACTS, free_port, start_server
from tests.e2e.pages import map_view, visit, wait_for_app
from ui.scenes_data import View

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server_url():
    port = free_port()
    process = start_server(port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.parametrize("path, title", [("displacement", "Disaster displacement"), ("data", "Data and sources")])
def test_a_page_link_is_the_first_request_after_start(open_page, fresh_server_url, outside_requests, path, title):
    page = visit(open_page, fresh_server_url + f"/{path}?countries=HND&years=2015-2024", 1366, 768)
    assert page.locator("h1").first.inner_text() == title
    assert page.locator('[data-testid="stDialog"]').count() == 0  # no "Page not found"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Honduras").count() == 1  # the filters came from the link
    assert "countries=HND" in page.url and "years=2015-2024" in page.url
    assert outside_requests == []


def test_a_topic_page_link_restores_its_own_controls_language_and_map_view(open_page, server_url, outside_requests):
    page = open_page(1366, 900)
    view = View(30.0, -105.0, 6)
    page.goto(server_url + f"/deaths?countries=MEX,USA&map=hexagons&cause=Drowning&view={view.to_param()}&lang=es")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Desapariciones y muertes"
    map_view(page, view)  # the hexagon map, opened where the link says
    assert page.get_by_role("radio", name="Hexágonos").is_checked()
    assert page.locator(".st-key-deaths_causes").get_by_text("Ahogamiento").count() == 1
    page.get_by_text("Calor", exact=True).click()
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('map') === 'heat'", timeout=20_000)
    wait_for_app(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query["cause"] == ["Drowning"] and query["countries"] == ["MEX,USA"] and query["lang"] == ["es"]
    page.reload()
    wait_for_app(page)
    assert page.get_by_role("radio", name="Calor").is_checked()
    page.screenshot(path=str(ARTIFACTS / "link-deaths-heat-es.png"))
    assert outside_requests == [], outside_requests
