"""The Darién page's work, done once per view, language and data version and shared by every
viewer (`ui.shared.value`): the route in steps, the services near it, the map layers, the
figures and charts. The page only draws them; everything here is read only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis import citation, darien
from analysis import deaths as dx
from analysis.country import fold_name
from charts import darien as darien_charts
from i18n import _, current_language, data_text, format_date, format_number
from i18n.markdown import md as md_escape
from i18n.vocabulary import measure_label, nationality_label
from importers.mmp import attribution
from mapping import darien as darien_map
from mapping import styles
from ui import data, linked, shared


def _key(years) -> tuple | None:
    return tuple(years) if years else None


def corridor(years):
    """The Darién segments in use in `years`, with their step and length in km (shared, read only)."""
    return shared.value(_corridor, _key(years))


def _corridor(years: tuple | None):
    return darien.darien_segments(data.layer("routes", None, years))


def services(years, km: float):
    """(services per step, services within `km` of the whole route) for the segments in use in `years`
    (shared, read only); shelters in their public form, sensitive ones at their town."""
    return shared.value(_services, _key(years), float(km))


def _services(years: tuple | None, km: float):
    segments, shelters = corridor(years), data.layer("shelters")
    return darien.services_near_steps(shelters, segments, km), darien.services_within(shelters, segments, km)


def map_layers(years, km: float) -> dict:
    """GeoJSON of the route's segments, its places and the services near it, in the reader's language."""
    return shared.value(_map_layers, _key(years), float(km))


def _map_layers(years: tuple | None, km: float) -> dict:
    segments = corridor(years)
    sources = data.sources()
    names = data.country_names(current_language())
    near = services(years, km)[1]
    places = darien.route_places(data.layer("places"), segments)
    return {
        "segments": darien_map.segment_features(segments.assign(notes=segments["notes"].map(data_text.text)), sources),
        "places": darien_map.place_features(places, sources, names),
        "services": darien_map.service_features(near, sources, names),
        "modes": list(dict.fromkeys(segments["mode"])),
    }


def nationality_years(crossings: pd.DataFrame, sources: pd.DataFrame) -> None:
    """The nationality picked in the chart (its chip clears it): its crossings in every year Panama reports, and its country brief."""
    picked = st.session_state.get("darien_nationality")
    if not picked:
        st.caption(_("Click a nationality to follow it through every year Panama reports it."))
        return
    label = nationality_label(picked)
    linked.chip("darien_nationality", _("Nationality: {name}").format(name=label), "", "darien_nationality_chip")
    rows = darien.nationality_by_year(crossings, picked)
    figures = "; ".join(f"{int(r.year)}: {format_number(int(r.count))}" for r in rows.itertuples())
    st.markdown(md_escape(_("{nationality}, northbound crossings of the Darién by year (Panama's figures): {figures}.").format(nationality=label, figures=figures)))
    countries = data.layer("countries")
    iso3 = next((c for c, n in zip(countries["iso3"], countries["name_en"]) if fold_name(n) == fold_name(picked)), None)
    st.caption(_("Source: {sources}").format(sources="; ".join(md_escape(p) for p in citation.publishers(rows["source_id"], sources))))
    if iso3:
        st.page_link("pages/country.py", label=_("Country brief"), icon=":material/flag:", query_params={"iso3": iso3})


# ---------------------------------------------------------------- what every viewer of a view shares
# Computed once per view, language and data version (`ui.shared.value`), never per page run:
# the page only draws them. Read only.


@dataclass(frozen=True)
class Headline:
    """The four key figures of the selected years and the line citing them."""

    figures: darien.KeyFigures
    dead_and_missing: int
    caption: str  # Markdown
    no_crossings: str | None  # what to say when the years have no crossing figure


def headline(years) -> Headline:
    return shared.value(_headline, tuple(years))


def _headline(years: tuple) -> Headline:
    sources = data.sources()
    totals = data.layer("reported_totals", None, years)
    figures = darien.key_figures(data.layer("darien_crossings", None, years), totals)
    every_incident = data.layer("incidents")
    records = dx.on_route(data.layer("incidents", None, years), darien.MMP_ROUTE)
    key_sources = []
    if figures.crossing_sources:
        key_sources.append(_("Crossings: {sources}.").format(sources="; ".join(md_escape(c) for c in citation.citations(figures.crossing_sources, sources, short=32))))
    key_sources.append(_("Dead and missing: {sources}.").format(sources=md_escape(attribution() + "; " + _("filtered to the selection"))))
    differ = [c for c in dx.compare_with_published(every_incident, totals, years, darien.MMP_ROUTE) if c.differs]
    if differ:  # beside the computed figure, in the line under the figures (a caption under it pushed the map below the fold)
        data_date = dx.data_date(every_incident, sources)
        key_sources.append(
            _("Published by IOM: {list}. MMP revises past years; the records are as of {date}.").format(
                list=" · ".join(_("{year} {published} (records {computed})").format(year=c.year, published=format_number(c.published), computed=format_number(c.computed)) for c in differ),
                date=data_date and format_date(data_date) or _("unknown"),
            )
        )
    no_crossings = None
    if not figures.crossing_sources:
        span = darien.year_span(darien.northbound_by_year(data.layer("darien_crossings")).index)
        no_crossings = _("There are no Darién crossing figures for the selected years. Panama's figures cover {years}.").format(years=span)
    return Headline(figures, int(records["dead"].sum() + records["missing"].sum()), " ".join(key_sources), no_crossings)


@dataclass(frozen=True)
class StepView:
    """One step of the route as the page lists it: its title, its segments and the services near it."""

    label: str  # Markdown
    segments: list[tuple[str, str, str]]  # per segment: Markdown line, plain notes, Markdown source
    services: pd.DataFrame | None  # None: no service within the distance


def steps(years, km: float) -> list[StepView]:
    """The route's steps in use in `years`, with the services within `km` of each."""
    return shared.value(_steps, tuple(years), float(km))


