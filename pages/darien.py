"""Darién corridor: the route step by step, the crossings, and deaths beside the crossings."""

from __future__ import annotations

import streamlit as st

from analysis import darien
from i18n import _, format_number
from i18n.vocabulary import nationality_label
from mapping.darien import DarienLayers, build_darien_map
from ui import context, data, downloads, linked, page_map, shared
from ui import darien as ui

DARIEN_COUNTRIES = {"COL", "PAN"}
DEFAULT_KM = 25

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Darién corridor"))

if countries and not DARIEN_COUNTRIES & set(countries):
    st.info(
        _(
            "The Darién lies in Colombia and Panama, which are not in your country selection. "
            "This page still shows the whole corridor and Panama's crossing figures; add Colombia or Panama to the selection to see them on the other pages."
        )
    )

head = ui.headline(years)  # shared by every viewer of these years
figures = head.figures


def _figure(value) -> str:
    return "—" if value is None else format_number(value)


# ------------------------------------------------------------------ key figures

c1, c2, c3, c4 = st.columns(4)
years_note = dict(delta_color="off", delta_arrow="off")
c1.metric(
    _("Northbound crossings"),
    _figure(figures.northbound),
    delta=darien.year_span(figures.northbound_years) or None,
    help=_("Sum of the yearly totals of irregular transits through the Darién recorded by Panama's National Migration Service (SNM), for the selected years that have one (shown under the figure)."),
    **years_note,
)
c2.metric(
    _("Peak year"),
    _figure(figures.peak),
    delta=str(figures.peak_year) if figures.peak_year else None,
    help=_("The selected year with the most northbound crossings."),
    **years_note,
)
c3.metric(
    _("Southbound (reverse flow)"),
    _figure(figures.southbound),
    delta=darien.year_span(figures.southbound_years) or None,
    help=_("People recorded travelling south through the Darién, in the years shown under the figure. Empty when the selection has no southbound figure."),
    **years_note,
)
c4.metric(
    _("Dead and missing (MMP)"),
    format_number(head.dead_and_missing),
    delta=f"{years[0]}–{years[1]}",
    help=_("Sum of the dead and missing in the IOM Missing Migrants Project records on the route \"Darien\" in the selected years; every record counts once, split and cumulative incidents included."),
    **years_note,
)
st.caption(head.caption)
if head.no_crossings:
    st.info(head.no_crossings)

# ------------------------------------------------------------------ the route step by step

segments = ui.corridor(years)

if segments.empty:
    span = darien.years_of_use(ui.corridor(None))
    st.info(
        _("None of the Darién route's segments was in common use in the selected years ({first}–{last}). The segments in the data cover {span}.").format(
            first=years[0], last=years[1], span=span or _("other years")
        )
    )
else:
    map_column, steps_column = st.columns(2, gap="medium")
    with steps_column:
        linked.control("darien_km", "km", DEFAULT_KM, range(5, 101, 5))
        km = st.slider(
            _("Services within this many km of the route"),
            min_value=5,
            max_value=100,
            step=5,
            key="darien_km",
            help=_("Shelters and service points no further than this from a step's lines, measured in a projected coordinate system."),
        )
        for step in ui.steps(years, km):
            with st.expander(step.label):
                for line, notes, source in step.segments:
                    st.markdown(line)
                    st.text(notes)
                    st.caption(source)
                if step.services is None:
                    st.text(_("No shelter or service point in the data within {km} km of this step.").format(km=km))
                else:
                    st.text(_("Services within {km} km of this step:").format(km=km))
                    st.dataframe(shared.arrow(step.services), hide_index=True, width="stretch", placeholder="—")
        st.caption(
            _(
                "Open a step for what the sources report on duration and risks. Distances are measured along the schematic lines "
                "(drawn through the towns, not traced), so real paths are longer; a range covers a step's alternative branches."
            )
        )
    with map_column:

        def build_map():
            layers_geo = ui.map_layers(years, km)
            layers = DarienLayers(
                basemap=data.basemap(language),
                segments=layers_geo["segments"],
                places=layers_geo["places"],
                services=layers_geo["services"],
                service_km=km,
                modes=layers_geo["modes"],
                selected=sorted(DARIEN_COUNTRIES),
            )
            return build_darien_map(layers)  # opens on the jungle crossing (mapping.framing.FOCUS)

        # built once per view for every session that shows it; opens at the link's view=, if any
        page_map.show(
            ("darien", years, km, language), build_map, key="darien", height=430,
            title=_("Darién corridor: the route step by step and services within {km} km ({first}–{last})").format(km=km, first=years[0], last=years[1]),
        )

# ------------------------------------------------------------------ crossings

st.header(_("Crossings"))
crossing = ui.crossings(years)  # shared by every viewer of these years
if crossing.yearly.empty:
    st.info(_("No crossing figures for the selected years."))
