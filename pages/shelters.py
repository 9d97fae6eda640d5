"""Shelters and services: a searchable directory, its map, a detail panel and the shelters near the routes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import shelters as analysis
from i18n import _, format_number
from mapping.shelters import build_shelter_map, fit_bounds
from importers import feedback as feedback_store
from ui import context, data, downloads, feedback, linked, page_map, shared
from ui import shelters as cached
from ui.deaths import md

KM_MIN, KM_MAX, KM_DEFAULT = 5, 100, 25
ROW_PX = 37  # height of a dataframe row at the app's 17 px base font


def controls(choices: cached.Options) -> analysis.ShelterQuery:
    types, services, populations = analysis.type_labels(), analysis.service_labels(), analysis.population_labels()
    # A wrapping row: one line on a laptop, two controls a line on a phone.
    type_options, service_options, population_options = choices.types, choices.services, choices.populations
    by_label = {types[t]: t for t in type_options}  # the chart's bars carry the type's label
    linked.take_pick("shelters_counts_chart", "type_label", "shelters_types", type_options, as_list=True, convert=by_label.get)  # a click on the chart filters
    linked.control("shelters_search", "q", "")
    linked.control("shelters_types", "type", [], type_options)
    linked.control("shelters_services", "service", [], service_options)
    linked.control("shelters_populations", "serves", [], population_options)
    linked.control("shelters_hide_closed", "hide_closed", False)
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    text = row.text_input(_("Search"), placeholder=_("Name, town or operator"), key="shelters_search", width="stretch")
    chosen_types = row.multiselect(
        _("Type"), type_options, format_func=types.get, placeholder=_("All types"), key="shelters_types", width=150
    )
    chosen_services = row.multiselect(
        _("Services"),
        service_options,
        format_func=services.get,
        placeholder=_("Any service"),
        help=_("Shelters offering every service chosen."),
        key="shelters_services",
        width=150,
    )
    chosen_populations = row.multiselect(
        _("Serves"),
        population_options,
        format_func=populations.get,
        placeholder=_("Anyone"),
        help=_("Shelters serving at least one of the groups chosen; shelters that serve everyone always match."),
        key="shelters_populations",
        width=150,
    )
    hide_closed = row.toggle(_("Hide closed"), key="shelters_hide_closed")
    return analysis.ShelterQuery(
        text=text, types=tuple(chosen_types), services=tuple(chosen_services), populations=tuple(chosen_populations), hide_closed=hide_closed
    )


def key_figures(found: cached.Results) -> None:
    results, total, closed, sensitive = found.shelters, found.total, found.closed, found.sensitive
    row = st.container(horizontal=True, gap="medium")  # four in a line on a laptop, two on a phone
    row.metric(
        _("Shelters and service points"),
        format_number(len(results)),
        help=_("Results of the search and filters, out of {total} in the selected countries.").format(total=format_number(total)),
    )
    row.metric(_("Countries"), format_number(results["country_iso3"].nunique()))
    row.metric(_("Closures reported"), format_number(closed), help=_("Included in the results and marked; use 'Hide closed' to leave them out."))
    row.metric(_("Shown at town level"), format_number(sensitive), help=_("Sensitive shelters: an exact location could put residents at risk."))


def map_and_chart(found: cached.Results, filters, language: str, names: dict[str, str]) -> None:
    results = found.shelters
    left, right = st.columns([3, 2])
    with left:

        def build_map():
            routes = data.feature_collection("routes", filters.country_filter, filters.years, language) if "routes" in filters.layers else None
            fallback = None
            if filters.country_filter:
                minx, miny, maxx, maxy = data.layer("countries", filters.country_filter).total_bounds
                fallback = [[float(miny), float(minx)], [float(maxy), float(maxx)]]
            return build_shelter_map(
                data.basemap(language),
                cached.result_features(filters.country_filter, results["shelter_id"].tolist()),
                routes=routes,
                selected=list(filters.countries),
                bounds=fit_bounds(results, fallback),
                height=430,
            )

        # built once per view for every session that shows it; opens at the link's view=, if any
        view = ("shelters", filters.countries, filters.years, filters.layers, language, tuple(results["shelter_id"]))
        title = _("Shelters and services: {n} results, {selection}").format(
            n=format_number(len(results)), selection=downloads.selection_label(filters.country_filter, filters.years, names)
        )
        page_map.show(view, build_map, key="shelters", height=430, title=title)
    with right:
        types = analysis.type_labels()
        chart = found.chart
        st.altair_chart(chart, width="stretch", on_select="rerun", key="shelters_counts_chart")
        chosen = st.session_state.get("shelters_types") or []
        if chosen:
            linked.chip("shelters_types", ", ".join(types.get(t, t) for t in chosen), [], "shelters_types_chip")
        downloads.chart_download(chart, "shelters-by-country-and-type", "shelters_counts")
        with st.expander(_("Counts as a table")):
            table = found.count_table
            st.dataframe(table, width="stretch", placeholder="—")
    st.caption(
        _("Map and chart show the results of the search. Sensitive shelters are drawn at town level only; each point's popup names its source and location precision.")
    )


def directory(rows: pd.DataFrame, shown: pd.DataFrame) -> None:
    """The directory; a click on a row opens that shelter in the detail panel below."""
    st.header(_("Directory"))
    st.caption(_("Click a row to open its details."))
    event = st.dataframe(
        shared.arrow(shown),
        hide_index=True,
        placeholder="—",  # not "None"
        width="stretch",
        height=min(ROW_PX * (len(rows) + 1) + 3, 330),
        on_select="rerun",
        selection_mode="single-row",
        key="shelters_directory",
        column_config={
            "name": st.column_config.TextColumn(_("Name"), width="large"),
            "status": st.column_config.TextColumn(_("Status"), width=240, help=_("Closed shelters stay listed, marked with the date their closure was reported.")),
            "type": st.column_config.TextColumn(_("Type")),
            "place": st.column_config.TextColumn(_("Town")),
            "country": st.column_config.TextColumn(_("Country")),
            "services": st.column_config.TextColumn(_("Services")),
            "serves": st.column_config.TextColumn(_("Serves")),
            "contact": st.column_config.LinkColumn(_("Website"), help=_("Public contact, only where published.")),
            "other_contact": st.column_config.TextColumn(_("Other contact")),
            "location": st.column_config.TextColumn(_("Location precision")),
            "last_verified": st.column_config.TextColumn(_("Last verified")),
            "source": st.column_config.TextColumn(_("Source")),
            "source_url": st.column_config.LinkColumn(_("Source link")),
            "illustrative": st.column_config.CheckboxColumn(_("Illustrative data")),
        },
    )
    picked = list(event.selection.rows) if event is not None else []
    chosen = str(rows["shelter_id"].iloc[picked[0]]) if picked and picked[0] < len(rows) else None
    if chosen is not None and chosen != st.session_state.get("shelters_directory_opened"):
        st.session_state["shelters_directory_opened"] = chosen
        st.session_state["shelters_detail"] = chosen  # the detail panel's selector, drawn below


def detail(results: pd.DataFrame, rows: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str]) -> None:
    st.header(_("Details"))
    labels = {}
    for row in rows.itertuples():
        label = _("{name} — {town}, {country}").format(name=row.name, town=row.place, country=row.country)
        labels[row.shelter_id] = label + (" · " + row.status if row.status else "")
    requested = st.query_params.get("shelter")  # a map popup's link names the shelter
    linked.control("shelters_detail", "shelter", next(iter(labels), None), list(labels))
    chosen = st.selectbox(_("Shelter"), list(labels), format_func=labels.get, key="shelters_detail")
    picked = results[(results["shelter_id"] == chosen).to_numpy()]
    shelter = picked.iloc[0]
    if analysis.is_closed(picked).iloc[0]:
        st.warning(_("A closure of this service point was reported on {date}.").format(date=str(shelter["closed"])))
    if analysis.is_sensitive(shelter):
        st.info(_("This location is shown at town level to protect residents."))
    if bool(shelter["is_demo"]):
        st.warning(_("Illustrative data: this is not a real record."))
    verified = feedback_store.verification(data.store(), str(chosen))
    if verified:
        st.caption(
            _("Last verified {date} by {user}, from report {report} (import {import_id}).").format(
                date=str(verified["at"])[:10], user=md(verified["by"]), report=verified["report_id"], import_id=verified["import_id"] or "–"
            )
        )
    elif not pd.isna(shelter["last_verified"]):
        st.caption(_("Last verified {date} against its published source.").format(date=str(shelter["last_verified"])[:10]))
    else:
        st.caption(_("Not verified since it was published."))
    feedback.report_button("shelters", str(chosen), labels[chosen], key="shelters_report")
    if st.query_params.get("report") == "1":  # opened from a map popup's link
        del st.query_params["report"]
        if requested == chosen:
            feedback.open_form("shelters", str(chosen), labels[chosen])
    table = analysis.detail_rows(shelter, sources, names)
    st.dataframe(
        table,
        hide_index=True,
        placeholder="—",  # not "None"
        width="stretch",
        height=ROW_PX * (len(table) + 1) + 3,
        column_config={
            "field": st.column_config.TextColumn(_("Field")),
            "value": st.column_config.TextColumn(_("Value"), width="large"),
            "link": st.column_config.LinkColumn(_("Link")),
        },
    )


def near_routes(query: analysis.ShelterQuery, filters) -> None:
    st.header(_("Near the routes"))
    if not cached.near(filters.country_filter, filters.years, query, None).measured:
        st.info(_("No migration route runs through the selected countries and years, so no distance can be measured."))
        return
    c1, c2 = st.columns([2, 3], vertical_alignment="center")
    linked.control("shelters_km", "km", KM_DEFAULT, range(KM_MIN, KM_MAX + 1, 5))
    km = c1.slider(_("Distance from a route (km)"), KM_MIN, KM_MAX, step=5, key="shelters_km")
    near = cached.near(filters.country_filter, filters.years, query, int(km))  # shared by every viewer of this search
    c2.metric(
        _("Within {km} km of a route").format(km=format_number(km)),
        _("{n} of {total}").format(n=format_number(near.close), total=format_number(near.results)),
        help=_("Shelters and service points of the results whose public location is no further than the chosen distance from a route segment."),
    )
    if not near.close:
        st.info(_("No shelter of the results lies within {km} km of a route.").format(km=format_number(km)))
    else:
        table = near.table
        st.dataframe(
            shared.arrow(table),
            hide_index=True,
            placeholder="—",  # not "None"
            width="stretch",
            height=min(ROW_PX * (len(table) + 1) + 3, 330),
            column_config={
                "shelter": st.column_config.TextColumn(_("Shelter"), width="large"),
                "place": st.column_config.TextColumn(_("Place")),
                "route": st.column_config.TextColumn(_("Nearest route"), width="large"),
                "distance_km": st.column_config.NumberColumn(_("Distance (km)"), format="%.1f"),
                "route_source": st.column_config.TextColumn(_("Route source")),
            },
        )
    st.caption(
        _(
            "Distance from each shelter's public location (town level for sensitive shelters) to the nearest route segment in the selected countries and years, "
            "measured in the local UTM projection. Most routes are drawn schematically through the towns they link, so distances are indicative. "
            "Sources: each shelter's source is in the directory above, each route segment's in the table."
        )
    )


def main() -> None:
    filters, language = context.current()
    st.title(_("Shelters and services"))
    choices = cached.options(filters.country_filter)
    if not choices.shelters:
        st.info(
            _(
                "The bundled directory lists no shelter or service point in the selected countries. "
                "It covers publicly reported shelters from Colombia to the US border; choose other countries in the sidebar."
            )
        )
        return
    query = controls(choices)
    found = cached.results(filters.country_filter, query)  # shared by every viewer of this search
    results = found.shelters
    if results.empty:
        st.info(_("No shelter or service point matches the search and filters. Try fewer words or fewer filters."))
        return
    names = data.country_names(language)
    sources = data.sources()
    key_figures(found)
    if found.has_demo:
        st.warning(_("Some results are illustrative data, not real records; they are marked in the directory."))
    map_and_chart(found, filters, language, names)
    rows = found.rows
    directory(rows, found.directory)
    detail(results, rows, sources, names)
    near_routes(query, filters)


main()
