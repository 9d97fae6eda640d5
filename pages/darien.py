"""Darién corridor: the route step by step, the crossings, and deaths beside the crossings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import citation
from analysis import darien
from analysis import deaths as dx
from charts import darien as darien_charts
from i18n.vocabulary import measure_label
from i18n import _, data_text, format_date, format_number
from i18n.vocabulary import nationality_label
from importers.mmp import attribution
from mapping import styles
from mapping.darien import DarienLayers, build_darien_map, service_table
from ui import context, data, downloads, linked, shared, page_map
from ui import darien as ui
from ui.darien import md_escape

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

sources = data.sources()
all_crossings = data.layer("darien_crossings")
crossings = data.layer("darien_crossings", None, years)
totals = data.layer("reported_totals", None, years)
figures = darien.key_figures(crossings, totals)


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
every_incident = data.layer("incidents")
darien_records = dx.on_route(data.layer("incidents", None, years), darien.MMP_ROUTE)
c4.metric(
    _("Dead and missing (MMP)"),
    format_number(int(darien_records["dead"].sum() + darien_records["missing"].sum())),
    delta=f"{years[0]}–{years[1]}",
    help=_("Sum of the dead and missing in the IOM Missing Migrants Project records on the route \"Darien\" in the selected years; every record counts once, split and cumulative incidents included."),
    **years_note,
)
key_sources = []
if figures.crossing_sources:
    key_sources.append(_("Crossings: {sources}.").format(sources="; ".join(md_escape(c) for c in citation.citations(figures.crossing_sources, sources, short=32))))
key_sources.append(_("Dead and missing: {sources}.").format(sources=md_escape(attribution() + "; " + _("filtered to the selection"))))
differ = [c for c in dx.compare_with_published(every_incident, totals, years, darien.MMP_ROUTE) if c.differs]
if differ:  # beside the computed figure, in the line under the figures (a caption under it pushed the map below the fold)
    key_sources.append(
        _("Published by IOM: {list}. MMP revises past years; the records are as of {date}.").format(
            list=" · ".join(_("{year} {published} (records {computed})").format(year=c.year, published=format_number(c.published), computed=format_number(c.computed)) for c in differ),
            date=dx.data_date(every_incident, sources) and format_date(dx.data_date(every_incident, sources)) or _("unknown"),
        )
    )
st.caption(" ".join(key_sources))
if not figures.crossing_sources:
    st.info(_("There are no Darién crossing figures for the selected years. Panama's figures cover {years}.").format(years=darien.year_span(darien.northbound_by_year(all_crossings).index)))

# ------------------------------------------------------------------ the route step by step

segments = ui.corridor(years)

if segments.empty:
    span = darien.years_of_use(ui.corridor(None))
    st.info(
        _("None of the Darién route's segments was in common use in the selected years ({first}–{last}). The segments in the data cover {span}.").format(
            first=years[0], last=years[1], span=span or _("other years")
        )
    )
    route_steps = []
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
        by_step = ui.services(years, km)[0]
        route_steps = darien.steps(segments)
        names = data.country_names(language)
        for step in route_steps:
            here = by_step[by_step["step"] == step.number]
            modes = ", ".join(styles.mode_label(m) for m in step.modes)
            km_text = darien.km_range(step.km_min, step.km_max)
            end = md_escape(" / ".join(step.ends))
            if step is route_steps[0]:
                label = _("{n}. {modes}: {start} → {end} · {km} km").format(n=step.number, modes=modes, start=md_escape(" / ".join(step.starts)), end=end, km=km_text)
            else:
                label = _("{n}. {modes} → {end} · {km} km").format(n=step.number, modes=modes, end=end, km=km_text)
            with st.expander(label):
                for row in segments[segments["step"] == step.number].to_dict("records"):
                    st.markdown(
                        _("**{start} → {end}** · {mode}, {km} km along the schematic line, {years}").format(
                            start=md_escape(row["from_place"]),
                            end=md_escape(row["to_place"]),
                            mode=styles.mode_label(row["mode"]),
                            km=darien.km_range(row["length_km"], row["length_km"]),
                            years=md_escape(f"{row['year_start']}–{row['year_end'] if pd.notna(row['year_end']) else ''}"),
                        )
                    )
                    st.text(data_text.text(row["notes"]) if pd.notna(row["notes"]) else _("The source reports no duration or risks for this segment."))
                    st.caption(_("Source: {source}").format(source=md_escape(citation.cite(row["source_id"], sources))))
                if here.empty:
                    st.text(_("No shelter or service point in the data within {km} km of this step.").format(km=km))
                else:
                    st.text(_("Services within {km} km of this step:").format(km=km))
                    st.dataframe(service_table(here, sources, names), hide_index=True, width="stretch", placeholder="—")
        st.caption(
            _(
                "Open a step for what the sources report on duration and risks. Distances are measured along the schematic lines "
                "(drawn through the towns, not traced), so real paths are longer; a range covers a step's alternative branches."
            )
        )
    with map_column:

        def build_map():
            layers_geo = ui.map_layers(years, km, language)
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
yearly = darien.yearly(crossings)
if yearly.empty:
    st.info(_("No crossing figures for the selected years."))
else:
    year_col, month_col = st.columns(2, gap="medium")
    nat_col, notes_col = st.columns(2, gap="medium")
    with year_col:
        yearly_chart = shared.chart(darien_charts.yearly_chart, yearly, citation.publishers(yearly["source_id"], sources), pick="year")
        st.altair_chart(yearly_chart, width="stretch", on_select="rerun", key="darien_yearly_chart")
        # A click on a year's bar shows that year in the monthly and nationality charts (when they have it).
        month_years_all = [y for y in darien.years_with_months(all_crossings) if years[0] <= y <= years[1]]
        nat_years_all = [y for y in darien.years_with_nationalities(all_crossings) if years[0] <= y <= years[1]]
        for target, allowed in (("darien_month_year", month_years_all), ("darien_nat_year", nat_years_all)):
            if linked.take_pick("darien_yearly_chart", "year", target, allowed, as_list=False, convert=int):
                st.session_state["darien_picked_year"] = st.session_state[target]
        picked_year = st.session_state.get("darien_picked_year")
        if picked_year is not None and picked_year in (st.session_state.get("darien_month_year"), st.session_state.get("darien_nat_year")):
            defaults = {"darien_picked_year": None}
            if month_years_all:
                defaults["darien_month_year"] = month_years_all[-1]
            if nat_years_all:
                defaults["darien_nat_year"] = nat_years_all[-1]
            linked.chip(defaults, _("Year: {year}").format(year=picked_year), None, "darien_year_chip")
        downloads.chart_download(yearly_chart, "darien-crossings-per-year", "darien_yearly")
    with notes_col:
        with st.expander(_("How these figures were reported")):
            for span, note in darien.notes_by_years(yearly):
                st.text(_("{years}: {note}").format(years=span, note=data_text.text(note)))
    with month_col:
        month_years = [y for y in darien.years_with_months(all_crossings) if years[0] <= y <= years[1]]
        if not month_years:
            st.info(
                _("No monthly figures in the selected years; the data has monthly figures for {years}.").format(
                    years=darien.year_span(darien.years_with_months(all_crossings)) or _("no year")
                )
            )
        else:
            month_year = month_years[-1]
            if len(month_years) > 1:
                linked.control("darien_month_year", "month_year", month_years[-1], month_years)
                month_year = st.selectbox(_("Year (monthly)"), month_years, key="darien_month_year")
            months = darien.monthly(all_crossings, month_year)
            month_rows = all_crossings[(all_crossings["year"] == month_year) & all_crossings["month"].notna()]
            monthly_chart = shared.chart(darien_charts.monthly_chart, months, month_year, citation.publishers(month_rows["source_id"], sources))
            downloads.show_chart(monthly_chart, f"darien-crossings-per-month-{month_year}", "darien_monthly")
            missing, remainder = darien.unreported_months(all_crossings, month_year)
            if missing:
                month_names = darien_charts.month_labels()
                gap = ", ".join(month_names[m - 1] for m in missing)
                if remainder is not None:
                    st.caption(_("No separate figure for {months}: together {n} (the year's total minus the months reported).").format(months=gap, n=format_number(remainder)))
                else:
                    st.caption(_("No figure reported for {months}.").format(months=gap))
    with nat_col:
        nat_years = [y for y in darien.years_with_nationalities(all_crossings) if years[0] <= y <= years[1]]
        if not nat_years:
            st.info(
                _("No figures by nationality in the selected years; the data has them for {years}.").format(
                    years=darien.year_span(darien.years_with_nationalities(all_crossings)) or _("no year")
                )
            )
        else:
            linked.control("darien_nat_year", "nationality_year", nat_years[-1], nat_years)
            nat_year = st.selectbox(_("Nationalities in"), nat_years, key="darien_nat_year")
            by_nationality = darien.nationalities(all_crossings, nat_year)
            nationality_chart = shared.chart(darien_charts.nationality_chart, by_nationality, nat_year, citation.publishers(by_nationality["source_id"], sources), pick="nationality")
            named = darien.named_nationalities(all_crossings)
            # a click on a nationality's bar follows it through every year Panama reports it
            linked.take_pick("darien_nationality_chart", "nationality", "darien_nationality", named, as_list=False, convert={nationality_label(n): n for n in named}.get)
            linked.control("darien_nationality", "nationality", "", ["", *named])
            st.altair_chart(nationality_chart, width="stretch", on_select="rerun", key="darien_nationality_chart")
            ui.nationality_years(all_crossings, sources)
            downloads.chart_download(nationality_chart, f"darien-crossings-by-nationality-{nat_year}", "darien_nationality")
            remainder = darien.nationality_remainder(all_crossings, nat_year)
            if remainder is not None:
                st.caption(
                    _("The source gave only the largest nationalities for {year}; {n} of the year's crossings are not broken down.").format(
                        year=nat_year, n=format_number(remainder)
                    )
                )

# ------------------------------------------------------------------ deaths beside the crossings

st.header(_("Deaths and disappearances beside the crossings"))
rates = darien.death_rates(totals, crossings)
if rates.empty:
    st.info(
        _("No published death figure for the Darién route in the selected years. The data has figures for {years}.").format(
            years=darien.year_span(darien.darien_totals(data.layer("reported_totals"))["year"]) or _("no year")
        )
    )
else:
    rates["figure"] = rates["measure"].map(measure_label)
    rates["series"] = [
        _("{figure}: {source}").format(figure=f, source=sources["name"].get(s, s)) for f, s in zip(rates["figure"], rates["source_id"])
    ]
    for year in sorted(rates.loc[rates["disagreement"], "year"].unique()):
        st.warning(_("{year}: the published figures differ because they count different things. Both are shown with their definitions; neither is picked.").format(year=year))
    chart_col, table_col = st.columns([2, 3], gap="medium")
    with chart_col:
        if rates["rate"].notna().any():
            shown = rates[rates["rate"].notna()]
            chart_sources = citation.publishers(list(shown["source_id"]) + list(shown["crossings_source_id"]), sources)
            rate_chart = shared.chart(darien_charts.rate_chart, rates, chart_sources)
            downloads.show_chart(rate_chart, "darien-deaths-per-100000-crossings", "darien_rate")
        else:
            st.info(_("No year in the selection has both a death figure and a crossings figure, so no rate is shown."))
    with table_col:
        table = pd.DataFrame(
            {
                _("Year"): rates["year"].astype(str),
                _("Figure"): rates["figure"],
                _("People"): rates["value"],
                _("Per 100,000 crossings"): rates["rate"].round(1),
                _("Crossings (SNM)"): rates["crossings"],
                _("Source"): rates["source_id"].map(lambda s: citation.cite(s, sources)),
                _("Link"): rates["source_id"].map(sources["url"]),
            }
        )
        st.dataframe(
            table,
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
    with st.expander(_("What each figure counts (definitions)"), expanded=bool(rates["disagreement"].any())):
        for row in rates.to_dict("records"):
            st.text(
                _("{year} · {measure} · {value} · {source}").format(
                    year=row["year"], measure=measure_label(row["measure"]), value=format_number(row["value"]), source=citation.cite(row["source_id"], sources)
                )
            )
            st.caption(md_escape(data_text.text(row["definition"])) if pd.notna(row["definition"]) else _("No definition published with this figure."))
    missing_years = darien.years_without_death_figure(totals, crossings)
    if missing_years:
        st.caption(_("No death figure for the Darién route in the data for {years}: no rate is shown for those years.").format(years=", ".join(str(y) for y in missing_years)))
