"""Country brief: one country's place on the corridor and its sourced figures, on one screen and as a PDF."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analysis import country as analysis
from charts.common import finish
from exports import brief as brief_export
from i18n import _, format_number
from mapping.overview import OverviewLayers, build_overview_map
from ui import context, data, linked, presenter
from ui import country as cached
from ui.deaths import md

KEY = "country_iso3"
DEFAULT = "GTM"


def choose(names: dict[str, str], filters) -> str:
    """The country selector; the link's ?iso3= opens it, else the sidebar's first country, else Guatemala."""
    options = sorted(names, key=lambda c: names[c].casefold())
    if KEY not in st.session_state and not st.query_params.get_all("iso3"):
        st.session_state[KEY] = next((c for c in filters.countries if c in names), DEFAULT)
    linked.control(KEY, "iso3", "", options)
    if st.session_state[KEY] not in names:
        st.session_state[KEY] = DEFAULT
    return st.session_state[KEY]


def figure_row(label: str, item: analysis.Sourced, text: str | None) -> None:
    shown = text if text is not None and not item.missing else _("no sourced figure")
    st.markdown(f"**{md(label)}**: {md(shown)}")
    line = analysis.figure_line(item)
    if line:
        st.caption(md(line))


def key_figures(brief: analysis.Brief) -> None:
    d = brief.deaths.value
    figure_row(
        _("Dead and missing on its territory"),
        brief.deaths,
        None if d is None else _("{total} ({dead} dead, {missing} missing) in {records} records").format(
            total=format_number(d["dead"] + d["missing"]), dead=format_number(d["dead"]), missing=format_number(d["missing"]), records=format_number(d["records"])
        ),
    )
    n = brief.nationals_elsewhere.value
    figure_row(
        _("Its nationals dead or missing elsewhere"),
        brief.nationals_elsewhere,
        None if n is None else _("{total} in {records} records, in {countries} countries").format(total=format_number(n["dead_and_missing"]), records=format_number(n["records"]), countries=format_number(n["countries"])),
    )
    sh = brief.shelters.value
    figure_row(
        _("Shelters and service points"),
        brief.shelters,
        None if brief.shelters.missing else f"{format_number(int(sh['count'].sum()))}: " + ", ".join(f"{label} {format_number(int(c))}" for label, c in zip(sh["label"], sh["count"])),
    )
    sv = brief.services.value
    figure_row(_("Services offered"), brief.services, None if brief.services.missing else ", ".join(f"{label} {format_number(int(c))}" for label, c in zip(sv["label"], sv["count"])))
    dn = brief.darien_nationals.value
    figure_row(
        _("Its nationals crossing the Darién (Panama's figures)"),
        brief.darien_nationals,
        None if brief.darien_nationals.missing else "; ".join(f"{y}: {format_number(int(c))}" for y, c in zip(dn["year"], dn["count"])),
    )


def country_map(brief: analysis.Brief, language: str) -> None:
    minx, miny, maxx, maxy = brief.bounds
    codes = [brief.iso3]
    incidents = data.layer("incidents", codes)
    layers = OverviewLayers(
        basemap=data.basemap(language),
        selected=codes,
        overlays={**data.overlays(("routes", "shelters", "zones"), codes, None, language), "incidents": incidents},
        incident_display={"source": data.sources()["name"].to_dict(), "country": data.country_names(language)},
        has_demo_incidents=bool(incidents["is_demo"].fillna(False).astype(bool).any()),
    )
    m = build_overview_map(layers, bounds=[[miny, minx], [maxy, maxx]], height=420)
    st_folium(m, height=presenter.map_height(420), use_container_width=True, returned_objects=[], key=f"country_map_{brief.iso3}")
    st.caption(_("Map framed on the country's data: routes, disaster zones, dead and missing (records) and shelters (sensitive ones at town level)."))


def deaths_charts(brief: analysis.Brief) -> None:
    if brief.deaths_by_year.missing:
        st.info(_("Dead and missing: no sourced figure for this country in the bundled data."))
        return
    sources = list(brief.deaths_by_year.sources)
    by_year = brief.deaths_by_year.value.melt(id_vars=["year"], value_vars=["dead", "missing"], var_name="kind", value_name="people")
    by_year["kind"] = by_year["kind"].map({"dead": _("Dead"), "missing": _("Missing")})
    years = alt.Chart(by_year).mark_bar().encode(
        x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=0, labelOverlap="greedy")),
        y=alt.Y("people:Q", title=_("People"), stack=True),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=[_("Dead"), _("Missing")], range=[brief_export.DEAD_COLOUR, brief_export.MISSING_COLOUR])),
        tooltip=[alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("kind:N", title=" "), alt.Tooltip("people:Q", title=_("People"), format=",d")],
    )
    causes = alt.Chart(brief.deaths_by_cause.value).mark_bar(color=brief_export.DEAD_COLOUR).encode(
        y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X("dead_and_missing:Q", title=_("Dead and missing")),
        tooltip=[alt.Tooltip("label:N", title=_("Cause")), alt.Tooltip("dead_and_missing:Q", title=_("Dead and missing"), format=",d"), alt.Tooltip("records:Q", title=_("Records"))],
    )
    left, right = st.columns(2)
    left.altair_chart(finish(years, _("Dead and missing by year"), sources, height=240), width="stretch")
    right.altair_chart(finish(causes, _("Dead and missing by cause"), sources, height=240), width="stretch")
    if brief.deaths_by_year.note:
        st.caption(md(brief.deaths_by_year.note))
    if brief.deaths_by_year.illustrative:
        st.caption(_("Illustrative records, not real data."))


def displacement_section(brief: analysis.Brief) -> None:
    st.header(_("Disaster displacement"))
    if brief.largest_events.missing:
        st.write(_("no sourced figure"))
        return
    by_year = brief.displacement_by_year.value
    years = ", ".join(
        f"{int(r.year)}: " + (format_number(int(r.displacement)) if not pd.isna(r.displacement) else _("no sourced figure")) for r in by_year.itertuples()
    )
    st.markdown(md(_("Displacement by year: {years}").format(years=years)))
    events = brief.largest_events.value
    table = pd.DataFrame(
        {
            _("Event"): events["event"],
            _("Year"): events["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
            _("Hazard"): events["hazard"],
            _("Displacement"): [
                (format_number(int(v)) + (" *" if shared else "")) if not pd.isna(v) else _("no sourced figure") for v, shared in zip(events["displacement"], events["shared"])
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", placeholder="—")
    line = analysis.sourced_line(brief.largest_events)
    if (events["shared"].astype(bool) & events["displacement"].notna()).any():
        line += " " + _("* Figure for the whole event, all affected countries.")
    st.caption(md(line))


def downloads_row(brief: analysis.Brief, language: str) -> None:
    link = presenter.current_link()
    row = st.container(horizontal=True, gap="small")
    for page in ("A4", "Letter"):
        row.download_button(
            _("Brief as PDF ({size})").format(size=page),
            data=lambda page=page: cached.pdf(brief.iso3, language, page, link),
            file_name=brief_export.file_name(brief.iso3, language, page, "pdf"),
            mime="application/pdf",
            key=f"brief_pdf_{page}",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
    row.download_button(
        _("Brief as PNG (for slides)"),
        data=lambda: cached.png(brief.iso3, language, link),
        file_name=brief_export.file_name(brief.iso3, language, "A4", "png"),
        mime="image/png",
        key="brief_png",
        icon=":material/image:",
        on_click="ignore",
    )


def main() -> None:
    filters, language = context.current()
    names = data.country_names(language)
    iso3 = choose(names, filters)
    brief = cached.brief(iso3, language)
    st.title(_("Country brief: {country}").format(country=brief.name))
    st.selectbox(_("Country"), sorted(names, key=lambda c: names[c].casefold()), format_func=names.get, key=KEY, width=320)
    st.markdown(md(analysis.membership_text(brief)))
    st.caption(_("A brief covers the whole country and every year of the data: the sidebar's filters do not apply to it."))
    downloads_row(brief, language)
    if brief.deaths.illustrative:
        st.warning(_("The incident records in this brief are illustrative, not real data: import a Missing Migrants Project export to replace them."))
    st.header(_("Place on the corridor"))
    st.markdown(md(brief.corridor))
    left, right = st.columns([3, 2])
    with left:
        country_map(brief, language)
    with right:
        st.header(_("Key figures"))
        key_figures(brief)
    st.header(_("Dead and missing"))
    deaths_charts(brief)
    displacement_section(brief)
    if not brief.shelter_list.empty:
        with st.expander(_("Shelters and service points in {country}").format(country=brief.name)):
            st.dataframe(
                brief.shelter_list.rename(columns={"name": _("Name"), "type": _("Type"), "municipality": _("Town")}), hide_index=True, width="stretch", placeholder="—"
            )
            st.caption(_("Sensitive shelters are located at town level only."))


main()
