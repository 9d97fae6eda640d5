"""Presenter mode, scenes and the QR code, run by Streamlit's AppTest.

AppTest reruns only the page of an st.navigation app, so one click is tested
through app.py (the link it leaves behind is then reopened), and several
steps through tests/apps/presenter_app.py (the sidebar and presenter
controls without the router).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.presenter
from registry import layers as registry
from ui.scenes_data import SCENES_FILE, load_scenes
from tests.apptest import open_app

HERE = Path(__file__).resolve().parent
APP = HERE.parent / "app.py"
PRESENTER_APP = HERE / "apps" / "presenter_app.py"
SCENES = load_scenes()
FIRST, SECOND, LAST = SCENES[0], SCENES[1], SCENES[-1]


def scene_menu(at):
    return next(s for s in at.sidebar.selectbox if s.label == "Scenes")


def start(script: Path = APP, query: dict | None = None) -> AppTest:
    return open_app(None, query, script=script)


def styles(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def map_args(at: AppTest) -> dict:
    """The arguments a page hands to streamlit-folium for its one map (its script and height)."""
    (component,) = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    return json.loads(component.proto.json_args)


def elements(node, kind: str) -> list:
    found = [node] if getattr(node, "type", None) == kind else []
    for child in getattr(node, "children", {}).values():
        found += elements(child, kind)
    return found


def bar_text(at: AppTest) -> str:
    """The bar's text as a reader sees it (the Markdown source has data escaped: `\\:`)."""
    return " ".join(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown)


# ---------------------------------------------------------------- presenter mode on and off


def test_presenter_mode_hides_the_chrome_and_shows_the_bar():
    at = start(query={"present": "1"})
    assert not at.exception
    assert {"presenter_prev", "presenter_next", "presenter_exit"} <= {b.key for b in at.button}
    css = styles(at)
    assert "[data-testid='stSidebar']" in css and "display:none" in css  # the sidebar and header are hidden
    assert "html{font-size:20px}" in css  # large type
    assert "[data-stale='true']{opacity:1" in css  # nothing greys out while a rerun runs
    assert map_args(at)["height"] == ui.presenter.PRESENTER_MAP_HEIGHT
    assert f"{len(SCENES)} scenes: press Next" in bar_text(at)


def test_without_present_there_is_no_bar_and_the_usual_map():
    at = start()
    assert not at.exception
    assert not {"presenter_prev", "presenter_next", "presenter_exit"} & {b.key for b in at.button}
    assert "html{font-size:20px}" not in styles(at)
    assert map_args(at)["height"] == 540
    assert [b.label for b in at.sidebar.button if b.key == "presenter_enter"] == ["Presenter mode"]


def test_the_sidebar_button_turns_presenter_mode_on_and_the_bar_turns_it_off():
    at = start(query={"countries": "PAN"})
    at = at.button(key="presenter_enter").click().run()
    assert at.query_params["present"] == "1"
    assert at.query_params["countries"] == "PAN"  # the rest of the link is kept
    at = start(query={"present": "1", "countries": "PAN"})
    at = at.button(key="presenter_exit").click().run()
    assert "present" not in at.query_params
    assert at.query_params["countries"] == "PAN"


# ---------------------------------------------------------------- stepping through scenes


def test_next_goes_to_the_first_scene_and_its_link_reopens_it():
    at = start(query={"present": "1"})
    at = at.button(key="presenter_next").click().run()
    assert not at.exception
    link = dict(at.query_params)
    assert link == {"present": "1", **FIRST.query()}
    reopened = start(query=link)
    assert not reopened.exception
    assert reopened.sidebar.multiselect[0].value == list(FIRST.countries)
    assert reopened.sidebar.slider[0].value == FIRST.years
    assert {t.label: t.value for t in reopened.sidebar.toggle} == {layer.title(): layer.key in FIRST.layers for layer in registry.MAP_LAYERS}
    assert FIRST.title in bar_text(reopened)
    assert f"Scene 1 of {len(SCENES)}" in bar_text(reopened)
    script = map_args(reopened)["script"]
    assert f"center: [{FIRST.view.lat}, {FIRST.view.lon}]" in script
    assert f'"zoom": {FIRST.view.zoom},' in script
    assert "fitBounds" not in script  # opened at the scene's view, not fitted to the countries


def test_a_scene_is_titled_in_the_links_language():
    at = start(query={"present": "1", "lang": "es", **FIRST.query()})
    assert not at.exception
    assert "El corredor del Darién, 2021–2025" in bar_text(at)
    assert FIRST.title not in bar_text(at)
    assert "Desde Necoclí y Capurganá" in bar_text(at)


