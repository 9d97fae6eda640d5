"""Text that comes from the bundled data, translated through the catalogs like the code's strings.

Source names and publishers, the definitions published with figures, how
figures were reported and what the sources say about each step of the Darién
route are written in English in `geodata/sources/*.csv`. `scripts/i18n.py
extract` reads the columns named in `COLUMNS` (`extract_messages`, named in
babel.cfg), so they are translated in `i18n/locale/*/LC_MESSAGES/corredor.po`
with everything else; `text()` shows them in the reader's language. Text
imported later, and not in the catalogs, is shown as it was written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from i18n import _

SOURCES_DIR = Path(__file__).resolve().parent.parent / "geodata" / "sources"

DARIEN_ROUTE = "darien"


def _cited_on_the_darien_route(row: dict) -> bool:
    return row.get("source_id") in _darien_route_sources()


def _darien_route_sources() -> set[str]:
    with open(SOURCES_DIR / "routes.csv", newline="", encoding="utf-8") as f:
        routes = [r for r in csv.DictReader(f) if r["route_id"] == DARIEN_ROUTE]
    with open(SOURCES_DIR / "places.csv", newline="", encoding="utf-8") as f:
        places = {r["name"]: r["source_id"] for r in csv.DictReader(f)}
    cited = {r["source_id"] for r in routes}
    cited |= {places[p] for r in routes for p in (r["from_place"], r["to_place"]) if p in places}
    return cited


# A shelter's source is named by the publication's own title, in its language, or (when we describe it) in English.
_OUR_DESCRIPTIONS = ("News item on ", "Article on ", "EFE report on ", "Report on ", "DTM – ", "Page on ", "Observation visit report", "Update on ")


def _described_by_us(name: str) -> bool:
    return name.startswith(_OUR_DESCRIPTIONS)


# file -> the columns whose text readers see, each with its rows (EVERY_ROW, or a function of the row)
EVERY_ROW = None
COLUMNS = {
    "sources_core.csv": (("name", EVERY_ROW), ("publisher", EVERY_ROW)),
    "sources_figures.csv": (("name", EVERY_ROW), ("publisher", EVERY_ROW)),
    "sources_routes.csv": (("name", _cited_on_the_darien_route), ("publisher", _cited_on_the_darien_route)),
    "reported_totals.csv": (("definition", EVERY_ROW),),
    "darien_crossings.csv": (("notes", EVERY_ROW),),
    "routes.csv": (("route_name", EVERY_ROW), ("notes", lambda row: row.get("route_id") == DARIEN_ROUTE)),
    "sources_shelters.csv": (("name", lambda row: _described_by_us(row.get("name") or "")),),
}


def text(value):
    """`value` in the reader's language when the catalogs have it; as written otherwise (and None as None)."""
    if not isinstance(value, str) or not value.strip():
        return value
    return _(value)


def sources(frame: pd.DataFrame) -> pd.DataFrame:
    """The sources table with names and publishers in the reader's language (a copy)."""
    out = frame.copy()
    for column in ("name", "publisher"):
        if column in out.columns:
            out[column] = out[column].map(text)
    return out


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel extractor: the readers' text of a data file named in `COLUMNS`, one message per distinct text."""
    name = Path(getattr(fileobj, "name", "")).name
    if name not in COLUMNS:
        return
    seen = set()
    reader = csv.DictReader(io.TextIOWrapper(fileobj, encoding="utf-8", newline=""))
    for number, row in enumerate(reader, start=2):
        for column, keep in COLUMNS[name]:
            if keep is not EVERY_ROW and not keep(row):
                continue
            value = (row.get(column) or "").strip()
            if value and value not in seen:
                seen.add(value)
                yield number, None, value, [f"{name}: {column}"]


def extract_schema(fileobj, keywords, comment_tags, options):
    """Babel extractor for loaders/schema.py: Python's own messages, plus each layer's description.

    The Python extractor does not see a `Layer(...)` description (its call holds
    other calls); the Data and sources page shows them to readers.
    """
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    from loaders.schema import LAYERS

    for layer in LAYERS.values():
        yield 1, None, layer.description, [f"layer {layer.name}: description"]