def _steps(years: tuple, km: float) -> list[StepView]:
    segments = corridor(years)
    by_step = services(years, km)[0]
    sources = data.sources()
    names = data.country_names(current_language())
    route_steps = darien.steps(segments)
    out = []
    for step in route_steps:
        modes = ", ".join(styles.mode_label(m) for m in step.modes)
        km_text = darien.km_range(step.km_min, step.km_max)
        end = md_escape(" / ".join(step.ends))
        if step is route_steps[0]:
            label = _("{n}. {modes}: {start} → {end} · {km} km").format(n=step.number, modes=modes, start=md_escape(" / ".join(step.starts)), end=end, km=km_text)
        else:
            label = _("{n}. {modes} → {end} · {km} km").format(n=step.number, modes=modes, end=end, km=km_text)
        lines = []
        for row in segments[segments["step"] == step.number].to_dict("records"):
            line = _("**{start} → {end}** · {mode}, {km} km along the schematic line, {years}").format(
                start=md_escape(row["from_place"]),
                end=md_escape(row["to_place"]),
                mode=styles.mode_label(row["mode"]),
                km=darien.km_range(row["length_km"], row["length_km"]),
                years=md_escape(f"{row['year_start']}–{row['year_end'] if pd.notna(row['year_end']) else ''}"),
            )
            notes = data_text.text(row["notes"]) if pd.notna(row["notes"]) else _("The source reports no duration or risks for this segment.")
            lines.append((line, notes, _("Source: {source}").format(source=md_escape(citation.cite(row["source_id"], sources)))))
        here = by_step[by_step["step"] == step.number]
        out.append(StepView(label, lines, None if here.empty else darien_map.service_table(here, sources, names)))
    return out


@dataclass(frozen=True)
class Crossings:
    """Panama's crossing figures of the selected years: the yearly chart, its notes, the years with detail."""

    yearly: pd.DataFrame
    chart: object  # clickable by year; None without figures
    notes: list[tuple[str, str]]  # (years, note)
    month_years: list[int]  # selected years with monthly figures
    nationality_years: list[int]  # selected years with figures by nationality
    named: list[str]  # every nationality Panama names in some year
    month_span: str  # every year with monthly figures, in words
    nationality_span: str


def crossings(years) -> Crossings:
    return shared.value(_crossings, tuple(years))