@pytest.mark.parametrize("page", ["darien", "shelters", "deaths", "displacement"])
def test_every_topic_map_opens_at_the_view_in_its_link(page):
    at = open_app(page, {"view": "9.1,-79.5,8"}, check=True)
    script = map_args(at)["script"]
    assert "center: [9.1, -79.5]" in script and '"zoom": 8,' in script
    assert "fitBounds" not in script
    assert "Corredor.syncViewToLink(" in script  # moving it writes the view back into the link


@pytest.mark.parametrize("page", ["darien", "deaths"])
def test_a_topic_map_without_a_view_fits_itself(page):
    at = open_app(page)
    assert "fitBounds" in map_args(at)["script"]


def test_previous_from_the_first_scene_wraps_to_the_last_and_asks_for_its_page():
    at = start(query={"present": "1", **FIRST.query()})
    at = at.button(key="presenter_prev").click().run()
    assert at.query_params["scene"] == LAST.id
    assert at.query_params["view"] == LAST.view.to_param()
    assert at.session_state["presenter_pending_page"] == LAST.page  # app.py switches to it on the next run
    assert LAST.page != "overview"


def test_next_twice_steps_through_the_scenes_in_order():
    at = start(PRESENTER_APP, query={"present": "1"})
    at = at.button(key="presenter_next").click().run()
    at = at.button(key="presenter_next").click().run()
    assert not at.exception
    assert at.query_params["scene"] == SECOND.id
    assert at.session_state["filters"] == SECOND.filters
    assert SECOND.title in bar_text(at)
    at = at.button(key="presenter_prev").click().run()
    assert at.session_state["filters"] == FIRST.filters


def test_picking_a_scene_in_the_sidebar_applies_it():
    at = start(PRESENTER_APP)
    at = scene_menu(at).select(SECOND.id).run()
    assert not at.exception
    assert at.query_params["scene"] == SECOND.id
    assert at.session_state["filters"] == SECOND.filters
    assert scene_menu(at).value == SECOND.id


def test_a_bare_scene_link_opens_the_whole_scene():
    at = start(query={"scene": "border-deaths"})
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["MEX", "USA"]
    assert at.sidebar.slider[0].value == (2014, 2025)
    assert at.query_params["view"] == "29.5,-106.5,6"
    assert "center: [29.5, -106.5]" in map_args(at)["script"]


def test_a_link_with_an_unknown_scene_or_a_bad_view_still_opens():
    at = start(query={"scene": "no-such-scene", "view": "123,456,99", "countries": "PAN"})
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["PAN"]
    assert "fitBounds" in map_args(at)["script"]  # the bad view is ignored: the map fits Panama


def test_choosing_other_countries_by_hand_drops_the_view_and_the_scene():
    at = start(PRESENTER_APP, query=FIRST.query())
    at = at.sidebar.multiselect[0].set_value(["MEX"]).run()
    assert not at.exception
    assert "view" not in at.query_params and "scene" not in at.query_params  # the map fits Mexico again
    assert at.query_params["countries"] == "MEX"


def test_changing_only_the_years_keeps_the_view_but_not_the_scene():
    at = start(PRESENTER_APP, query=FIRST.query())
    at = at.sidebar.slider[0].set_range(2022, 2023).run()
    assert at.query_params["view"] == FIRST.view.to_param()
    assert "scene" not in at.query_params


def test_a_bad_scenes_file_is_reported_not_raised(tmp_path, monkeypatch):
    bad = tmp_path / "scenes.toml"
    bad.write_text(SCENES_FILE.read_text(encoding="utf-8").replace("view = { lat = 8.45, lon = -77.35, zoom = 9 }", "view = { lat = 8.45, lon = -77.35, zoom = 40 }", 1), encoding="utf-8")
    monkeypatch.setattr(ui.presenter, "SCENES_FILE", bad)
    at = start(PRESENTER_APP, query={"present": "1"})
    assert not at.exception
    (error,) = at.sidebar.error
    assert str(bad) in error.value and "'darien-2021-2025'" in error.value and "field 'view'" in error.value
    assert [s.label for s in at.sidebar.selectbox] == ["Language"]  # no scenes offered
    assert at.button(key="presenter_next").disabled


# ---------------------------------------------------------------- the QR code


def test_the_qr_dialog_shows_the_code_and_the_link_without_presenter_mode():
    href = "http://192.168.1.20:8501/?countries=COL%2CPAN&present=1&view=8.6,-77.1,10&scene=darien-2021-2025"
    at = start(PRESENTER_APP, query={"qr_test_href": href})
    assert not at.exception
    (dialog,) = elements(at._tree, "dialog")
    (image,) = elements(dialog, "image")
    (code,) = elements(dialog, "code")
    assert code.value == "http://192.168.1.20:8501/?countries=COL,PAN&view=8.6,-77.1,10&scene=darien-2021-2025"
    assert image.proto.imgs[0].url  # served as a PNG by Streamlit's media server