else:
    year_col, month_col = st.columns(2, gap="medium")
    nat_col, notes_col = st.columns(2, gap="medium")
    with year_col:
        st.altair_chart(crossing.chart, width="stretch", on_select="rerun", key="darien_yearly_chart")
        # A click on a year's bar shows that year in the monthly and nationality charts (when they have it).
        for target, allowed in (("darien_month_year", crossing.month_years), ("darien_nat_year", crossing.nationality_years)):
            if linked.take_pick("darien_yearly_chart", "year", target, allowed, as_list=False, convert=int):
                st.session_state["darien_picked_year"] = st.session_state[target]
        picked_year = st.session_state.get("darien_picked_year")
        if picked_year is not None and picked_year in (st.session_state.get("darien_month_year"), st.session_state.get("darien_nat_year")):
            defaults = {"darien_picked_year": None}
            if crossing.month_years:
                defaults["darien_month_year"] = crossing.month_years[-1]
            if crossing.nationality_years:
                defaults["darien_nat_year"] = crossing.nationality_years[-1]
            linked.chip(defaults, _("Year: {year}").format(year=picked_year), None, "darien_year_chip")
        downloads.chart_download(crossing.chart, "darien-crossings-per-year", "darien_yearly")
    with notes_col:
        with st.expander(_("How these figures were reported")):
            for span, note in crossing.notes:
                st.text(_("{years}: {note}").format(years=span, note=note))
    with month_col:
        month_years = crossing.month_years
        if not month_years:
            st.info(_("No monthly figures in the selected years; the data has monthly figures for {years}.").format(years=crossing.month_span))
        else:
            month_year = month_years[-1]
            if len(month_years) > 1:
                linked.control("darien_month_year", "month_year", month_years[-1], month_years)
                month_year = st.selectbox(_("Year (monthly)"), month_years, key="darien_month_year")
            monthly = ui.months(month_year)
            downloads.show_chart(monthly.chart, f"darien-crossings-per-month-{month_year}", "darien_monthly")
            if monthly.note:
                st.caption(monthly.note)
    with nat_col:
        nat_years = crossing.nationality_years
        if not nat_years:
            st.info(_("No figures by nationality in the selected years; the data has them for {years}.").format(years=crossing.nationality_span))
        else:
            linked.control("darien_nat_year", "nationality_year", nat_years[-1], nat_years)
            nat_year = st.selectbox(_("Nationalities in"), nat_years, key="darien_nat_year")
            by_nationality = ui.nationalities(nat_year)
            named = crossing.named
            # a click on a nationality's bar follows it through every year Panama reports it
            linked.take_pick("darien_nationality_chart", "nationality", "darien_nationality", named, as_list=False, convert={nationality_label(n): n for n in named}.get)
            linked.control("darien_nationality", "nationality", "", ["", *named])
            st.altair_chart(by_nationality.chart, width="stretch", on_select="rerun", key="darien_nationality_chart")
            ui.nationality_years(data.layer("darien_crossings"), data.sources())
            downloads.chart_download(by_nationality.chart, f"darien-crossings-by-nationality-{nat_year}", "darien_nationality")
            if by_nationality.note:
                st.caption(by_nationality.note)

# ------------------------------------------------------------------ deaths beside the crossings

st.header(_("Deaths and disappearances beside the crossings"))
rates = ui.rates(years)  # shared by every viewer of these years
if rates.empty_note:
    st.info(rates.empty_note)
else:
    for year in rates.disagreements:
        st.warning(_("{year}: the published figures differ because they count different things. Both are shown with their definitions; neither is picked.").format(year=year))
    chart_col, table_col = st.columns([2, 3], gap="medium")
    with chart_col:
        if rates.chart is not None:
            downloads.show_chart(rates.chart, "darien-deaths-per-100000-crossings", "darien_rate")
        else:
            st.info(_("No year in the selection has both a death figure and a crossings figure, so no rate is shown."))
    with table_col:
        st.dataframe(
            shared.arrow(rates.table),
            hide_index=True,
            width="stretch",
            placeholder="—",
            column_config={
                _("Year"): st.column_config.TextColumn(width=50),
                _("People"): st.column_config.NumberColumn(format="localized", width=70),
                _("Per 100,000 crossings"): st.column_config.NumberColumn(format="%.1f", help=_("Shown only where both the death figure and the year's crossings exist.")),
                _("Crossings (SNM)"): st.column_config.NumberColumn(format="localized", help=_("Northbound crossings of the same year recorded by Panama's National Migration Service.")),
                _("Link"): st.column_config.LinkColumn(display_text=_("open")),
            },
        )
        st.caption(_("Rate = the figure ÷ the same year's northbound crossings recorded by SNM × 100,000; empty where either figure is missing."))
    with st.expander(_("What each figure counts (definitions)"), expanded=bool(rates.disagreements)):
        for line, definition in rates.definitions:
            st.text(line)
            st.caption(definition)
    if rates.missing_note:
        st.caption(rates.missing_note)
