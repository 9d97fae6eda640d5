"""Charts of the Disaster displacement page: events by year and hazard, the
sourced figures by year and hazard, and IDMC's regional totals for context.

No Streamlit here. Each chart passes through `charts.common.finish` (title and
source line). Hazard types keep the map's colours.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from charts.common import finish
from i18n import _, format_number
from mapping.displacement import hazard_type_colour, hazard_type_label


def _hazard_scale(frame: pd.DataFrame) -> alt.Scale:
    pairs = frame[["hazard_category", "hazard_type"]].drop_duplicates().sort_values(["hazard_category", "hazard_type"])
    labels = [hazard_type_label(t) for t in pairs["hazard_type"]]
    colours = [OTHER_COLOUR if t == _("Other hazard types") else hazard_type_colour(t, c) for c, t in zip(pairs["hazard_category"], pairs["hazard_type"])]
    # a type IDMC files under two categories (Mass Movement) gets one colour: a repeated label would shift the scale
    first: dict[str, str] = {}
    for label, colour in zip(labels, colours):
        first.setdefault(label, colour)
    return alt.Scale(domain=list(first), range=list(first.values()))


def _year_domain(years: tuple[int, int] | None, present) -> list[int]:
    present = sorted({int(y) for y in present})
    if years is None:
        return present
    first = min([years[0]] + present)
    last = max([years[1]] + present)
    return list(range(first, last + 1))


def _y_axis(number_format: str = "d", **extra) -> alt.Axis:
    """A y axis whose title reads horizontally above the axis: a long title with
    units cannot then overflow a short chart (and push the chart title out)."""
    return alt.Axis(
        format=number_format,
        titleAngle=0,
        titleAlign="left",
        titleAnchor="end",
        titleBaseline="bottom",
        titleX=0,
        titleY=-10,
        labelExpr="datum.value == 0 ? '0' : datum.label",
        **extra,
    )


def _year_axis(years: tuple[int, int] | None) -> alt.Axis:
    """Horizontal year labels; over a long range only every other year is labelled."""
    if years is not None and years[1] - years[0] > 8:
        return alt.Axis(labelAngle=0, labelExpr="datum.value % 2 == 0 ? datum.label : ''", labelOverlap="greedy")
    return alt.Axis(labelAngle=0, labelOverlap="greedy")


def events_chart(counts: pd.DataFrame, sources: list[str], years: tuple[int, int] | None = None) -> alt.Chart:
    """Stacked bars: number of events by the year they began, coloured by hazard type.

    `counts` is `analysis.displacement.events_by_year_and_hazard`; every year of
    `years` gets a place on the axis, so a year without an event shows as empty.
    """
    chart = _hazard_bars(
        counts,
        years,
        alt.Y("sum(events):Q", title=_("Events (number)"), axis=_y_axis("d", tickMinStep=1)),
        alt.Legend(orient="right", title=None),
        [alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("hazard:N", title=_("Hazard")), alt.Tooltip("sum(events):Q", title=_("Events"))],
        order=alt.Order("hazard:O"),
    )
    return finish(chart, _("Disaster events by year and hazard"), sources, height=165)


def _hazard_bars(frame: pd.DataFrame, years, y: alt.Y, legend: alt.Legend, tooltip: list, **encoding) -> alt.Chart:
    """Bars by the year each event began, coloured by its hazard type (labelled in the reader's language)."""
    frame = frame.assign(hazard=frame["hazard_type"].map(hazard_type_label))
    x = alt.X("year:O", title=_("Year the event began"), scale=alt.Scale(domain=_year_domain(years, frame["year"])), axis=_year_axis(years))
    color = alt.Color("hazard:N", title=_("Hazard"), scale=_hazard_scale(frame), legend=legend)
    return alt.Chart(frame).mark_bar().encode(x=x, y=y, color=color, tooltip=tooltip, **encoding)


def sourced_chart(figures: pd.DataFrame, sources: list[str], years: tuple[int, int] | None = None) -> alt.Chart:
    """Bars of the sourced displacement figures by year, coloured by hazard type, one segment per event.

    `figures` is `analysis.displacement.sourced_figures`: events without a
    sourced figure are not in it, and nothing stands in for them.
    """
    chart = _hazard_bars(
        figures,
        years,
        alt.Y("displacement:Q", title=_("Displacement (as reported)"), axis=_y_axis("~s")),
        alt.Legend(orient="top", direction="horizontal", title=None, columns=3),
        [
            alt.Tooltip("event_name:N", title=_("Event")),
            alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip("hazard:N", title=_("Hazard")),
            alt.Tooltip("displacement:Q", title=_("Displacement"), format=","),
            alt.Tooltip("measure:N", title=_("What the figure counts")),
            alt.Tooltip("source:N", title=_("Source")),
        ],
        detail="event_name:N",
    )
    return finish(chart, _("Sourced figures by year and hazard"), sources, height=165)


def regional_chart(totals: pd.DataFrame, sources: list[str]) -> alt.Chart:
    """IDMC's disaster displacements in the Americas by year (movements, not people), labelled bars."""
    frame = totals.assign(label=totals["value"].map(lambda v: _("{value} million").format(value=format_number(v / 1e6, 1))))
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=_("Disaster displacements (movements)"), axis=_y_axis("~s")),
        tooltip=[
            alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip("value:Q", title=_("Disaster displacements (movements)"), format=","),
            alt.Tooltip("definition:N", title=_("Definition")),
        ],
    )
    bars = base.mark_bar(color="#44AA99")
    labels = base.mark_text(dy=-8, fontSize=13).encode(text="label:N")
    return finish(alt.layer(bars, labels), _("Disaster displacements in the Americas"), sources, height=165)