def _crossings(years: tuple) -> Crossings:
    every = data.layer("darien_crossings")
    yearly = darien.yearly(data.layer("darien_crossings", None, years))
    chart = None
    if not yearly.empty:
        chart = shared.chart(darien_charts.yearly_chart, yearly, citation.publishers(yearly["source_id"], data.sources()), pick="year")
    with_months, with_nationalities = darien.years_with_months(every), darien.years_with_nationalities(every)
    return Crossings(
        yearly,
        chart,
        [(span, data_text.text(note)) for span, note in darien.notes_by_years(yearly)],
        [y for y in with_months if years[0] <= y <= years[1]],
        [y for y in with_nationalities if years[0] <= y <= years[1]],
        darien.named_nationalities(every),
        darien.year_span(with_months) or _("no year"),
        darien.year_span(with_nationalities) or _("no year"),
    )


@dataclass(frozen=True)
class YearDetail:
    """One year's chart (by month or by nationality) and the line on what it leaves out."""

    chart: object
    note: str | None


def months(year: int) -> YearDetail:
    return shared.value(_months, int(year))


def _months(year: int) -> YearDetail:
    every = data.layer("darien_crossings")
    rows = every[(every["year"] == year) & every["month"].notna()]
    chart = shared.chart(darien_charts.monthly_chart, darien.monthly(every, year), year, citation.publishers(rows["source_id"], data.sources()))
    missing, remainder = darien.unreported_months(every, year)
    note = None
    if missing:
        month_names = darien_charts.month_labels()
        gap = ", ".join(month_names[m - 1] for m in missing)
        if remainder is not None:
            note = _("No separate figure for {months}: together {n} (the year's total minus the months reported).").format(months=gap, n=format_number(remainder))
        else:
            note = _("No figure reported for {months}.").format(months=gap)
    return YearDetail(chart, note)


def nationalities(year: int) -> YearDetail:
    return shared.value(_nationalities, int(year))


def _nationalities(year: int) -> YearDetail:
    every = data.layer("darien_crossings")
    by_nationality = darien.nationalities(every, year)
    chart = shared.chart(darien_charts.nationality_chart, by_nationality, year, citation.publishers(by_nationality["source_id"], data.sources()), pick="nationality")
    remainder = darien.nationality_remainder(every, year)
    note = None
    if remainder is not None:
        note = _("The source gave only the largest nationalities for {year}; {n} of the year's crossings are not broken down.").format(year=year, n=format_number(remainder))
    return YearDetail(chart, note)


@dataclass(frozen=True)
class Rates:
    """Published deaths on the route beside the crossings of the same years."""

    empty_note: str | None  # what to say when no death figure is published for the years
    disagreements: list[int]  # years whose figures count different things
    chart: object  # None when no year has both figures
    table: pd.DataFrame
    definitions: list[tuple[str, str]]  # per figure: plain line, Markdown definition
    missing_note: str | None


def rates(years) -> Rates:
    return shared.value(_rates, tuple(years))


def _rates(years: tuple) -> Rates:
    sources = data.sources()
    totals = data.layer("reported_totals", None, years)
    crossings = data.layer("darien_crossings", None, years)
    rates = darien.death_rates(totals, crossings)
    missing = darien.years_without_death_figure(totals, crossings)
    missing_note = None
    if missing:
        missing_note = _("No death figure for the Darién route in the data for {years}: no rate is shown for those years.").format(years=", ".join(str(y) for y in missing))
    if rates.empty:
        span = darien.year_span(darien.darien_totals(data.layer("reported_totals"))["year"]) or _("no year")
        note = _("No published death figure for the Darién route in the selected years. The data has figures for {years}.").format(years=span)
        return Rates(note, [], None, pd.DataFrame(), [], missing_note)
    rates = rates.assign(figure=rates["measure"].map(measure_label))
    rates["series"] = [_("{figure}: {source}").format(figure=f, source=sources["name"].get(s, s)) for f, s in zip(rates["figure"], rates["source_id"])]
    chart = None
    if rates["rate"].notna().any():
        shown = rates[rates["rate"].notna()]
        chart = shared.chart(darien_charts.rate_chart, rates, citation.publishers(list(shown["source_id"]) + list(shown["crossings_source_id"]), sources))
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
    definitions = [
        (
            _("{year} · {measure} · {value} · {source}").format(year=row["year"], measure=measure_label(row["measure"]), value=format_number(row["value"]), source=citation.cite(row["source_id"], sources)),
            md_escape(data_text.text(row["definition"])) if pd.notna(row["definition"]) else _("No definition published with this figure."),
        )
        for row in rates.to_dict("records")
    ]
    return Rates(None, sorted(rates.loc[rates["disagreement"], "year"].unique()), chart, table, definitions, missing_note)
