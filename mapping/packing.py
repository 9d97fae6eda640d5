"""Pack incident points into a compact binary string for the browser.

Sending a Folium marker with a popup per incident costs hundreds of bytes a
point; here each incident is one fixed-size little-endian record, base64
encoded, and the browser builds popups only when a point is clicked.

Record layout (RECORD_SIZE = 19 bytes, about 25 bytes a point in base64):
  0  int32   latitude  x 1e5
  4  int32   longitude x 1e5
  8  uint16  dead
  10 uint16  missing
  12 uint16  days since 1990-01-01
  14 uint8   flags: bits 0-2 source quality, bits 3-5 precision index, bit 6 demo
  15 uint8   cause index      (into lookups["cause"])
  16 uint8   route index      (into lookups["route"])
  17 uint8   country index    (into lookups["country"])
  18 uint8   source index     (into lookups["source"])
"""

from __future__ import annotations

import base64
import datetime as dt

import numpy as np
import pandas as pd

from loaders.schema import PRECISIONS

RECORD_SIZE = 19
EPOCH = dt.date(1990, 1, 1)
RECORD = np.dtype(
    [
        ("lat", "<i4"),
        ("lon", "<i4"),
        ("dead", "<u2"),
        ("missing", "<u2"),
        ("days", "<u2"),
        ("flags", "u1"),
        ("cause", "u1"),
        ("route", "u1"),
        ("country", "u1"),
        ("source", "u1"),
    ]
)
assert RECORD.itemsize == RECORD_SIZE


def _codes(values: pd.Series, column: str) -> tuple[np.ndarray, list[str]]:
    """Category codes and their labels, in sorted order so the output is stable."""
    categorical = pd.Categorical(values.astype(object).where(values.notna(), ""))  # categories come sorted
    labels = [str(label) for label in categorical.categories]
    if len(labels) > 255:
        raise ValueError(f"too many distinct values in {column!r} to pack ({len(labels)} > 255)")
    return categorical.codes.astype("u1"), labels


def pack_incidents(
    incidents: pd.DataFrame, display: dict | None = None
) -> tuple[str, dict[str, list[str]]]:
    """The base64 records and the lookup tables the browser needs to label them.

    `display` maps a lookup ("source", "country", "cause", "route", "precision")
    to the text shown for each stored value (source names, translated labels):
    a dict, or a function of the value.
    """
    n = len(incidents)
    records = np.zeros(n, dtype=RECORD)
    if n:
        geometry = incidents.geometry
        records["lat"] = np.round(geometry.y.to_numpy() * 1e5).astype("<i4")
        records["lon"] = np.round(geometry.x.to_numpy() * 1e5).astype("<i4")
        records["dead"] = np.clip(incidents["dead"].fillna(0).to_numpy("int64"), 0, 65535)
        records["missing"] = np.clip(incidents["missing"].fillna(0).to_numpy("int64"), 0, 65535)
        dates = pd.to_datetime(incidents["date"], format="%Y-%m-%d")
        days = (dates - pd.Timestamp(EPOCH)).dt.days.to_numpy("int64")
        records["days"] = np.clip(days, 0, 65535)
        precision = pd.Categorical(incidents["precision"], categories=PRECISIONS).codes.astype("int64")
        quality = incidents["source_quality"].fillna(0).to_numpy("int64") & 7
        demo = incidents["is_demo"].fillna(False).to_numpy(bool).astype("int64")
        records["flags"] = quality | (precision << 3) | (demo << 6)
    lookups = {"precision": list(PRECISIONS)}
    for field, column in (("cause", "cause"), ("route", "route"), ("country", "country_iso3"), ("source", "source_id")):
        codes, labels = _codes(incidents[column] if n else pd.Series([], dtype=object), column)
        if n:
            records[field] = codes
        lookups[field] = labels
    for field, names in (display or {}).items():
        show = names if callable(names) else lambda value, names=names: names.get(value, value)
        lookups[field] = [show(value) for value in lookups[field]]
    return base64.b64encode(records.tobytes()).decode("ascii"), lookups
