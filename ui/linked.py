"""A page's own controls in the link, so a copied link reopens them too.

The sidebar owns `countries`, `years` and `layers`; the language, the map view,
the scene and presenter mode have their own keys. Each page control passed to
`control` is mirrored into one more key, for example
`/deaths?map=heat&cause=Drowning&cause=Violence`: a list is written as one
value per repeated key (values such as causes of death contain commas).

When the page starts, the control takes its value from the link, dropping
anything the page does not offer; from then on the control rules and the link
follows it. Values equal to the default are left out of the link.
"""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

MAX_TEXT = 200  # a search box's text in a link is cut to this many characters


def control(key: str, name: str, default, options: Collection | None = None):
    """Call just before drawing the widget with `key` (and no default of its own).

    `name` is its key in the link; `default` its value when the link has none
    (its type says how the value is read: list, bool, int or str); `options`,
    when given, the values it may take. Returns the control's current value.
    """
    if key not in st.session_state:
        st.session_state[key] = _from_link(name, default, options)
    elif options is not None and not _allowed(st.session_state[key], options):
        st.session_state[key] = _keep_allowed(st.session_state[key], default, options)
    _to_link(name, st.session_state[key], default)
    return st.session_state[key]


def params() -> dict[str, str | list[str]]:
    """Every parameter of the current link, repeated keys as lists (`st.query_params.to_dict()` keeps only the last)."""
    return {k: (values if len(values) > 1 else values[0]) for k in st.query_params for values in [st.query_params.get_all(k)]}


def _from_link(name: str, default, options: Collection | None):
    raw = st.query_params.get_all(name)
    if not raw:
        return default
    if isinstance(default, list):
        if raw == [""] and (options is None or "" not in options):
            return []  # written for a list emptied on purpose
        values = list(dict.fromkeys(v for v in raw if options is None or v in options))
        return values if values or raw == [""] else default
    text = raw[-1]
    if isinstance(default, bool):
        return {"1": True, "0": False}.get(text, default)
    if isinstance(default, int):
        value = int(text) if text.lstrip("-").isdigit() else None
    else:
        value = text[:MAX_TEXT]
    if value is None or (options is not None and value not in options):
        return default
    return value


def _allowed(value, options: Collection) -> bool:
    if isinstance(value, list):
        return all(v in options for v in value)
    return value in options


def _keep_allowed(value, default, options: Collection):
    """The part of `value` the page still offers (after the options changed), else the default."""
    if isinstance(value, list):
        return [v for v in value if v in options]
    return default


def _is_default(value, default) -> bool:
    if isinstance(value, list) and isinstance(default, list):
        return set(value) == set(default) and len(value) == len(default)  # the same choices in any order
    return value == default


def _to_link(name: str, value, default) -> None:
    if value is None or _is_default(value, default):
        if name in st.query_params:
            del st.query_params[name]
        return
    if isinstance(value, list):
        wanted = [str(v) for v in value] or [""]
    elif isinstance(value, bool):
        wanted = ["1" if value else "0"]
    else:
        wanted = [str(value)]
    if st.query_params.get_all(name) != wanted:
        st.query_params[name] = wanted if len(wanted) > 1 else wanted[0]


# --- chart clicks as filters ---------------------------------------------------------

PICK = "pick"  # name of the click selection a filtering chart carries


def pickable(chart, field: str):
    """`chart` with a click selection of `field` on its marks (for st.altair_chart(..., on_select="rerun"))."""
    import altair as alt

    return chart.add_params(alt.selection_point(name=PICK, fields=[field], on="click"))


def take_pick(chart_key: str, field: str, target_key: str, allowed: Collection, *, as_list: bool, convert=None) -> bool:
    """Call before drawing the control `target_key`: a new click on the chart `chart_key` becomes the
    control's value (so the page is filtered and the link records it, through `control`). True if it did."""
    state = st.session_state.get(chart_key) or {}
    selection = state.get("selection", {}) if hasattr(state, "get") else {}
    points = (selection.get(PICK) or []) if hasattr(selection, "get") else []
    values = []
    for point in points:
        value = point.get(field) if hasattr(point, "get") else None
        try:
            value = convert(value) if convert is not None and value is not None else value
        except (TypeError, ValueError):
            continue
        if value in allowed and value not in values:
            values.append(value)
    seen = f"{chart_key}__seen__{target_key}"
    taken = bool(values) and values != st.session_state.get(seen)
    if taken:
        st.session_state[target_key] = values if as_list else values[0]
    st.session_state[seen] = values
    return taken


def chip(target_key: str | dict, text: str, default, key: str) -> None:
    """A visible chip naming a chart's selection; a click clears it (`target_key` may map several keys to their defaults)."""
    targets = target_key if isinstance(target_key, dict) else {target_key: default}

    def clear() -> None:
        for name, value in targets.items():
            st.session_state[name] = value

    st.button(text, key=key, icon=":material/close:", on_click=clear, help=None, type="secondary")
