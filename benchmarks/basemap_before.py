"""Start Corredor as it drew its basemap before `mapping.basemap`: the country polygons inside
every map, every run. The reference bench_basemap.py measures against, in the same run.

Run: python benchmarks/basemap_before.py run app.py [streamlit options]  (from the repository root)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n import _, current_language  # noqa: E402
from mapping import basemap, styles  # noqa: E402
from mapping.elements import GeoJsonOverlay  # noqa: E402


def countries_in_the_map(m, selected=None, *, base_url: str, country_links: bool = False):
    """The countries as a GeoJSON layer of the map itself (as every map carried them before)."""
    from ui import data

    spec = {"style": styles.country_style_rules(list(selected or [])), "tooltip": "name", "pane": "tilePane"}
    if country_links:
        spec["popup"] = {"title": "name", "rows": [], "link": {"label": _("Country brief"), "href": "brief_href"}}
    GeoJsonOverlay(data.basemap(current_language()), spec, name=_("Countries"), control=False, base_url=base_url).add_to(m)
    return m


basemap.add_basemap = countries_in_the_map  # before any map builder imports it

if __name__ == "__main__":
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())
