"""Overview: every layer on one map, with the key figures of the selection."""

from __future__ import annotations

import streamlit as st

from i18n import _, format_number
from mapping import framing
from mapping.overview import OverviewLayers, build_overview_map
from ui import context, data, downloads, page_map
from ui import overview as ui

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Migration in the Americas"))

page = ui.overview(countries, years, filters.layers)  # shared by every viewer of the selection
figures = page.figures

c1, c2, c3 = st.columns(3)
c1.metric(_("Shelters and service points"), format_number(figures.shelters))
c2.metric(
    _("Dead and missing"),
    format_number(figures.dead_and_missing),
    help=_("Sum of dead and minimum estimated missing in the incident records of the selection; every record counts once."),
)
if page.published:
    c2.caption(page.published)
c3.metric(
    _("Disaster displacements (IDMC)"),
    page.displacements,
    help=_("Sum of IDMC's disaster internal displacements over every row of its database for the selected countries and years (the year IDMC reports each figure for). Movements, not people."),
)

names = data.country_names(language)


def build_map():
    incident_display = {"source": data.sources()["name"].to_dict(), "country": names}
    overlays = data.overlays(filters.layers, countries, years, language)
    layers = OverviewLayers(
        basemap=data.basemap(language),
        selected=list(filters.countries),
        overlays=overlays,
        incident_display=incident_display,
        has_demo_incidents=figures.incidents_illustrative,
    )
    bounds = framing.frame(*overlays.values(), fallback=data.layer("countries", countries) if countries else None)
    return build_overview_map(layers, bounds=bounds)


# built once per view for every session that shows it; opens at the link's view=, if any; moves write it back
view = ("overview", filters.countries, filters.years, filters.layers, language)
page_map.show(
    view, build_map, key="overview", height=540,
    title=_("{title}, {selection}").format(title=_("Migration in the Americas"), selection=downloads.selection_label(countries, years, names)),
)
st.caption(page.notes)
