"""Disaster displacement: IDMC's disaster displacements by country, year and hazard
(the `disaster_events` table), the zones of named disasters with the shelters and
route segments inside them, and the sourced displacement figures."""

from __future__ import annotations

import streamlit as st

from analysis import displacement as analysis
from charts import displacement as charts
from i18n.markdown import md
from i18n import _, format_number, ngettext
from mapping import displacement as dmap
from ui import context, data, downloads, linked, shared, page_map
from ui import displacement as cached

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Disaster displacement"))

idmc = cached.idmc(countries, years)  # both shared by every viewer of the selection
page = cached.overview(countries, years)
options = page.hazard_types


def show_regional_totals() -> None:
    """IDMC's regional totals: context for the events, whatever the country selection."""
    if page.regional_chart is None:
        st.info(_("No regional disaster-displacement total is bundled for the selected years (IDMC figures: 2018, 2022 and 2023)."))
        return
    downloads.show_chart(page.regional_chart, "disaster-displacements-americas", "displacement_regional")
    scope = _(" They cover the whole of the Americas, not only the selected countries.") if countries else ""
    beside = page.rows_sum
    st.caption(
        _("IDMC's internal displacements count movements, not people: one person displaced several times in a year is counted each time. Rounded figures as published; years not shown have no figure bundled.")
        + scope
        + (" " + _("The rows of IDMC's database for the same years add up to {figures}: the published figures are rounded.").format(figures=beside) if beside else "")
    )


def idmc_caption() -> None:
    """IDMC's definition, licence and attribution, beside every IDMC figure."""
    st.caption(
        _("Internal displacements count movements, not people. Figures by country and year; non-commercial use only. Source: {attribution}.").format(
            attribution=md(idmc.attribution)
        )
    )


# Key figures, above the map: IDMC's events of the selection, then the named events drawn.
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    _("Displacements (IDMC)"),
    format_number(idmc.total) if len(idmc.events) else _("no sourced figure"),
    help=_("Sum of IDMC's disaster internal displacements over every row of its database for the selected countries and years (the year IDMC reports each figure for). Movements, not people."),
)
c2.metric(_("Rows of IDMC's table"), format_number(len(idmc.events)), help=_("One row is one event in one country for one year, as IDMC publishes it."))
figures_box = st.container()
idmc_caption()

left, right = st.columns([3, 2], gap="medium")
with left:
    map_box = st.container()  # filled below, once the hazard types (chosen under the map) are known
selection = None
chosen: list[str] = []
if options:
    with left:
        # a click on a hazard type in IDMC's chart shows that type's named events
        linked.take_pick("displacement_hazard_chart", "hazard", "displacement_hazards", options, as_list=True, convert={dmap.hazard_type_label(t): t for t in options}.get)
        linked.control("displacement_hazards", "hazard", list(options), options)
        chosen = st.multiselect(
            _("Hazard types of the named events"),
            options,
            format_func=dmap.hazard_type_label,
            key="displacement_hazards",
            placeholder=_("Choose at least one hazard type"),
        )
        if chosen and len(chosen) < len(options):
            linked.chip("displacement_hazards", _("Hazard: {types}").format(types=", ".join(dmap.hazard_type_label(t) for t in chosen)), list(options), "displacement_hazards_chip")
    if chosen:
        selection = cached.selection(countries, years, chosen if len(chosen) < len(options) else None)
if selection is not None:
    figures = selection.figures
    c3.metric(
        _("Named events drawn"),
        format_number(figures.events),
        help=_("Disasters drawn as zones on the map (approximate or schematic areas), with the shelters and route segments inside them."),
    )
    c4.metric(
        _("Shelters inside a zone"),
        format_number(figures.shelters_inside),
        help=_("Shelters and service points inside the drawn area of at least one event (each counted once)."),
    )
    sourced = selection.sourced
    if figures.illustrative:
        figures_box.warning(_("Some events in the selection are illustrative, not real records."))
elif options:
    figures_box.info(_("Choose at least one hazard type to see its named events on the map."))
else:
    figures_box.info(_("No named disaster zone lies in the selected countries and years; IDMC's figures by country still apply."))

# The map: IDMC's displacements by country, the named zones by hazard type, routes and shelters over them.
with map_box:
    def build():
        empty = {"type": "FeatureCollection", "features": []}
        layers = dmap.DisplacementLayers(
            basemap=data.basemap(language),
            zones=selection.zone_features if selection is not None else empty,
            hazard_types=selection.hazard_types if selection is not None else [],
            hazard_categories=dict(zip(selection.zones["hazard_type"], selection.zones["hazard_category"])) if selection is not None else {},
            selected=list(filters.countries),
            routes=selection.route_features if selection is not None and "routes" in filters.layers else None,
            shelters=selection.shelter_features if selection is not None and "shelters" in filters.layers else None,
            choropleth=idmc.choropleth,
            choropleth_title=_("Disaster displacements (IDMC), {first}–{last}").format(first=years[0], last=years[1]),
        )
        bounds = dmap.bounds_of(data.layer("countries", countries)) if countries else None
        return dmap.build_displacement_map(layers, bounds=bounds, height=430)

    # built once per view for every session that shows it; opens at the link's view=, if any
    map_view = ("displacement", filters.countries, years, tuple(chosen), filters.layers, language)
    page_map.show(
        map_view, build, key="displacement", height=430,
        title=_("Disaster displacement, {selection}").format(selection=downloads.selection_label(countries, years, data.country_names(language))),
        notes=[_("IDMC's terms: non-commercial use only (CC BY-NC 4.0). Internal displacements count movements, not people.")],
    )
    if selection is not None:
        st.markdown(
            "**"
            + _("{shelters} and {segments} lie inside a displacement zone.").format(
                shelters=ngettext("{n} shelter", "{n} shelters", figures.shelters_inside).format(n=format_number(figures.shelters_inside)),
                segments=ngettext("{n} route segment", "{n} route segments", figures.segments_inside).format(n=format_number(figures.segments_inside)),
            )
            + "**"
        )
    hidden = [label for key, label in (("routes", _("routes")), ("shelters", _("shelters"))) if key not in filters.layers]
    note = _(
        "Countries are coloured by IDMC's disaster displacements in the selected years. Zones are approximate or schematic areas drawn around named events, not official footprints; "
        "a zone shows IDMC's figure where one of IDMC's rows matches it: by the GLIDE number in the zone's notes, else by IDMC's Event ID, else by country, hazard type, start date within {days} days and a shared word of the name. Popups name each feature's source and location precision."
    ).format(days=analysis.IDMC_MATCH_DAYS)
    if hidden:
        note += " " + _("Hidden on the map by the sidebar's layer switches: {layers}.").format(layers=", ".join(hidden))
    st.caption(note)

