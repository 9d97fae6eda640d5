"""A map is built once per view and shared by every session; what the browser gets does not change.

Run through Streamlit's AppTest (the real script runner and caches). Each
test starts from empty caches.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import mapping.overview
import ui.data
from ui import shared
from tests.apptest import open_app

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def builds(monkeypatch):
    """Counts the Overview maps built, from empty caches."""
    st.cache_resource.clear()
    st.cache_data.clear()
    made = []
    real = mapping.overview.build_overview_map

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(mapping.overview, "build_overview_map", counting)
    yield made
    st.cache_resource.clear()


open_overview = functools.partial(open_app, None)


def map_args(at: AppTest) -> dict:
    (component,) = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    return json.loads(component.proto.json_args)


def test_sessions_opening_the_same_view_share_one_map_and_get_the_same_payload(builds):
    first, second = open_overview({"countries": "COL,PAN"}), open_overview({"countries": "COL,PAN"})
    assert not first.exception and not second.exception
    assert len(builds) == 1
    assert map_args(first) == map_args(second)
    assert "Corredor.syncViewToLink" in map_args(first)["script"]


def test_another_view_language_or_data_version_builds_its_own_map(builds, monkeypatch):
    colombia = map_args(open_overview({"countries": "COL"}))
    mexico = map_args(open_overview({"countries": "MEX"}))
    assert len(builds) == 2 and colombia["script"] != mexico["script"]
    open_overview({"countries": "COL", "lang": "es"})
    assert len(builds) == 3
    at = open_overview({"countries": "COL", "view": "8.5,-77.5,8"})  # the link's map view
    assert len(builds) == 4 and map_args(at)["script"] != colombia["script"]
    path, mtime = ui.data.version()
    monkeypatch.setattr(ui.data, "version", lambda: (path, mtime + 1))  # an import wrote the data
    open_overview({"countries": "COL"})
    assert len(builds) == 5


def test_the_shared_payload_is_what_st_folium_sends_for_the_map():
    """Byte for byte the arguments st_folium would hand its component (the payload does not grow)."""
    from mapping.view import add_view_sync

    def built():
        layers = mapping.overview.OverviewLayers(
            basemap={"type": "FeatureCollection", "features": []}, selected=[], incident_display={}, has_demo_incidents=False,
        )
        return add_view_sync(mapping.overview.build_overview_map(layers), (8.5, -77.5, 8))

    prepared = shared._prepare(built(), "overview_map").component
    direct = {}
    shared._capture.sink = direct
    try:
        from streamlit_folium import st_folium

        st_folium(built(), height=540, use_container_width=True, returned_objects=[], key="overview_map")
    finally:
        shared._capture.sink = None
    assert direct.pop("height") == 540
    drop = {"on_change"}  # a callback: not sent to the browser
    assert {k: v for k, v in prepared.items() if k not in drop} == {k: v for k, v in direct.items() if k not in drop}


def test_the_table_under_a_shared_map_is_read_once_and_a_page_cannot_change_it():
    from mapping.view import add_view_sync

    layers = mapping.overview.OverviewLayers(
        basemap={"type": "FeatureCollection", "features": []}, selected=[], overlays={"routes": ui.data.feature_collection("routes", None, None, "en")},
        incident_display={}, has_demo_incidents=False,
    )
    entry = shared._prepare(add_view_sync(mapping.overview.build_overview_map(layers)), "overview_map")
    shared._SNAPSHOTS[id(entry.snapshot)] = entry
    first = shared.map_table(entry.snapshot, 0, 250)
    assert len(first) == shared.feature_count(entry.snapshot) > 0
    first.loc[first.index[0], first.columns[0]] = "changed by a page"
    assert shared.map_table(entry.snapshot, 0, 250).iloc[0, 0] != "changed by a page"


def test_a_shared_chart_is_built_and_converted_once_and_streamlit_gets_the_same_spec():
    import altair as alt
    import pandas as pd
    from streamlit.elements import vega_charts

    st.cache_resource.clear()
    built = []

    def bars(values, title):
        built.append(1)
        return alt.Chart(pd.DataFrame({"year": [2021, 2022, 2023], "n": values})).mark_bar().encode(x="year:O", y="n:Q").properties(title=title)

    first, again = shared.chart(bars, [3, 5, 8], "Crossings"), shared.chart(bars, [3, 5, 8], "Crossings")
    assert first is again and len(built) == 1
    other = shared.chart(bars, [3, 5, 9], "Crossings")  # other data: its own chart
    assert other is not first and len(built) == 2
    handed = vega_charts._convert_altair_to_vega_lite_spec(first)  # what st.altair_chart uses
    assert handed == shared._convert_chart(bars([3, 5, 8], "Crossings"))  # as if converted on the spot
    handed["title"] = "changed by Streamlit"
    assert vega_charts._convert_altair_to_vega_lite_spec(first)["title"] != "changed by Streamlit"
