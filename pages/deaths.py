"""Disappearances and deaths: where migrants died or went missing, how many, of what and on which route."""

from __future__ import annotations

import streamlit as st

from analysis import deaths as dx
from charts.deaths import axis_label
from i18n import _, format_date, format_number
from mapping import tables
from mapping.deaths import VIEWS, DeathsMap, build_deaths_map, layer_name
from ui import context, data, downloads, feedback, linked, page_map, shared
from ui import deaths as helpers

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Disappearances and deaths"))

names = data.country_names(language)
whole = helpers.layer()


def incident_title(record) -> str:
    """How a record is named in the report form: its date and place."""
    location = record["location"]
    return f"{record['date']} · {location if isinstance(location, str) else ''}"


if st.query_params.get("report") == "1" and st.query_params.get("incident"):  # opened from a map popup's link
    requested = st.query_params["incident"]
    del st.query_params["report"], st.query_params["incident"]
    every_incident = data.layer("incidents")
    match = every_incident[every_incident["incident_id"].astype(str) == requested]
    if len(match):
        feedback.open_form("incidents", requested, incident_title(match.iloc[0]))
    else:
        st.warning(_("No incident record {id} in the data: nothing to report.").format(id=helpers.md(requested)))

if whole.has_demo:
    st.warning(_("Some records are marked as generated examples (is_demo), not real incidents."))

# --- controls (options from the whole layer, so a choice survives a change of countries or years)
view_labels = {"points": _("Points"), "heat": _("Heat"), "hexagons": _("Hexagons")}
route_options, cause_options = whole.routes, whole.causes
linked.control("deaths_view", "map", VIEWS[0], VIEWS)
# A click on a chart's bar filters the page (the bars carry the route's and the cause's display labels).
linked.take_pick("deaths_by_year_chart", "route_label", "deaths_routes", route_options, as_list=True, convert={dx.route_label(r): r for r in route_options}.get)
linked.take_pick("deaths_by_cause_chart", "cause_axis", "deaths_causes", cause_options, as_list=True, convert={axis_label(dx.cause_label(c)): c for c in cause_options}.get)
linked.control("deaths_routes", "route", [], route_options)
linked.control("deaths_causes", "cause", [], cause_options)
c_view, c_routes, c_causes = st.columns(3)
view = c_view.radio(_("Map view"), VIEWS, format_func=view_labels.get, horizontal=True, key="deaths_view")
routes = c_routes.multiselect(_("Routes"), route_options, format_func=dx.route_label, placeholder=_("All routes"), key="deaths_routes")
causes = c_causes.multiselect(_("Causes of death"), cause_options, format_func=dx.cause_label, placeholder=_("All causes"), key="deaths_causes")

chosen = helpers.selection(countries, years, routes, causes)  # shared by every viewer of this selection
selected = rows = chosen.rows  # every record counts once, split and cumulative incidents included
figures = chosen.figures
illustrative = figures.illustrative if len(selected) else whole.has_demo
data_date = whole.data_date
credit, incident_sources = chosen.credit, chosen.sources


def build_map():
    spec = DeathsMap(
        basemap=data.basemap(language),
        view=view,
        selected=list(filters.countries),
        illustrative=illustrative,
    )
    if view in ("points", "heat"):
        sources = data.sources()
        spec.incidents = rows
        spec.incident_display = {
            "source": sources["name"].to_dict(),
            "country": names,
            "cause": {c: dx.cause_label(c) for c in dx.cause_options(rows)},
            "route": {r: dx.route_label(r) for r in set(rows["route"].dropna())},
        }
    else:
        spec.cells, spec.cell_km = helpers.cells(countries, years, routes, causes)
    # fitted to the records drawn (country outlines can span the antimeridian, e.g. the USA)
    return build_deaths_map(spec)


def show_map() -> None:
    # built once per view for every session that shows it; opens at the link's view=, if any
    map_view = ("deaths", filters.countries, years, view, tuple(routes), tuple(causes), language)
    page_map.show(
        map_view, build_map, key="deaths", height=480,
        title=_("{title}, {selection}").format(title=layer_name(view), selection=downloads.selection_label(countries, years, names)),
        sources=incident_sources,
        date=data_date,
    )


def show_figures() -> None:
    with st.container(border=True):
        heading = _("Records in the selection")
        st.markdown("**" + heading + "**")
        grid = st.container(horizontal=True, wrap=True, gap="medium")
        grid.metric(_("Dead"), format_number(figures.dead), width="content")
        grid.metric(_("Missing"), format_number(figures.missing), help=_("Minimum estimated number of missing."), width="content")
        grid.metric(_("Incidents"), format_number(figures.incidents), width="content")
        grid.metric(
            _("Children"),
            "—" if figures.children is None else format_number(figures.children),
            help=_("Children among the dead and missing, in the {known} of {total} incidents that state it.").format(
                known=format_number(figures.children_known), total=format_number(figures.incidents)
            ),
            width="content",
        )
        grid.metric(
            _("Women and girls"),
            "—" if figures.females is None else format_number(figures.females),
            help=_("Females among the dead and missing, in the {known} of {total} incidents that record their sex.").format(
                known=format_number(figures.females_known), total=format_number(figures.incidents)
            ),
            width="content",
        )
        notes = [_("Sex recorded in {known} of {total} incidents.").format(known=format_number(figures.females_known), total=format_number(figures.incidents))]
        notes.append(_("Every record counts once, split and cumulative incidents included."))
        notes.append(helpers.md(credit) + ".")
        if data_date:
            notes.append(_("Data as of {date} (the newest record of the export).").format(date=format_date(data_date)))
        st.caption(" ".join(notes))


