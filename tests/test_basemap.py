"""The offline basemap: built files, detail by zoom, names by language, out of the per-run map payload."""

from __future__ import annotations

import json
import re

import pytest

from i18n import set_language
from mapping import assets, basemap, standalone
from mapping.darien import DarienLayers, build_darien_map

EMPTY = {"type": "FeatureCollection", "features": []}
NECOCLI = (-76.786, 8.4234)  # lon, lat


@pytest.fixture(scope="module")
def built():
    basemap.build(assets.STATIC_DIR)  # nothing to do when setup has built it
    return assets.STATIC_DIR / basemap.FOLDER / basemap.version()


def read(folder, name):
    return json.loads((folder / name).read_text(encoding="utf-8"))


def points(line, scale):
    x = y = 0
    out = []
    for i in range(0, len(line), 2):
        x += line[i]
        y += line[i + 1]
        out.append((x / scale, y / scale))
    return out


def vertices_near(data, lon, lat, radius=1.0):
    """Coast vertices within `radius` degrees of (lon, lat)."""
    return sum(1 for line in data["coast"] for x, y in points(line, data["scale"]) if abs(x - lon) < radius and abs(y - lat) < radius)


def test_detail_follows_the_zoom_around_the_gulf_of_uraba(built):
    index = read(built, "index.json")
    assert [index[level]["firstZoom"] for level in ("0", "1", "2")] == [0, 5, 8]
    size = index["2"]["tileDegrees"]
    tile = f"{int(NECOCLI[0] // size)}_{int(NECOCLI[1] // size)}"
    assert tile in index["2"]["tiles"]
    coarse = vertices_near(read(built, "level0.json"), *NECOCLI)
    fine = vertices_near(read(built, f"level2/{tile}.json"), *NECOCLI)
    assert 0 < coarse * 10 < fine  # the finest level draws the coast with many times the points
    fine_tile = read(built, f"level2/{tile}.json")
    assert fine_tile["rivers"] and fine_tile["admin1"] and fine_tile["borders"]  # the Atrato, Colombia's departments, the Panama border
    assert fine_tile["land"] and "land" not in read(built, "level0.json")  # land only close up, under the fine coast


def test_every_line_stays_in_its_tile(built):
    index = read(built, "index.json")
    size = index["2"]["tileDegrees"]
    key = index["2"]["tiles"][len(index["2"]["tiles"]) // 2]
    i, j = map(int, key.split("_"))
    data = read(built, f"level2/{key}.json")
    lines = [line for name in basemap.LAYERS[2] if name not in ("lakes", "land") for line in data[name]]
    lines += [ring for name in ("lakes", "land") for polygon in data[name] for ring in polygon]
    coords = [p for line in lines for p in points(line, data["scale"])]
    assert coords
    assert all(i * size - 1e-4 <= x <= (i + 1) * size + 1e-4 and j * size - 1e-4 <= y <= (j + 1) * size + 1e-4 for x, y in coords)


@pytest.mark.parametrize(
    "language, country, capital",
    [("en", "Panama", "Panama City"), ("es", "Panamá", "Ciudad de Panamá"), ("fr", "Panama", "Panama"), ("pt", "Panamá", "Cidade do Panamá")],
)
def test_countries_and_capitals_are_named_in_the_readers_language(built, language, country, capital):
    data = read(built, f"countries-{language}.json")
    panama = next(c for c in data["countries"] if c["iso3"] == "PAN")
    assert panama["name"] == country
    assert panama["brief_href"] == f"/country?iso3=PAN&lang={language}"  # a click opens the country's brief
    labels = {round(lat): name for lat, _lon, name, _zoom in data["capitals"]}
    assert labels[9] == capital


def test_the_countries_no_longer_travel_inside_the_map(built):
    set_language("es")
    try:
        m = build_darien_map(DarienLayers(basemap=EMPTY, segments=EMPTY, selected=["PAN"]))
        html = m.get_root().render()
    finally:
        set_language("en")
    call = re.search(r"Corredor\.basemap\(\w+, (\{.*?\})\);", html)
    assert call, "the map does not draw the basemap"
    spec = json.loads(call.group(1))
    assert spec["url"] == f"{assets.DEFAULT_BASE_URL}basemap/{basemap.version()}/"
    assert spec["language"] == "es"
    assert spec["name"] == "Países"
    assert any("PAN" in rule["values"] for rule in spec["countryStyle"]["by"])  # the selected country stands out
    assert "brief_href" not in html and "Guatemala" not in html  # no country shape or name in the payload
    assert assets.BASEMAP_JS in html


def test_a_saved_map_carries_its_basemap(built):
    m = build_darien_map(DarienLayers(basemap=EMPTY, segments=EMPTY))
    page = standalone.standalone_html(m, title="Darién", data_date="2025-04-29", sources=["Natural Earth"])
    assert "Panama City" in page and '"level0.json"' in page and '"countries-en.json"' in page
    assert "function basemap(" in page  # the drawing code is inlined too
    assets.assert_offline(page)


def test_the_build_is_skipped_when_its_files_are_there(built):
    assert basemap.build(assets.STATIC_DIR) is False
    assert (built / "index.json").is_file()
