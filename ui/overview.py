"""The Overview's figures and notes, computed once per selection, language and data version and
shared by every viewer (`ui.shared.value`): the room opens this page, so its run must stay light."""

from __future__ import annotations

from dataclasses import dataclass

from analysis import deaths as dx
from analysis.displacement import idmc_total
from analysis.figures import KeyFigures, key_figures
from i18n import _, format_date, format_number
from i18n.markdown import md
from importers.mmp import attribution
from ui import data, shared
from ui.displacement import attribution as displacement_attribution


@dataclass(frozen=True)
class Overview:
    figures: KeyFigures
    published: str | None  # IOM's published totals where the records add up to another figure
    displacements: str  # IDMC's total of the selection, or "no sourced figure"
    notes: str  # the line under the map: attributions and what the figures count (Markdown)


def overview(countries, years, layers) -> Overview:
    return shared.value(_overview, tuple(countries or ()), tuple(years), tuple(layers))


def _overview(countries: tuple, years: tuple, layers: tuple) -> Overview:
    countries = countries or None
    sources = data.sources()
    incidents = data.layer("incidents", countries, years)
    zones = data.layer("displacement_zones", countries, years)
    figures = key_figures(data.layer("shelters", countries), incidents, zones)
    every_incident = data.layer("incidents")
    published = None
    if not countries:  # IOM publishes totals for the whole Americas: compare like with like
        differ = [c for c in dx.compare_with_published(every_incident, data.layer("reported_totals"), years) if c.differs]
        if differ:
            data_date = dx.data_date(every_incident, sources)
            published = _("Published by IOM: {list}. The records give more or fewer because MMP revises past years (data as of {date}).").format(
                list=" · ".join(_("{year} {published} (records {computed})").format(year=c.year, published=format_number(c.published), computed=format_number(c.computed)) for c in differ),
                date=data_date and format_date(data_date) or _("unknown"),
            )
    events = data.layer("disaster_events", countries, years)
    displacements = format_number(idmc_total(events)) if len(events) else _("no sourced figure")  # not 0: nothing was reported
    notes = [_("Each feature's popup names its source, date and location precision. Boundaries: Natural Earth (public domain), simplified.")]
    if "incidents" in layers and len(every_incident):
        notes.insert(0, md(attribution()) + ("; " + _("filtered to the selection") if len(incidents) != len(every_incident) else "") + ".")
    figure_sources = sorted({sources["name"].get(s, s) for s in zones["figure_source_id"].dropna()})
    if figure_sources:
        notes.append(_("Displacement figures of the drawn zones: {sources}.").format(sources="; ".join(md(s) for s in figure_sources)))
    if len(events):
        notes.append(
            _("Disaster displacements: {attribution}; internal displacements count movements, not people; non-commercial use only.").format(
                attribution=md(displacement_attribution(sources, events))
            )
        )
    return Overview(figures, published, displacements, " ".join(notes))
