"""Overview: every layer on one map, with the key figures of the selection."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from analysis.figures import key_figures
from i18n import _, format_number
from mapping import framing
from mapping.overview import OverviewLayers, build_overview_map
from mapping.tables import basemap_credit, map_sources
from mapping.view import add_view_sync
from ui import context, data, downloads, presenter

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Migration in the Americas"))

shelters = data.layer("shelters", countries)
incidents = data.layer("incidents", countries, years)
zones = data.layer("displacement_zones", countries, years)
figures = key_figures(shelters, incidents, zones)

c1, c2, c3 = st.columns(3)
c1.metric(_("Shelters and service points"), format_number(figures.shelters))
c2.metric(
    _("Dead and missing (illustrative records)") if figures.incidents_illustrative else _("Dead and missing"),
    format_number(figures.dead_and_missing),
    help=_("Sum of dead and minimum estimated missing in the incident records of the selection."),
)
sourced_figures = int(zones["displacement"].notna().sum())
c3.metric(
    _("Displacement figures in the selection"),
    format_number(figures.displacement) if sourced_figures else _("no sourced figure"),  # not 0: nothing was reported
    help=_("Sum of the sourced displacement figures of the disaster events shown; events without a sourced figure are not counted."),
)

names = data.country_names(language)
incident_display = {"source": data.sources()["name"].to_dict(), "country": names}
layers = OverviewLayers(
    basemap=data.basemap(language),
    selected=list(filters.countries),
    routes=data.feature_collection("routes", countries, years, language) if "routes" in filters.layers else None,
    shelters=data.feature_collection("shelters", countries, None, language) if "shelters" in filters.layers else None,
    zones=data.feature_collection("zones", countries, years, language) if "zones" in filters.layers else None,
    incidents=incidents if "incidents" in filters.layers else None,
    incident_display=incident_display,
    has_demo_incidents=figures.incidents_illustrative,
)
bounds = framing.frame(layers.routes, layers.shelters, layers.zones, layers.incidents, fallback=data.layer("countries", countries) if countries else None)
overview_map = build_overview_map(layers, bounds=bounds)
add_view_sync(overview_map, presenter.link_view())  # opens at the link's view=, if any; moves write it back
exported = downloads.snapshot(overview_map)  # before st_folium, which renames the map's elements
st_folium(overview_map, height=presenter.map_height(540), use_container_width=True, returned_objects=[], key="overview_map")
downloads.below_map(
    exported,
    _("{title}, {selection}").format(title=_("Migration in the Americas"), selection=downloads.selection_label(countries, years, names)),
    map_sources(exported, basemap_credit()),
    "overview",
)
notes = [_("Each feature's popup names its source, date and location precision. Boundaries: Natural Earth (public domain), simplified.")]
if figures.incidents_illustrative:
    notes.insert(0, _("The incident points bundled with Corredor are illustrative, not real records; import a Missing Migrants Project export to see real data."))
figure_sources = sorted({data.sources()["name"].get(s, s) for s in zones["figure_source_id"].dropna()})
if figure_sources:
    notes.append(_("Displacement figures: {sources}.").format(sources="; ".join(figure_sources)))
st.caption(" ".join(notes))