def show_published() -> None:
    published = helpers.published(years)
    with st.container(border=True):
        st.markdown("**" + _("Published totals (real figures)") + "**")
        if published.headline is None and not published.lines:
            st.caption(_("No published totals for {first}–{last}.").format(first=years[0], last=years[1]))
            return
        if published.headline is not None:
            label, value, help_text = published.headline
            st.metric(label, value, help=help_text)
        st.caption("  \n".join(published.lines))


def show_family_links() -> None:
    with st.container(border=True):
        st.markdown("**" + _("Looking for a missing relative?") + "**")
        st.markdown(
            "- "
            + _("[ICRC Restoring Family Links](https://familylinks.icrc.org/): the Red Cross and Red Crescent network that helps families search for relatives lost on migration routes, through each country's Red Cross society.")
            + "\n- "
            + _("Mexico: [Comisión Nacional de Búsqueda de Personas](https://www.gob.mx/cnb), the national search commission; from abroad, families can also report through Mexican consulates (Mecanismo de Apoyo Exterior).")
        )


# The map and, beside it, cards about as tall as it; the published totals (long lines) run the page's width below.
left, right = st.columns([3, 2], gap="medium")
with left:
    if rows.empty:
        st.info(_("No incident records match this selection. Try more countries, a wider year range, or fewer route and cause filters."))
    else:
        show_map()
with right:
    show_figures()
    show_family_links()
show_published()

if not rows.empty:
    year_col, cause_col = st.columns(2, gap="medium")
    with year_col:
        by_year = chosen.by_year
        st.altair_chart(by_year, width="stretch", on_select="rerun", key="deaths_by_year_chart")
        if routes:
            linked.chip("deaths_routes", ", ".join(dx.route_label(r) for r in routes), [], "deaths_routes_chip")
        downloads.chart_download(by_year, "dead-and-missing-by-year-and-route", "deaths_by_year", data_date)
    with cause_col:
        by_cause = chosen.by_cause
        st.altair_chart(by_cause, width="stretch", on_select="rerun", key="deaths_by_cause_chart")
        if causes:
            linked.chip("deaths_causes", ", ".join(dx.cause_label(c) for c in causes), [], "deaths_causes_chip")
        downloads.chart_download(by_cause, "dead-and-missing-by-cause", "deaths_by_cause", data_date)

if len(selected):
    ordered, table = selected, chosen.table
    table_title = _("Incident records: {n}")
    st.markdown("**" + table_title.format(n=format_number(len(table))) + "**")
    first = downloads.page_start(len(table), "deaths_incident_page")
    shown = shared.arrow(table).slice(first, tables.PAGE_ROWS)
    if shown.num_rows < len(table):
        st.caption(
            _("Records {first}–{last} of {total}.").format(first=format_number(first + 1), last=format_number(first + shown.num_rows), total=format_number(len(table)))
        )
    picked = st.dataframe(
        shown,
        hide_index=True,
        height=320,
        placeholder="—",
        column_config={"url": st.column_config.LinkColumn(_("Link"), display_text=_("Open report"))},
        on_select="rerun",
        selection_mode="single-row",
        key=f"deaths_incident_table_{first}",  # a row chosen on one page is not chosen on the next
    )
    if picked is not None and picked.selection.rows:  # a row chosen: its record can be reported
        record = ordered.iloc[first + picked.selection.rows[0]]
        feedback.report_button("incidents", str(record["incident_id"]), incident_title(record), key="deaths_report")
    else:
        st.caption(_("Select a row to report a problem with that record."))

with st.expander(_("What is counted, and how far to trust it")):
    lines = [
        _("The Missing Migrants Project (IOM) records deaths and disappearances of people in migration towards an international destination. Its numbers are minimum estimates: deaths that are never found or reported are not in them."),
        _("It leaves out deaths in detention, after deportation and in camps."),
        _("Locations are in most cases approximate: on the map a dashed outline marks an approximate location, and the heat and hexagon views, which add records up by area, are no more precise than the records."),
        _("Source Quality runs from 1 to 5: 1 is a single media source, 5 is official sources or several humanitarian actors. Paler points on the map have a lower Source Quality."),
        _("Besides ordinary incidents, the Project's data has rows of type \"Split Incident\" (one record whose Incident ID lists its parts) and \"Cumulative Incident\" (deaths reported together). Each row is one record and counts once in every total here, as in IOM's published totals."),
        _("Where the source lists several Source Quality grades for a record (e.g. 3 and 5), all are kept in the table; the highest drives the map symbol."),
        _("Figures are revised for months after the events: always read them with their data date."),
    ]
    st.markdown("\n".join("- " + line for line in lines))
    dates = helpers.source_dates()
    st.caption("  \n".join(dates))
