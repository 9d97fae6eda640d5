"""Scenes, view links, presenter mode and the QR code in a real browser (outside hosts blocked)."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import CENTRE, MAP_IFRAME, assert_clean, link_view, map_frame, map_view, visit, wait_for_app
from ui.public_address import shared_link
from ui.scenes_data import find, load_scenes, qr_png, share_link

pytestmark = pytest.mark.browser

SCENES = load_scenes()
FIRST, SECOND, LAST = SCENES[0], SCENES[1], SCENES[-1]
def drag_map(page, dx: int, dy: int) -> None:
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=5)
    page.mouse.move(x + dx, y + dy, steps=5)
    page.mouse.up()


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def test_a_scene_link_restores_page_filters_and_map_view(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + FIRST.link(), 1366, 768)
    assert page.locator("h1").first.inner_text() == "Migration in the Americas"
    _, drawn = map_frame(page)
    map_view(page, FIRST.view)
    assert "Disaster displacement zones" not in drawn and drawn["Migration routes"] > 0  # the scene's layers
    assert sidebar(page).get_by_text("Colombia").count() == 1 and sidebar(page).get_by_text("Panama").count() == 1
    assert sidebar(page).get_by_text("2021", exact=True).count() == 1 and sidebar(page).get_by_text("2025", exact=True).count() == 1
    # a scene on another page opens that page with its filters
    page.goto(server_url + LAST.link())
    wait_for_app(page)
    page.wait_for_selector("h1:has-text('Darién corridor')")
    assert sidebar(page).get_by_text("2019", exact=True).count() == 1
    assert_clean(page, outside_requests)


def test_moving_the_map_puts_the_view_in_the_link_and_reloading_restores_it(open_page, server_url, outside_requests):
    page = open_page(1366, 768)
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(server_url + "/?countries=PAN&layers=routes")
    wait_for_app(page)
    frame, _ = map_frame(page)
    page.wait_for_timeout(1000)
    assert link_view(page) is None  # opening the map does not write a view
    sent.clear()
    drag_map(page, -220, 90)
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("() => window.location.search.includes('view=')", timeout=10_000)
    page.wait_for_timeout(800)
    assert sent == [], "moving the map sent a message to the server (a rerun)"
    lat, lon, zoom = frame.evaluate(CENTRE)
    view = link_view(page)
    assert (view.lat, view.lon, view.zoom) == (round(lat, 4), round(lon, 4), zoom)
    assert "countries=PAN" in page.url and "layers=routes" in page.url  # the rest of the link is kept
    page.reload()
    wait_for_app(page)
    map_view(page, view)
    assert_clean(page, outside_requests)


def test_presenter_mode_steps_through_scenes_and_shows_a_qr_code(open_page, server_url, outside_requests):
    page = visit(open_page, server_url + FIRST.link() + "&present=1", 1920, 1080)
    map_view(page, FIRST.view)
    bar = page.locator(".st-key-presenter_bar")
    assert bar.get_by_text(FIRST.title).is_visible()
    assert sidebar(page).is_hidden() and page.locator('[data-testid="stHeader"]').is_hidden()
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["height"] >= 650 and box["y"] + box["height"] <= 1080, box  # a big map, all on screen
    assert box["width"] >= 1800
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "presenter-1920.png"))

    page.locator("h1").first.click()  # focus on the page, not in the map (where the arrows pan)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => window.location.search.includes('scene={SECOND.id}')", timeout=30_000)
    wait_for_app(page)
    map_view(page, SECOND.view)
    assert bar.get_by_text(SECOND.title).is_visible()
    assert parse_qs(urlsplit(page.url).query)["countries"] == [",".join(SECOND.countries)]

    # the QR code carries the view on the screen, moved since the scene opened
    drag_map(page, 300, -120)
    page.wait_for_function(f"() => !window.location.search.includes('view={SECOND.view.to_param().replace(',', '%2C')}')", timeout=10_000)
    page.wait_for_function("() => window.location.search.includes('view=')")
    moved = link_view(page)
    assert moved != SECOND.view
    page.locator(".st-key-presenter_qr .corredor-qr-button").click()
    dialog = page.locator('[data-testid="stDialog"]')
    image = dialog.locator("img")
    image.wait_for(timeout=45_000)  # a loaded machine may take a while to rerun
    page.wait_for_function("() => { const i = document.querySelector('[data-testid=stDialog] img'); return i && i.complete && i.naturalWidth > 0; }")
    link = dialog.locator("code").inner_text().strip()
    assert link == shared_link(share_link(page.url)).link  # opened through 127.0.0.1: the network address
    assert "present=" not in link and f"view={moved.to_param()}" in link and f"scene={SECOND.id}" in link
    served = page.request.get(image.get_attribute("src") if image.get_attribute("src").startswith("http") else server_url + "/" + image.get_attribute("src").lstrip("/"))
    # the code shown encodes exactly that link: module for module (Streamlit may re-encode the image)
    shown, expected = (Image.open(io.BytesIO(png)).convert("L").point(lambda v: 255 if v >= 128 else 0) for png in (served.body(), qr_png(link)))
    assert shown.size == expected.size and shown.tobytes() == expected.tobytes()
    assert image.bounding_box()["width"] >= 400  # large, for the back of the room
    assert image.get_attribute("alt") == "QR code of the link below"  # a text alternative
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "presenter-qr-1920.png"))
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached", timeout=10_000)

    page.locator(".st-key-presenter_exit button").click()
    page.wait_for_function("() => !window.location.search.includes('present=')", timeout=30_000)
    sidebar(page).get_by_role("button", name="Presenter mode").wait_for(timeout=30_000)
    assert sidebar(page).is_visible()
    assert_clean(page, outside_requests)


PAGE_TITLES = {"overview": "La migración en las Américas", "darien": "Corredor del Darién"}  # each page's h1 in Spanish


def test_walking_through_every_scene_in_spanish_with_the_arrow_key(open_page, server_url, outside_requests):
    """From the first scene to the last and round again: each opens its page, filters and map view, titled in Spanish."""
    assert {scene.page for scene in SCENES} <= set(PAGE_TITLES)
    page = open_page(1920, 1080)
    page.goto(server_url + FIRST.link() + "&present=1&lang=es")
    bar = page.locator(".st-key-presenter_bar")
    for number, scene in enumerate(SCENES, start=1):
        page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('scene') === '{scene.id}'", timeout=30_000)
        wait_for_app(page)
        map_view(page, scene.view)
        query = parse_qs(urlsplit(page.url).query)
        assert query.get("countries", [""]) == [",".join(scene.countries)], scene.id
        assert query["lang"] == ["es"]
        assert page.locator("h1").first.inner_text() == PAGE_TITLES[scene.page], scene.id
        bar.get_by_text(f"Escena {number} de {len(SCENES)}").wait_for(timeout=10_000)
        assert scene.title not in bar.inner_text()  # the Spanish title, not the English one
        page.screenshot(path=str(ARTIFACTS / f"scene-{number}-{scene.id}-es.png"))
        page.locator("h1").first.click()  # focus on the page, not in the map (where the arrows pan)
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('scene') === '{FIRST.id}'", timeout=30_000)
    assert_clean(page, outside_requests)


def test_presenter_mode_at_phone_width(open_page, server_url, outside_requests):
    scene = find(SCENES, "border-deaths")
    page = visit(open_page, server_url + scene.link() + "&present=1", 390, 844)
    map_view(page, scene.view)
    assert page.locator(".st-key-presenter_bar").get_by_text(scene.title).is_visible()
    assert page.get_by_role("button", name="Next").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing spills sideways
    assert page.locator(MAP_IFRAME).bounding_box()["width"] >= 340
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "presenter-390.png"))
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "presenter-390-map.png"))
    assert_clean(page, outside_requests)
