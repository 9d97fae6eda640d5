"""Where maps open: on the selected data or a page's named focus, never on the Arctic; a scene's view wins."""

from __future__ import annotations

import re

import pytest

import loaders
from mapping import darien as darien_map
from mapping import framing
from mapping.view import add_view_sync
from tests.test_scenes import APP_PAGES
from ui.scenes_data import SCENES_FILE, load_scenes

PRESENTER_MAP = (1860, 700)  # px: the map on a 1920 × 1080 projector in presenter mode
PAGE_MAP_WIDTH = {"darien": 915}  # px: pages whose map shares the width with a column beside it
LEGEND_PX = 320  # px taken by the open legend on the right at presenter size
MARGIN_PX = 40  # px kept clear at the other edges (zoom buttons, scale bar)


@pytest.fixture(scope="module")
def places(bundled_gpkg):
    frame = loaders.read_layer("places", path=bundled_gpkg)
    return {row.name: (row.geometry.y, row.geometry.x) for row in frame.itertuples()}


def inside(box, point) -> bool:
    (south, west), (north, east) = box
    return south <= point[0] <= north and west <= point[1] <= east


def fitted_box(m):
    fits = [c for c in m._children.values() if isinstance(c, framing.FitToData)]
    return fits[0].bounds if fits else None


def test_the_rcm_preset_frames_the_routes_not_the_arctic(bundled_gpkg, places):
    countries = loaders.read_layer("countries", path=bundled_gpkg)
    rcm = sorted(countries.loc[countries["rcm_member"].fillna(False).astype(bool), "iso3"])
    assert len(rcm) == 11
    layers = [loaders.read_layer(name, path=bundled_gpkg, countries=rcm) for name in ("routes", "shelters", "incidents", "displacement_zones")]
    territory = countries[countries["iso3"].isin(rcm)].total_bounds
    assert territory[3] > 80  # Canada's territory reaches the Arctic...
    box = framing.frame(*layers, fallback=countries[countries["iso3"].isin(rcm)])
    assert box[1][0] <= framing.LIVED_AMERICAS[1][0]  # ...the frame does not
    for name in ("Ciudad de Panamá", "Tapachula", "Tijuana", "Matamoros", "Miami"):
        assert inside(box, places[name]), name
    assert box[1][0] - box[0][0] < 45  # Panama to the US-Canada border fill the map's height, not a strip at its bottom


def test_a_selection_without_data_falls_back_to_its_countries_cut_to_where_people_live(bundled_gpkg):
    countries = loaders.read_layer("countries", path=bundled_gpkg)
    canada = countries[countries["iso3"] == "CAN"]
    box = framing.frame(None, fallback=canada)
    assert box[1][0] == framing.LIVED_AMERICAS[1][0] and box[0][0] > 40


def test_one_point_is_shown_with_its_surroundings():
    box = framing.frame([[14.9, -92.26], [14.9, -92.26]])
    assert box == [[14.4, -92.76], [15.4, -91.76]]


def test_the_darien_page_opens_on_the_jungle_crossing(places):
    m = darien_map.build_darien_map(darien_map.DarienLayers(basemap={"type": "FeatureCollection", "features": []}, segments={"type": "FeatureCollection", "features": []}))
    box = fitted_box(m)
    assert box == framing.FOCUS["darien"]
    for name in ("Necoclí", "Turbo", "Capurganá", "Acandí", "Bajo Chiquito", "ERM Lajas Blancas", "ERM San Vicente (Metetí)"):
        assert inside(box, places[name]), name
    for name in ("Paso Canoas", "Ciudad de Panamá", "Medellín"):
        assert not inside(box, places[name]), name
    assert "Corredor.fitBounds(" in m.get_root().render()


def test_a_view_in_the_link_wins_over_the_fit():
    m = darien_map.build_darien_map(darien_map.DarienLayers(basemap={"type": "FeatureCollection", "features": []}, segments={"type": "FeatureCollection", "features": []}))
    add_view_sync(m, (8.45, -77.35, 9))
    assert fitted_box(m) is None
    assert "Corredor.fitBounds(" not in m.get_root().render()


def scene_places() -> dict[str, list[tuple[float, float]]]:
    """The '(lat, lon)' places named in the comments inside each scene's block of the scenes file."""
    found, current = {}, None
    for line in SCENES_FILE.read_text(encoding="utf-8").splitlines():
        if match := re.match(r'id = "([a-z0-9-]+)"', line.strip()):
            current = match.group(1)
            found[current] = []
        elif current and line.lstrip().startswith("#"):
            found[current] += [(float(a), float(b)) for a, b in re.findall(r"\((-?\d+\.\d+), (-?\d+\.\d+)\)", line)]
    return found


def test_every_scene_shows_the_places_it_names_clear_of_the_legend(bundled_gpkg):
    countries = loaders.read_layer("countries", path=bundled_gpkg)
    scenes = load_scenes(pages=APP_PAGES, countries=set(countries["iso3"]))
    named = scene_places()
    assert {s.id for s in scenes} == set(named)
    for scene in scenes:
        width, height = PAGE_MAP_WIDTH.get(scene.page, PRESENTER_MAP[0]), PRESENTER_MAP[1]
        view = (scene.view.lat, scene.view.lon, scene.view.zoom)
        shown = framing.visible_box(view, width, height)
        assert shown[1][0] <= 62, scene.id  # never the Arctic
        # what is left once the legend (right) and the controls (other edges) are taken off
        clear = framing.visible_box(view, width - 2 * (LEGEND_PX + MARGIN_PX), height - 2 * MARGIN_PX)
        clear[0][1] = shown[0][1] + (shown[1][1] - shown[0][1]) * MARGIN_PX / width
        for point in named[scene.id] or [(scene.view.lat, scene.view.lon)]:
            assert inside(clear, point), (scene.id, point)
