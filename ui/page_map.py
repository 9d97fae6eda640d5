"""The one way a page shows a map: built once per view (`ui.shared.show_map`), drawn with
`st_folium`, then its download and its table beneath it, citing the map's sources."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mapping.tables import basemap_credit, map_sources
from ui import downloads, presenter, shared


def show(view: tuple, build: Callable, *, key: str, height: int, title: str, sources: Sequence[str] = (), notes: Sequence[str] = (), date: str | None = None):
    """Draw the map of `view` (see `shared.show_map`) `height` px high (taller for a presenter), then one
    line beneath it: the HTML download titled `title` citing `sources`, the map's own sources and
    `notes`, and the table alternative. `key` names the page ("overview"); `date`: the data date of the
    layer it shows, when it has its own. Returns the map's snapshot."""
    exported = shared.show_map(view, build, height=presenter.map_height(height), key=f"{key}_map")
    downloads.below_map(exported, title, [*sources, *map_sources(exported, basemap_credit()), *notes], key, date)
    return exported
