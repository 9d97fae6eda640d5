"""Overview: every layer on one map, with the key figures of the selection."""

from __future__ import annotations

import streamlit as st

from analysis import deaths as dx
from analysis.displacement import idmc_total
from analysis.figures import key_figures
from i18n import _, format_date, format_number
from i18n.markdown import md
from importers.mmp import attribution
from mapping import framing
from mapping.overview import OverviewLayers, build_overview_map
from ui import context, data, downloads, page_map
from ui.displacement import attribution as displacement_attribution

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
    _("Dead and missing"),
    format_number(figures.dead_and_missing),
    help=_("Sum of dead and minimum estimated missing in the incident records of the selection; every record counts once."),
)
every_incident = data.layer("incidents")
if not countries:  # IOM publishes totals for the whole Americas: compare like with like
    differ = [c for c in dx.compare_with_published(every_incident, data.layer("reported_totals"), years) if c.differs]
    if differ:
        c2.caption(
            _("Published by IOM: {list}. The records give more or fewer because MMP revises past years (data as of {date}).").format(
                list=" · ".join(_("{year} {published} (records {computed})").format(year=c.year, published=format_number(c.published), computed=format_number(c.computed)) for c in differ),
                date=dx.data_date(every_incident, data.sources()) and format_date(dx.data_date(every_incident, data.sources())) or _("unknown"),
            )
        )
disaster_events = data.layer("disaster_events", countries, years)
c3.metric(
    _("Disaster displacements (IDMC)"),
    format_number(idmc_total(disaster_events)) if len(disaster_events) else _("no sourced figure"),  # not 0: nothing was reported
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
notes = [_("Each feature's popup names its source, date and location precision. Boundaries: Natural Earth (public domain), simplified.")]
if "incidents" in filters.layers and len(every_incident):
    notes.insert(0, md(attribution()) + ("; " + _("filtered to the selection") if len(incidents) != len(every_incident) else "") + ".")
figure_sources = sorted({data.sources()["name"].get(s, s) for s in zones["figure_source_id"].dropna()})
if figure_sources:
    notes.append(_("Displacement figures of the drawn zones: {sources}.").format(sources="; ".join(md(s) for s in figure_sources)))
if len(disaster_events):
    notes.append(
        _("Disaster displacements: {attribution}; internal displacements count movements, not people; non-commercial use only.").format(
            attribution=md(displacement_attribution(data.sources(), disaster_events))
        )
    )
st.caption(" ".join(notes))
