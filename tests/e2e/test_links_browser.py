"""A shared link opens the same view, even as the first request a fresh server gets."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import free_port, start_server
from tests.e2e.pages import wait_for_app

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
    page = open_page(1366, 768)
    page.goto(fresh_server_url + f"/{path}?countries=HND&years=2015-2024")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == title
    assert page.locator('[data-testid="stDialog"]').count() == 0  # no "Page not found"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Honduras").count() == 1  # the filters came from the link
    assert "countries=HND" in page.url and "years=2015-2024" in page.url
    assert outside_requests == []
