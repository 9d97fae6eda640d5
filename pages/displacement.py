"""Disaster displacement: zones of named disasters by hazard and year, the
shelters and route segments inside them, and the sourced displacement figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import displacement as analysis
from charts import displacement as charts
from i18n import _, format_number, ngettext
from mapping import displacement as dmap
from mapping.styles import precision_label
from mapping.tables import basemap_credit, map_sources
from ui import context, data, downloads, linked, presenter, shared
from ui import displacement as cached

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Disaster displacement"))

sources = data.sources()
all_zones = data.layer("displacement_zones", countries, years)
options = analysis.hazard_types(all_zones)
regional = analysis.regional_totals(data.layer("reported_totals"), years)


def show_regional_totals() -> None:
    """IDMC's regional totals: context for the events, whatever the country selection."""
    if regional.empty:
        st.info(_("No regional disaster-displacement total is bundled for the selected years (IDMC figures: 2018, 2022 and 2023)."))
        return
    chart = shared.chart(charts.regional_chart, regional, analysis.publishers(regional["source_id"], sources))
    st.altair_chart(chart, width="stretch")
    downloads.chart_download(chart, "disaster-displacements-americas", "displacement_regional")
    scope = _(" They cover the whole of the Americas, not only the selected countries.") if countries else ""
    st.caption(
        _("IDMC's internal displacements count movements, not people: one person displaced several times in a year is counted each time. Rounded figures as published; years not shown have no figure bundled.")
        + scope
    )


figures_box = st.container()
if all_zones.empty:
    figures_box.info(
        _("No disaster-displacement zone lies in the selected countries and years. Choose other countries or years in the sidebar; the regional totals below still apply.")
    )
    show_regional_totals()
    st.stop()

left, right = st.columns([3, 2], gap="medium")
with right:
    linked.control("displacement_hazards", "hazard", list(options), options)
    chosen = st.multiselect(
        _("Hazard types"),
        options,
        format_func=dmap.hazard_type_label,
        key="displacement_hazards",
        placeholder=_("Choose at least one hazard type"),
    )
if not chosen:
    figures_box.info(_("Choose at least one hazard type to see its events."))
    with right:
        show_regional_totals()
    st.stop()

selection = cached.selection(countries, years, chosen if len(chosen) < len(options) else None, language)
figures = selection.figures

# Key figures, above the map.
c1, c2, c3, c4 = figures_box.columns(4)
c1.metric(_("Events in the selection"), format_number(figures.events))
c2.metric(
    _("Sourced displacement"),
    format_number(figures.sourced_total) if figures.events_with_figure else "—",
    help=_("Sum of the sourced displacement figures of the events shown. Events without a sourced figure count for nothing here: no figure is guessed."),
)
c3.metric(
    _("Events without a figure"),
    format_number(figures.events_without_figure),
    help=_("Events for which Corredor holds no sourced displacement figure."),
)
c4.metric(
    _("Shelters inside a zone"),
    format_number(figures.shelters_inside),
    help=_("Shelters and service points inside the drawn area of at least one event (each counted once)."),
)
sourced = analysis.sourced_figures(selection.zones, sources)
if figures.events_with_figure:
    figure_sources = "; ".join(dict.fromkeys(s for s in sourced["source"] if s))
    figures_box.caption(
        _("Sourced displacement: {with_figure} of {events} events have a figure (source: {sources}); {without} have none and are not counted.").format(
            with_figure=format_number(figures.events_with_figure),
            events=format_number(figures.events),
            sources=figure_sources,
            without=format_number(figures.events_without_figure),
        )
        + (_(" The figures count different things: see each event's measure.") if figures.measures > 1 else "")
    )
else:
    figures_box.caption(_("None of the {events} events in the selection has a sourced displacement figure.").format(events=format_number(figures.events)))
if figures.illustrative:
    figures_box.warning(_("Some events in the selection are illustrative, not real records."))

