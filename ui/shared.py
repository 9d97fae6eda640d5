"""What every viewer of the same view shares: a map built once per process, not once per page run.

When a room opens the same link, every session asks for the same map (same
page, filters, language, map view and data). Building it, rendering it to the
Leaflet script streamlit-folium sends, copying it for the download and reading
its table cost far more than Streamlit's own run, so `show_map` does all of
that once per view and data version and keeps the result for every session:

- the component arguments `st_folium` computes (the payload the browser gets,
  byte for byte the same as calling `st_folium` on the map),
- a snapshot of the map for the HTML download and the table beneath it,
- the table's row count and pages, each read once.

`chart(build, *args)` does the same for an Altair chart: built once per inputs
and language, and turned into its Vega-Lite spec once (Streamlit converts a
chart under one process-wide lock, so every session waited on every other).
`value(compute, *args)` does it for anything else a page shows (figures, lines
of text, tables), and `arrow(frame)` turns a shared table into the Arrow table
st.dataframe sends, once. A page run then costs little beyond Streamlit's own.

Entries are immutable once built and shared across threads; a new data version
(`ui.data.version()`) makes new keys, and old entries age out of the bounded cache.
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
import streamlit_folium
from streamlit import dataframe_util
from streamlit.elements import vega_charts
from streamlit_folium import st_folium

from i18n import current_language
from mapping import standalone, tables
from mapping.view import add_view_sync
from ui import data, linked

MAX_MAPS = 64  # distinct views kept per process (a scene, a page with its default filters, ...)

# st_folium computes its component arguments and hands them to a module-level function;
# `_capture` lets one thread collect them instead of drawing (other sessions draw as usual).
_capture = threading.local()
_draw_component = getattr(streamlit_folium._component_func, "corredor_draws", streamlit_folium._component_func)


def _component(**kwargs):
    sink = getattr(_capture, "sink", None)
    if sink is None:
        return _draw_component(**kwargs)
    sink.update(kwargs)
    return kwargs.get("default")


_component.corredor_draws = _draw_component
streamlit_folium._component_func = _component


@dataclass(frozen=True)
class SharedMap:
    """One view's map, ready to draw for any session: never changed after it is built."""

    component: dict[str, Any]  # st_folium's arguments to its component, but the height
    snapshot: Any  # the map before st_folium renamed it: for the download and the table
    _memo: dict = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def draw(self, height: int) -> None:
        _draw_component(**{**self.component, "height": height})

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value derived from the snapshot, computed once (the table's length and pages)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]


def _prepare(m, key: str) -> SharedMap:
    """The map's snapshot, then what st_folium would send for it (which renames the map's elements)."""
    snapshot = standalone.snapshot(m)
    _capture.sink = captured = {}
    try:
        st_folium(m, height=0, use_container_width=True, returned_objects=[], key=key)
    finally:
        _capture.sink = None
    del captured["height"]
    return SharedMap(component=captured, snapshot=snapshot)


@st.cache_resource(show_spinner=False, max_entries=MAX_MAPS)
def _shared_map(key: str, view: tuple, link_view, version, _build: Callable) -> SharedMap:
    return _prepare(add_view_sync(_build(), link_view), key)


def show_map(view: tuple, build: Callable[[], Any], *, height: int, key: str):
    """Draw the map of `view` (everything the map depends on but the data version and the link's
    map view, e.g. page, filters, language) built by `build()` on first use; return its snapshot
    for `downloads.below_map`."""
    from ui import presenter

    link_view = presenter.link_view()
    shared = _shared_map(key, view, link_view, data.version(), _build=build)
    shared.draw(height)
    _SNAPSHOTS[id(shared.snapshot)] = shared
    return shared.snapshot


# The snapshot a page got from show_map -> its shared entry, so the table under
# the map is read once per map; an entry dropped from the cache drops out of here too.
_SNAPSHOTS: weakref.WeakValueDictionary[int, SharedMap] = weakref.WeakValueDictionary()


def _entry(m) -> SharedMap | None:
    shared = _SNAPSHOTS.get(id(m))
    return shared if shared is not None and shared.snapshot is m else None


def feature_count(m) -> int:
    shared = _entry(m)
    return tables.feature_count(m) if shared is None else shared.memo(("count",), lambda: tables.feature_count(m))


def map_table(m, start: int, stop: int) -> pd.DataFrame:
    shared = _entry(m)
    if shared is None:
        return tables.map_table(m, start, stop)
    return shared.memo(("table", start, stop), lambda: tables.map_table(m, start, stop)).copy(deep=False)


def map_table_shown(m, start: int, stop: int) -> pa.Table:
    """Rows `start` to `stop` of the map's table as the page shows them (without the illustrative column
    when no row is illustrative), as the Arrow table st.dataframe sends: made once per shared map."""

    def shown() -> pa.Table:
        table = tables.map_table(m, start, stop)
        if not table["illustrative"].any():
            table = table.drop(columns="illustrative")
        return dataframe_util.convert_pandas_df_to_arrow_table(table)

    shared = _entry(m)
    return shown() if shared is None else shared.memo(("shown", start, stop), shown)


# ---------------------------------------------------------------- tables

# st.dataframe turns a pandas frame into Arrow on every call; a shared frame is turned once.
_ARROW: dict[int, tuple[weakref.ref, pa.Table]] = {}


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A shared, read-only frame (from `value`) as the Arrow table st.dataframe sends for it, converted
    once while the frame lives (slice it with `.slice(offset, length)`: no copy)."""
    key = id(frame)
    held = _ARROW.get(key)
    if held is not None and held[0]() is frame:
        return held[1]
    table = dataframe_util.convert_pandas_df_to_arrow_table(frame)
    _ARROW[key] = (weakref.ref(frame, lambda _ref: _ARROW.pop(key, None)), table)
    return table


# ---------------------------------------------------------------- charts

# Streamlit turns an Altair chart into its spec on every st.altair_chart; for a shared chart the
# spec made when it was built is handed out instead (a copy: Streamlit adds to the spec it gets).
_convert_chart = getattr(vega_charts._convert_altair_to_vega_lite_spec, "corredor_converts", vega_charts._convert_altair_to_vega_lite_spec)
_SPECS: dict[int, tuple[weakref.ref, dict]] = {}


def _converted(chart) -> dict:
    held = _SPECS.get(id(chart))
    if held is not None and held[0]() is chart:
        return copy.deepcopy(held[1])
    return _convert_chart(chart)


_converted.corredor_converts = _convert_chart
vega_charts._convert_altair_to_vega_lite_spec = _converted


def chart(build: Callable, *args, pick: str | None = None):
    """`build(*args)`: an Altair chart built, and converted for the browser, once per inputs, language and
    data version, then shared by every session (never change it: add to a copy). `pick`: the field a
    click selects (`linked.pickable`), for a chart that filters the page."""
    return _chart(build, _name(build), args, current_language(), data.version(), pick)


@st.cache_resource(show_spinner=False, max_entries=256)
def _chart(_build: Callable, name: str, args: tuple, language: str, version, pick: str | None):
    chart = _build(*args)
    if pick is not None:
        chart = linked.pickable(chart, pick)
    key = id(chart)
    _SPECS[key] = (weakref.ref(chart, lambda _ref: _SPECS.pop(key, None)), _convert_chart(chart))
    return chart


# ---------------------------------------------------------------- values


@st.cache_resource(show_spinner=False, max_entries=512)
def _value(_compute: Callable, name: str, args: tuple, language: str, version):
    return _compute(*args)


def value(compute: Callable, *args):
    """`compute(*args)` once per inputs (hashable: tuples, strings, numbers), language and data version,
    shared by every session: what a page shows that is the same for every viewer of a view (figures,
    tables, labels). The result is read only: never change it, make a new one."""
    return _value(compute, _name(compute), args, current_language(), data.version())


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"
