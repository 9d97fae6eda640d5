"""A map's features as a table: the text alternative of a Corredor map. No Streamlit.

Read from the built map itself, so the table holds exactly what the map
draws, with what each feature's popup says: the overlays (`GeoJsonOverlay`,
`PackedPoints`) in the order they are drawn, without the country basemap.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import weakref

import numpy as np
import pandas as pd

from i18n.vocabulary import map_column_labels
from mapping.elements import coordinates
from i18n import _
from mapping.elements import GeoJsonOverlay, PackedPoints
from mapping.packing import EPOCH, RECORD

SOURCE, PRECISION = "source", "precision"
PAGE_ROWS = 250  # rows of a map table shown at once: a 100,000-point map is read a page at a time


def _overlays(m) -> list:
    found = []

    def walk(element):
        for child in element._children.values():
            if isinstance(child, (GeoJsonOverlay, PackedPoints)):
                found.append(child)
            walk(child)

    walk(m)
    return found


def _is_basemap(spec: dict) -> bool:
    return spec.get("pane") == "tilePane" and not spec.get("popup")


def _centre(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) of a point, or the middle of a line's or area's bounding box."""
    xs, ys = coordinates([geometry])
    if not xs:
        return None
    return (min(ys) + max(ys)) / 2, (min(xs) + max(xs)) / 2


def _where(centre: tuple[float, float] | None) -> str:
    return "" if centre is None else f"{centre[0]:.3f}, {centre[1]:.3f}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


class _Layer:
    """One overlay of the map, read once: its spec and its features (GeoJSON) or records (packed points)."""

    def __init__(self, overlay):
        self.spec = json.loads(overlay.spec_js)
        self.packed = isinstance(overlay, PackedPoints)
        if self.packed:
            self.records = np.frombuffer(base64.b64decode(overlay.data), dtype=RECORD)
            self.features = []
        else:
            self.records = None
            self.features = [] if _is_basemap(self.spec) else json.loads(overlay.data_js).get("features", [])

    def __len__(self) -> int:
        return len(self.records) if self.packed else len(self.features)

    def rows(self, start: int, stop: int) -> list[dict]:
        return self._packed_rows(start, stop) if self.packed else self._geojson_rows(start, stop)

    def sources(self) -> list[str]:
        if self.packed:
            lookup = self.spec["lookups"]["source"]
            return [lookup[i] for i in np.unique(self.records["source"])] if len(self.records) else []
        return [_text((f.get("properties") or {}).get(SOURCE)) for f in self.features]

    def _geojson_rows(self, start: int, stop: int) -> list[dict]:
        popup = self.spec.get("popup") or {}
        title = popup.get("title") or self.spec.get("tooltip")
        rows = []
        for feature in self.features[start:stop]:
            props = feature.get("properties") or {}
            details = [
                f"{label}: {_text(props.get(key))}"
                for label, key in popup.get("rows", [])
                if key not in (SOURCE, PRECISION) and _text(props.get(key))
            ]
            rows.append(
                {
                    "layer": self.spec.get("name", ""),
                    "name": _text(props.get(title)) if title else "",
                    "details": "; ".join(details),
                    "where": _where(_centre(feature.get("geometry"))),
                    "source": _text(props.get(SOURCE)),
                    "precision": _text(props.get(PRECISION)),
                    "illustrative": bool(props.get("is_demo")),
                }
            )
        return rows

    def _packed_rows(self, start: int, stop: int) -> list[dict]:
        labels, lookups = self.spec["labels"], self.spec["lookups"]
        rows = []
        for r in self.records[start:stop]:
            date = (EPOCH + dt.timedelta(days=int(r["days"]))).isoformat()
            flags = int(r["flags"])
            details = [
                f"{labels['dead']}: {int(r['dead'])}",
                f"{labels['missing']}: {int(r['missing'])}",
                f"{labels['cause']}: {lookups['cause'][r['cause']]}",
                f"{labels['route']}: {lookups['route'][r['route']]}",
                f"{labels['quality']}: {flags & 7} / 5",
            ]
            rows.append(
                {
                    "layer": self.spec.get("name", ""),
                    "name": f"{date} · {lookups['country'][r['country']]}",
                    "details": "; ".join(d for d in details if not d.endswith(": ")),
                    "where": _where((int(r["lat"]) / 1e5, int(r["lon"]) / 1e5)),
                    "source": lookups["source"][r["source"]],
                    "precision": lookups["precision"][flags >> 3 & 7],
                    "illustrative": bool(flags & 0x40),
                }
            )
        return rows


COLUMNS = ("layer", "name", "details", "where", "source", "precision", "illustrative")


_read: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _layers(m) -> list[_Layer]:
    """The map's overlays, read once per map (the count, the sources and a table page all need them on each run)."""
    if m not in _read:
        _read[m] = [_Layer(overlay) for overlay in _overlays(m)]
    return _read[m]


def feature_count(m) -> int:
    """How many features the map draws (not the basemap): the map table's length."""
    return sum(len(layer) for layer in _layers(m))


def map_table(m, start: int = 0, stop: int | None = None) -> pd.DataFrame:
    """Rows `start` to `stop` (default: all) of the map's table: one row per feature it draws (not the basemap),
    with layer, name, popup details, where, source, precision and whether it is illustrative.

    Only the rows asked for are built, so a page of a 100,000-point map costs a page.
    """
    rows, offset = [], 0
    for layer in _layers(m):
        size = len(layer)
        first, last = max(start - offset, 0), size if stop is None else min(stop - offset, size)
        if first < last:
            rows += layer.rows(first, last)
        offset += size
    return pd.DataFrame(rows, columns=list(COLUMNS))


column_labels = map_column_labels  # i18n.vocabulary


def map_sources(m, basemap: str | None = None) -> list[str]:
    """The sources of the features the map draws, once each in order, then the basemap's credit."""
    named = [source for layer in _layers(m) for source in layer.sources() if source]
    return list(dict.fromkeys(named + ([basemap] if basemap else [])))


def basemap_credit() -> str:
    return _("Boundaries: Natural Earth (public domain)")