# The map: zones by hazard type, with routes and shelters over them.
with left:
    present = analysis.hazard_types(selection.zones)
    layers = dmap.DisplacementLayers(
        basemap=data.basemap(language),
        zones=selection.zone_features,
        hazard_types=present,
        hazard_categories=dict(zip(selection.zones["hazard_type"], selection.zones["hazard_category"])),
        selected=list(filters.countries),
        routes=selection.route_features if "routes" in filters.layers else None,
        shelters=selection.shelter_features if "shelters" in filters.layers else None,
    )
    # built once per view for every session that shows it; opens at the link's view=, if any
    map_view = ("displacement", filters.countries, years, tuple(chosen), filters.layers, language)
    build = lambda: dmap.build_displacement_map(layers, bounds=selection.bounds, height=430)  # noqa: E731
    exported = shared.show_map(map_view, build, height=presenter.map_height(430), key="displacement_map")
    downloads.below_map(
        exported,
        _("Disaster displacement zones, {selection}").format(selection=downloads.selection_label(countries, years, data.country_names(language))),
        map_sources(exported, basemap_credit()),
        "displacement",
    )
    st.markdown(
        "**"
        + _("{shelters} and {segments} lie inside a displacement zone.").format(
            shelters=ngettext("{n} shelter", "{n} shelters", figures.shelters_inside).format(n=format_number(figures.shelters_inside)),
            segments=ngettext("{n} route segment", "{n} route segments", figures.segments_inside).format(n=format_number(figures.segments_inside)),
        )
        + "**"
    )
    hidden = [label for key, label in (("routes", _("routes")), ("shelters", _("shelters"))) if key not in filters.layers]
    note = _("Zones are approximate or schematic areas drawn around each event, not official footprints. Popups name each feature's source and location precision.")
    if hidden:
        note += " " + _("Hidden on the map by the sidebar's layer switches: {layers}.").format(layers=", ".join(hidden))
    st.caption(note)

# Charts: events by year and hazard, the sourced figures, the regional context.
with right:
    tab_events, tab_figures, tab_region = st.tabs([_("Events"), _("Sourced figures"), _("Americas (IDMC)")])
    with tab_events:
        counts = analysis.events_by_year_and_hazard(selection.zones)
        events_chart = shared.chart(charts.events_chart, counts, [_("Corredor's list of named disaster events")], years)
        st.altair_chart(events_chart, width="stretch")
        downloads.chart_download(events_chart, "disaster-events-by-year-and-hazard", "displacement_events")
        st.caption(
            _("Counts the named events bundled with Corredor, by the year each began; it is not a complete record of disasters. {without} of {events} have no sourced displacement figure.").format(
                without=format_number(figures.events_without_figure), events=format_number(figures.events)
            )
        )
    with tab_figures:
        if sourced.empty:
            st.info(_("None of the events in the selection has a sourced displacement figure, so there is nothing to chart: no figure is guessed."))
        else:
            chart = shared.chart(charts.sourced_chart, sourced, analysis.publishers(selection.zones["figure_source_id"], sources), years)
            st.altair_chart(chart, width="stretch")
            downloads.chart_download(chart, "disaster-displacement-sourced-figures", "displacement_sourced")
            st.caption(
                _("Only sourced figures: {without} of {events} events have none and are left out. Each figure counts what its source says (hover for the measure).").format(
                    without=format_number(figures.events_without_figure), events=format_number(figures.events)
                )
            )
    with tab_region:
        show_regional_totals()

