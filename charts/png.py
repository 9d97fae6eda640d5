"""A finished Altair chart as a PNG image, drawn without a browser (vl-convert). No Streamlit.

The chart keeps everything `charts.common.finish` gave it (title, source line,
and the data-date line of `charts.common.with_data_date`); it only gets a
fixed width in place of the page's container width, and a white background.
Nothing is fetched: a chart's data is inline, and remote data is refused.
"""

from __future__ import annotations

import json

import altair as alt

WIDTH = 800  # px at scale 1: a chart as wide as a laptop column
SCALE = 2  # sharp on a projector and in slides
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_spec(chart: alt.Chart, *, width: int = WIDTH) -> dict:
    """The Vega-Lite spec drawn into the PNG: the chart's own, at a fixed width, on white."""
    spec = json.loads(chart.to_json(validate=False))
    if spec.get("width") in (None, "container"):
        spec["width"] = width
    spec["background"] = "white"
    spec.setdefault("padding", 12)
    return spec


def png_from_spec(spec: dict, *, scale: float = SCALE) -> bytes:
    """A `png_spec` drawn as PNG bytes."""
    import vl_convert  # imported when a PNG is asked for: the pages load without it

    return vl_convert.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])


def chart_png(chart: alt.Chart, *, width: int = WIDTH, scale: float = SCALE) -> bytes:
    """`chart` as PNG bytes (the same chart always gives the same bytes)."""
    return png_from_spec(png_spec(chart, width=width), scale=scale)


def chart_svg(chart: alt.Chart, *, width: int = WIDTH) -> str:
    """The same drawing as SVG text: its text can be read back (tests check the title and lines)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(png_spec(chart, width=width), allowed_base_urls=[])


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's header."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
