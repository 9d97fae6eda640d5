"""Scenes, the map view in the link, shared links and QR codes: the pure parts.

Also the map side: a map opened at a view, and `Corredor.syncViewToLink`
run in Node against a fake map and a fake parent window.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import loaders
from mapping import assets
from mapping.elements import OfflineMap
from mapping.view import add_view_sync
from registry import pages as registry_pages
from ui.filters import from_query
from ui.scenes_data import (
    SCENES_FILE,
    ZOOM_MAX,
    ZOOM_MIN,
    ScenesError,
    View,
    find,
    load_scenes,
    page_path,
    parse_view,
    qr_png,
    share_link,
    step,
)

ROOT = Path(__file__).resolve().parent.parent
APP_PAGES = {page.key for page in registry_pages.PAGES}  # the router's pages (app.py builds them from the registry)


@pytest.fixture(scope="module")
def countries(bundled_gpkg):
    return loaders.read_layer("countries", path=bundled_gpkg)


@pytest.fixture(scope="module")
def shipped(countries):
    return load_scenes(pages=APP_PAGES, countries=set(countries["iso3"]))


# ---------------------------------------------------------------- view=lat,lon,zoom


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8.45,-77.35,9", View(8.45, -77.35, 9)),
        (" 8.45 , -77.35 , 9 ", View(8.45, -77.35, 9)),
        ("8.123456,-77.000049,9", View(8.1235, -77.0, 9)),  # rounded to 4 decimals
        ("-33,151,2", View(-33.0, 151.0, 2)),
        ("90,-180,12", View(90.0, -180.0, 12)),
    ],
)
def test_a_view_in_the_link_is_read(text, expected):
    assert parse_view(text) == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "8.45,-77.35", "8.45,-77.35,9,1", "a,b,9", "8.45,-77.35,x", "8.45,-77.35,9.5", "8.45,-77.35,-3",
     "nan,0,3", "inf,0,3", "1e3,0,3", "95,0,3", "-90.5,0,3", "0,180.01,3", "0,-200,3", "0,0,1", "0,0,13", "0,0,99999"],
)
def test_a_malformed_or_out_of_range_view_is_ignored(text):
    assert parse_view(text) is None


@pytest.mark.parametrize(
    "view, text",
    [(View(8.45, -77.35, 9), "8.45,-77.35,9"), (View(23.5, -102.0, 5), "23.5,-102,5"), (View(-0.00001, 0.0, 3), "0,0,3"), (View(8.12345678, -77.9, 9), "8.1235,-77.9,9")],
)
def test_a_view_is_written_short_and_reads_back(view, text):
    assert view.to_param() == text
    assert parse_view(text) == View(round(view.lat, 4) + 0.0, round(view.lon, 4) + 0.0, view.zoom)


def test_zoom_limits_are_the_maps():
    m = OfflineMap()
    assert (m.options["minZoom"], m.options["maxZoom"]) == (ZOOM_MIN, ZOOM_MAX)


# ---------------------------------------------------------------- the shipped scenes


def test_at_least_six_scenes_ship_and_they_check(shipped):
    assert len(shipped) >= 6
    assert len({s.id for s in shipped}) == len(shipped)
    assert {s.page for s in shipped} <= APP_PAGES
    assert all(s.title and s.caption for s in shipped)


def test_scene_centres_lie_in_their_countries(shipped, countries):
    for scene in shipped:
        if not scene.countries:
            continue
        minx, miny, maxx, maxy = countries[countries["iso3"].isin(scene.countries)].total_bounds
        assert miny <= scene.view.lat <= maxy and minx <= scene.view.lon <= maxx, scene.id


def test_the_places_named_in_the_scenes_file_are_real_places():
    """Every '(lat, lon)' in the file's comments is a place of geodata/sources/places.csv, exactly."""
    with open(ROOT / "geodata" / "sources" / "places.csv", newline="", encoding="utf-8") as f:
        places = {(float(row["lat"]), float(row["lon"])): row["name"] for row in csv.DictReader(f)}
    comments = [line for line in SCENES_FILE.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    pairs = re.findall(r"\((-?\d+\.\d+), (-?\d+\.\d+)\)", "\n".join(comments))
    assert len(pairs) >= 10
    for lat, lon in pairs:
        assert (float(lat), float(lon)) in places, (lat, lon)


def test_a_scene_link_carries_page_filters_view_and_scene(shipped):
    darien = find(shipped, "darien-2021-2025")
    assert darien.link() == "/?countries=COL,PAN&years=2021-2025&layers=routes,shelters,incidents&view=8.45,-77.35,9&scene=darien-2021-2025"
    assert darien.link("http://localhost:8501/") == "http://localhost:8501" + darien.link()
    crossings = find(shipped, "darien-crossings")
    assert crossings.link().startswith("/darien?countries=COL,PAN&years=2019-2025&")
    rcm = find(shipped, "rcm-overview")
    assert "layers=" not in rcm.link() and "years=" not in rcm.link()  # defaults are left out, as the sidebar does


def test_a_scene_link_reopens_the_scenes_filters_and_view(shipped, countries):
    for scene in shipped:
        query = scene.query()
        assert from_query(query, set(countries["iso3"])) == scene.filters, scene.id
        assert parse_view(query["view"]) == scene.view
        assert query["scene"] == scene.id


def test_a_scenes_language_goes_into_its_link(tmp_path):
    path = write_scenes(tmp_path, scene(lang="es"))
    (only,) = load_scenes(path)
    assert only.lang == "es"
    assert only.link().endswith("&scene=test-scene&lang=es")
    (plain,) = load_scenes(write_scenes(tmp_path, scene()))
    assert "lang=" not in plain.link()


def test_page_paths():
    assert page_path("overview") == "/"
    assert page_path("") == "/"
    assert page_path("darien") == "/darien"


def test_stepping_wraps_round_and_starts_from_either_end(shipped):
    first, second, last = shipped[0], shipped[1], shipped[-1]
    assert step(shipped, None, 1) == first
    assert step(shipped, "no-such-scene", 1) == first
    assert step(shipped, None, -1) == last
    assert step(shipped, first.id, 1) == second
    assert step(shipped, second.id, -1) == first
    assert step(shipped, last.id, 1) == first
    assert step(shipped, first.id, -1) == last
    assert step((), None, 1) is None


# ---------------------------------------------------------------- a bad scenes file


def scene(**fields) -> dict:
    entry = {
        "id": "test-scene",
        "title": "Test",
        "page": "overview",
        "countries": ["PAN"],
        "years": [2020, 2024],
        "layers": ["routes"],
        "view": {"lat": 8.5, "lon": -80.0, "zoom": 7},
        "caption": "A test scene.",
    }
    entry.update(fields)
    return {k: v for k, v in entry.items() if v is not None}


def toml_value(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


def write_scenes(tmp_path: Path, *entries: dict, name: str = "scenes.toml") -> Path:
    path = tmp_path / name
    blocks = ["[[scene]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in e.items()) for e in entries]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "entry, field, words",
    [
        (scene(caption=None), "caption", "missing"),
        (scene(zoom=5), "zoom", "unknown field"),
        (scene(title=""), "title", "non-empty"),
        (scene(caption="one\ntwo"), "caption", "single line"),
        (scene(id="Darién 1"), "id", "lower-case"),
        (scene(page="nowhere"), "page", "not a page"),
        (scene(countries=["PAN", "XXX"]), "countries", "XXX"),
        (scene(countries="PAN"), "countries", "list of ISO3"),
        (scene(countries=["PAN", "PAN"]), "countries", "twice"),
        (scene(years=[2024, 2020]), "years", "run forwards"),
        (scene(years=[2005, 2020]), "years", "run forwards"),
        (scene(years=[2020]), "years", "[first, last]"),
        (scene(layers=["routes", "roads"]), "layers", "roads"),
        (scene(view={"lat": 8.5, "lon": -80.0}), "view", "zoom"),
        (scene(view={"lat": 8.5, "lon": -80.0, "zoom": 15}), "view", "zoom 15"),
        (scene(view={"lat": 98.5, "lon": -80.0, "zoom": 5}), "view", "latitude"),
        (scene(view={"lat": 8.5, "lon": -80.0, "zoom": 5.5}), "view", "whole number"),
        (scene(view={"lat": "8.5", "lon": -80.0, "zoom": 5}), "view", "numbers"),
        (scene(lang="Spanish"), "lang", "language code"),
    ],
)
def test_a_bad_scene_is_refused_naming_file_scene_and_field(tmp_path, entry, field, words):
    path = write_scenes(tmp_path, scene(id="fine-scene"), entry)
    with pytest.raises(ScenesError) as caught:
        load_scenes(path, pages=APP_PAGES, countries={"PAN", "COL"})
    message = str(caught.value)
    assert str(path) in message
    assert "scene 2" in message
    assert f"field {field!r}" in message
    assert words in message
    if isinstance(entry.get("id"), str):
        assert repr(entry["id"]) in message


def test_duplicate_ids_are_refused(tmp_path):
    path = write_scenes(tmp_path, scene(), scene(title="Another"))
    with pytest.raises(ScenesError, match=r"scene 2 \('test-scene'\), field 'id': 'test-scene' is already used"):
        load_scenes(path)


def test_an_unreadable_or_empty_file_is_refused_with_its_name(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[[scene]\nid = 'x'", encoding="utf-8")
    with pytest.raises(ScenesError, match="broken.toml: not valid TOML"):
        load_scenes(broken)
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(ScenesError, match="empty.toml: no scenes"):
        load_scenes(empty)
    with pytest.raises(ScenesError, match="missing.toml: cannot read"):
        load_scenes(tmp_path / "missing.toml")


# ---------------------------------------------------------------- shared links and QR codes


def test_a_shared_link_keeps_the_view_but_not_presenter_mode():
    href = "http://192.168.1.20:8501/deaths?countries=MEX%2CUSA&present=1&hazards=Storm&view=29.5,-106.5,6&scene=border-deaths&lang=es#top"
    assert share_link(href) == "http://192.168.1.20:8501/deaths?countries=MEX,USA&hazards=Storm&view=29.5,-106.5,6&scene=border-deaths&lang=es"


def test_a_shared_link_of_a_plain_page_has_no_query():
    assert share_link("http://localhost:8501/?present=1") == "http://localhost:8501/"
    assert share_link("https://corredor.example.org") == "https://corredor.example.org/"


@pytest.mark.parametrize("href", ["", "javascript:alert(1)", "file:///etc/passwd", "/relative?x=1", "http://"])
def test_only_web_addresses_are_shared(href):
    assert share_link(href) is None


def test_the_qr_code_is_a_png_of_the_link():
    import segno

    link = "http://192.168.1.20:8501/?countries=COL,PAN&view=8.45,-77.35,9&scene=darien-2021-2025"
    png = qr_png(link, scale=10)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    modules = segno.make(link, error="m", micro=False).symbol_size(scale=1, border=4)[0]
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == height == modules * 10
    assert qr_png(link) == png  # reproducible
    assert qr_png(link + "&lang=es") != png


# ---------------------------------------------------------------- the map opened at a view


def small_map():
    m = OfflineMap(location=[15, -80], zoom_start=3)
    m.fit_bounds([[-35.0, -117.0], [40.0, -40.0]])
    return m


def test_a_map_with_a_view_opens_there_instead_of_fitting():
    html = add_view_sync(small_map(), (8.45, -77.35, 9)).get_root().render()
    assert '"center": [8.45, -77.35]' in html or "center: [8.45, -77.35]" in html
    assert re.search(r'"zoom": 9\b', html)
    assert "fitBounds" not in html
    assert "Corredor.syncViewToLink(map_" in html
    assert assets.remote_assets(html) == []


def test_a_map_without_a_view_fits_and_still_syncs():
    html = add_view_sync(small_map(), None).get_root().render()
    assert "fitBounds" in html
    assert "Corredor.syncViewToLink(map_" in html


def test_a_map_with_a_view_renders_the_same_twice():
    first = add_view_sync(small_map(), (8.45, -77.35, 9)).get_root().render()
    second = add_view_sync(small_map(), (8.45, -77.35, 9)).get_root().render()
    assert first == second


NODE = shutil.which("node")
SYNC_HARNESS = textwrap.dedent(
    """
    const fs = require("fs"), vm = require("vm");
    const calls = [];
    const parent = {
      location: { search: process.argv[3], pathname: "/darien", hash: "#here" },
      history: { state: { s: 1 }, replaceState: (state, title, url) => calls.push([state, url]) },
    };
    const window = { parent };
    vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), { window });
    const listeners = {}, handlers = {};
    let centre = { lat: 0, lng: 0 }, zoom = 3;
    const map = {
      getContainer: () => ({ addEventListener: (type, fn) => { listeners[type] = fn; } }),
      on: (type, fn) => { handlers[type] = fn; },
      getCenter: () => ({ wrap: () => centre }),
      getZoom: () => zoom,
    };
    window.Corredor.syncViewToLink(map);
    handlers.moveend();                       // the map fitting itself: not the user's doing
    const before = calls.length;
    listeners.pointerdown();                  // the user grabs the map ...
    centre = { lat: 8.123456, lng: -77.000049 }; zoom = 9.4;
    handlers.moveend();                       // ... and moves it
    centre = { lat: -0.00001, lng: 12.5 }; zoom = 4;
    handlers.moveend();
    const throwing = { parent: { get location() { throw new Error("cross-origin"); }, history: {} } };
    vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), { window: throwing });
    throwing.Corredor.syncViewToLink(map);   // must not throw
    console.log(JSON.stringify({ before, calls }));
    """
)


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_moving_the_map_writes_the_view_into_the_parents_address(tmp_path):
    harness = tmp_path / "harness.js"
    harness.write_text(SYNC_HARNESS, encoding="utf-8")
    js = ROOT / "mapping" / "js" / "corredor-map.js"
    search = "?countries=COL%2CPAN&view=1,2,3&scene=darien-crossings"
    out = subprocess.run([NODE, str(harness), str(js), search], capture_output=True, text=True, timeout=30, check=True)
    result = json.loads(out.stdout)
    assert result["before"] == 0
    (state, first), (_, second) = result["calls"]
    assert state == {"s": 1}  # Streamlit's history entry is kept
    assert first == "/darien?countries=COL%2CPAN&scene=darien-crossings&view=8.1235,-77,9#here"
    # the fake parent's address does not change, so the old view= is replaced again, never repeated
    assert second == "/darien?countries=COL%2CPAN&scene=darien-crossings&view=0,12.5,4#here"