# The events.
st.header(_("Events"))
events = selection.events
per_zone = analysis.inside_by_zone(selection.inside, selection.zones).set_index("zone_id")
event_table = pd.DataFrame(
    {
        "event": events["event"],
        "type": events["hazard_type"].map(dmap.hazard_type_label),
        "start": events["start"],
        "end": events["end"],
        "countries": events["countries"],
        "figure": events["figure"],
        "measure": events["measure"].fillna(""),
        "figure_source": events["figure_source"].fillna(""),
        "figure_url": events["figure_url"],
        "shelters_inside": events["zone_id"].map(per_zone["shelters"]),
        "segments_inside": events["zone_id"].map(per_zone["route_segments"]),
        "precision": events["precision"].map(precision_label),
        "notes": events["notes"].fillna(""),
        "area_source": events["area_source"].fillna(""),
        "category": events["hazard_category"].map(dmap.hazard_category_label),
        "subtype": events["hazard_subtype"].fillna(""),
    }
)
if events["is_demo"].any():
    event_table.insert(1, "illustrative", events["is_demo"].map({True: _("Illustrative, not a real record"), False: ""}))
st.dataframe(
    event_table,
    column_config={
        "event": st.column_config.TextColumn(_("Event"), pinned=True),
        "illustrative": st.column_config.TextColumn(_("Illustrative")),
        "category": st.column_config.TextColumn(_("Hazard category")),
        "type": st.column_config.TextColumn(_("Hazard type")),
        "subtype": st.column_config.TextColumn(_("Sub-type")),
        "start": st.column_config.TextColumn(_("Start")),
        "end": st.column_config.TextColumn(_("End")),
        "countries": st.column_config.TextColumn(_("Countries")),
        "figure": st.column_config.TextColumn(_("Displacement")),
        "measure": st.column_config.TextColumn(_("What the figure counts")),
        "figure_source": st.column_config.TextColumn(_("Figure source")),
        "figure_url": st.column_config.LinkColumn(_("Figure source link"), display_text=_("Open")),
        "notes": st.column_config.TextColumn(_("How the area was drawn"), width="large"),
        "shelters_inside": st.column_config.NumberColumn(_("Shelters inside"), format="%d"),
        "segments_inside": st.column_config.NumberColumn(_("Route segments inside"), format="%d"),
        "precision": st.column_config.TextColumn(_("Location precision")),
        "area_source": st.column_config.TextColumn(_("Area drawn from")),
    },
    hide_index=True,
    width="stretch",
    key="displacement_events",
)
st.caption(_("Displacement figures appear only where a source reports one; 'no sourced figure' means none is known to Corredor, not that nobody was displaced."))

# Which shelters and route segments lie inside a zone.
st.header(_("Shelters and route segments inside a zone"))
st.caption(
    _("Zones are approximate or schematic areas (see how each was drawn in the events table), so a feature inside one lies in the drawn area, which does not prove the disaster reached it. Shelters are placed as on every public map: sensitive ones at town level.")
)
if selection.inside.empty:
    st.info(_("No shelter or route segment of the selection lies inside a displacement zone."))
else:
    inside = selection.inside
    kind = {analysis.SHELTER: _("Shelter or service point"), analysis.ROUTE_SEGMENT: _("Route segment")}
    table = pd.DataFrame(
        {
            "name": inside["name"],
            "kind": inside["feature_type"].map(kind),
            "event": inside["event_name"],
            "hazard": inside["hazard_type"].map(dmap.hazard_type_label),
            "place": inside["place"].fillna(""),
            "countries": inside["countries"],
            "closed": inside["closed"].fillna(""),
        }
    )
    columns = {
        "name": st.column_config.TextColumn(_("Name")),
        "kind": st.column_config.TextColumn(_("Feature")),
        "event": st.column_config.TextColumn(_("Inside the zone of")),
        "hazard": st.column_config.TextColumn(_("Hazard")),
        "place": st.column_config.TextColumn(_("Town")),
        "countries": st.column_config.TextColumn(_("Country")),
        "closed": st.column_config.TextColumn(_("Closure reported")),
    }
    if not table["closed"].astype(bool).any():
        table = table.drop(columns="closed")
    st.dataframe(table, column_config=columns, hide_index=True, width="stretch", key="displacement_inside")