LINE_CHARACTERS = 95  # a subtitle line that fits the PNG's 800 px at 13 px type


def idmc_source_lines(attribution: str) -> list[str]:
    """The lines an exported IDMC chart carries under its title: the attribution, the licence's terms and IDMC's definition."""
    source = textwrap.wrap(_("Source: {attribution}").format(attribution=attribution), LINE_CHARACTERS)
    return source + [_("Non-commercial use only (CC BY-NC 4.0). Internal displacements count movements, not people.")]


def with_lines(chart: alt.Chart, lines: list[str]) -> alt.Chart:
    """A copy of a finished chart whose subtitle is `lines` (for the PNG, where the full attribution fits)."""
    done = chart.copy(deep=True)
    title = done.title
    done.title = alt.TitleParams(text=title.text, subtitle=lines, anchor="start", fontSize=17, subtitleFontSize=13)
    done.description = " ".join([str(title.text)] + lines)
    return done


SHOWN_HAZARDS = 5  # the hazard types drawn in their own colour; the rest share one (a legend that fits beside the map)
OTHER_COLOUR = "#999999"


def _largest_hazards(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with a `hazard` label: the SHOWN_HAZARDS largest types by name, the others summed as 'Other hazard types'."""
    largest = frame.groupby("hazard_type")["displacements"].sum().sort_values(ascending=False).index[:SHOWN_HAZARDS]
    other = _("Other hazard types")
    kept = frame["hazard_type"].isin(largest)
    data = frame.assign(
        hazard=frame["hazard_type"].map(hazard_type_label).where(kept, other),
        hazard_category=frame["hazard_category"].where(kept, other),
        hazard_type=frame["hazard_type"].where(kept, other),
    )
    return data.groupby(["year", "hazard_category", "hazard_type", "hazard"], as_index=False)[["displacements", "events"]].sum()


def hazard_chart(frame: pd.DataFrame, years: tuple[int, int] | None = None) -> alt.Chart:
    """Stacked bars: IDMC's disaster displacements by figure year, coloured by hazard type.

    `frame` is `analysis.displacement.by_hazard_and_year`. The on-page source
    line is short; `with_lines(chart, idmc_source_lines(...))` gives the export its full attribution.
    """
    data = _largest_hazards(frame)
    hazard = _("Hazard")
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, scale=alt.Scale(domain=_year_domain(years, data["year"])), axis=_year_axis(years)),
            y=alt.Y("sum(displacements):Q", title=_("Internal displacements (movements)"), axis=_y_axis("~s")),
            color=alt.Color("hazard:N", title=hazard, scale=_hazard_scale(data), legend=alt.Legend(orient="bottom", direction="horizontal", title=None, columns=2, labelLimit=105)),
            order=alt.Order("hazard:O"),
            tooltip=[
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("hazard:N", title=hazard),
                alt.Tooltip("sum(displacements):Q", title=_("Internal displacements (movements)"), format=","),
                alt.Tooltip("sum(events):Q", title=_("Rows of IDMC's table")),
            ],
        )
    )
    return finish(chart, _("Displacements by hazard (IDMC)"), ["IDMC GIDD, CC BY-NC 4.0"], height=165)