# Charts: IDMC's displacements by hazard, the named events, their sourced figures, the regional context.
with right:
    tab_hazard, tab_events, tab_figures, tab_region = st.tabs([_("By hazard (IDMC)"), _("Named events"), _("Sourced figures"), _("Americas (IDMC)")])
    with tab_hazard:
        if idmc.events.empty:
            st.info(_("IDMC reports no disaster displacement for the selected countries and years."))
        else:
            hazard_chart = shared.chart(charts.hazard_chart, idmc.by_hazard_year, years, pick="hazard")
            st.altair_chart(hazard_chart, width="stretch", on_select="rerun", key="displacement_hazard_chart")
            st.caption(_("Click a hazard type in the chart to show its named events on the map."))
            downloads.chart_download(charts.with_lines(hazard_chart, charts.idmc_source_lines(idmc.attribution)), "disaster-displacements-by-hazard-idmc", "displacement_hazard")
            st.caption(_("Non-commercial use only (CC BY-NC 4.0). Internal displacements count movements, not people."))
    with tab_events:
        if selection is None:
            st.info(_("No named event in the selection."))
        else:
            downloads.show_chart(selection.events_chart, "disaster-events-by-year-and-hazard", "displacement_events")
            st.caption(
                _("Counts the named events drawn on the map, by the year each began; for every disaster IDMC records, see the other tabs. {without} of {events} have no sourced displacement figure of their own.").format(
                    without=format_number(figures.events_without_figure), events=format_number(figures.events)
                )
            )
    with tab_figures:
        if selection is None or sourced.empty:
            st.info(_("None of the named events in the selection has a sourced displacement figure of its own, so there is nothing to chart: no figure is guessed."))
        else:
            downloads.show_chart(selection.sourced_chart, "disaster-displacement-sourced-figures", "displacement_sourced")
            st.caption(
                _("Only sourced figures: {without} of {events} events have none and are left out. Each figure counts what its source says (hover for the measure).").format(
                    without=format_number(figures.events_without_figure), events=format_number(figures.events)
                )
            )
    with tab_region:
        show_regional_totals()

# IDMC's largest events of the selection.
st.header(_("Largest disaster displacements (IDMC)"))
if idmc.largest.empty:
    st.info(_("IDMC reports no disaster displacement for the selected countries and years."))
else:
    largest = idmc.largest
    st.dataframe(
        shared.arrow(idmc.largest_rows),
        placeholder="—",  # IDMC gives no Event ID or GLIDE number: a dash, not "None"
        column_config={
            "event": st.column_config.TextColumn(_("Event (as IDMC names it)"), width="large"),
            # the figure first: on a phone it stays in view, with the country and year
            "country": st.column_config.TextColumn(_("Country"), width=110),
            "year": st.column_config.NumberColumn(_("Year"), format="%d", width=55),
            "displacements": st.column_config.NumberColumn(_("Internal displacements"), format="localized", width=100),
            "hazard": st.column_config.TextColumn(_("Hazard type")),
            "start": st.column_config.TextColumn(_("Start")),
            "raw": st.column_config.NumberColumn(_("Before rounding"), format="localized"),
            "event_id": st.column_config.NumberColumn(_("IDMC Event ID"), format="%d"),
            "glide": st.column_config.TextColumn(_("GLIDE number")),
        },
        hide_index=True,
        width="stretch",
        height=40 + 37 * len(largest),  # every row in view: no inner scrolling
        key="displacement_largest",
    )
    st.caption(
        _("The {n} largest of the {rows} rows of IDMC's table in the selection; each row is one event in one country for one year, so an event that struck several countries has a row in each. Rows are as IDMC publishes them, including rows that share a name, date and figure.").format(
            n=format_number(len(largest)), rows=format_number(len(idmc.events))
        )
    )
    idmc_caption()

if selection is None:
    st.stop()

# The events.
st.header(_("Named events"))
st.dataframe(
    shared.arrow(selection.event_rows),
    placeholder="—",
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
        "idmc": st.column_config.TextColumn(_("IDMC figure"), width="large"),
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
    table = selection.inside_rows
    columns = {
        "name": st.column_config.TextColumn(_("Name")),
        "kind": st.column_config.TextColumn(_("Feature")),
        "event": st.column_config.TextColumn(_("Inside the zone of")),
        "hazard": st.column_config.TextColumn(_("Hazard")),
        "place": st.column_config.TextColumn(_("Town")),
        "countries": st.column_config.TextColumn(_("Country")),
        "closed": st.column_config.TextColumn(_("Closure reported")),
    }
    st.dataframe(shared.arrow(table), column_config=columns, hide_index=True, width="stretch", placeholder="—", key="displacement_inside")
