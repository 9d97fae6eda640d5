"""Altair charts of the Darién page: crossings per year, per month, by nationality, and deaths per crossing.

No Streamlit here: each function takes prepared frames (from `analysis.darien`)
and returns a finished chart (title and source line from `charts.common.finish`).
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from charts.common import finish
from i18n.vocabulary import crossing_direction_labels
from i18n import _
from i18n.vocabulary import nationality_label

NORTH_COLOUR = "#0072B2"
SOUTH_COLOUR = "#D55E00"
OTHER_COLOUR = "#999999"
RATE_COLOURS = ("#009E73", "#CC79A7", "#E69F00", "#56B4E9")


WRAP_CHARS = 34  # titles wrap here (and source lines a little later) so they read in a narrow column or on a phone


def _finish(chart: alt.Chart, title: str, sources: list[str], *, height: int) -> alt.Chart:
    """`charts.common.finish`, with the title and the source line wrapped onto several lines."""
    done = finish(chart, title, sources, height=height)
    done.title.text = textwrap.wrap(title, WRAP_CHARS) or [title]
    done.title.subtitle = [line for text in done.title.subtitle for line in (textwrap.wrap(text, WRAP_CHARS + 16) or [text])]
    return done


def _people_axis(**kwargs) -> alt.Axis:
    """An axis of people in short form (0, 100k, 200k …)."""
    return alt.Axis(labelExpr="datum.value == 0 ? '0' : format(datum.value, '~s')", **kwargs)


direction_labels = crossing_direction_labels  # i18n.vocabulary


def month_labels() -> list[str]:
    return [_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec")]


def yearly_chart(rows: pd.DataFrame, sources: list[str], *, height: int = 370) -> alt.Chart:
    """Bars per year, northbound and southbound side by side (rows: year, direction, count)."""
    labels = direction_labels()
    frame = pd.DataFrame(
        {
            "year": rows["year"].astype(int).astype(str),
            "direction": rows["direction"].map(labels),
            "count": rows["count"].astype(int),
        }
    )
    order = [labels["northbound"], labels["southbound"]]
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("direction:N", sort=order),
            y=alt.Y("count:Q", title=_("People"), axis=_people_axis()),
            color=alt.Color(
                "direction:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=[NORTH_COLOUR, SOUTH_COLOUR]),
                # "figure: source" on two lines, so that a narrow chart does not cut the source's name
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320, labelExpr="split(datum.label, ': ')"),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("direction:N", title=_("Direction")),
                alt.Tooltip("count:Q", title=_("People"), format=","),
            ],
        )
    )
    return _finish(chart, _("Crossings of the Darién per year"), sources, height=height)


def monthly_chart(months: pd.DataFrame, year: int, sources: list[str], *, height: int = 330) -> alt.Chart:
    """Bars per month of `year`; months without a reported figure stay empty (months: month, count)."""
    names = month_labels()
    frame = pd.DataFrame({"month": months["month"].map(lambda m: names[int(m) - 1]), "count": months["count"]})
    frame = frame[frame["count"].notna()].assign(count=lambda f: f["count"].astype(int))
    x = alt.X("month:O", title=_("Month"), scale=alt.Scale(domain=names), axis=alt.Axis(labelAngle=-45, labelOverlap=False))
    chart = (
        alt.Chart(frame)
        .mark_bar(color=NORTH_COLOUR)
        .encode(
            x=x,
            y=alt.Y("count:Q", title=_("People"), axis=_people_axis()),
            tooltip=[alt.Tooltip("month:O", title=_("Month")), alt.Tooltip("count:Q", title=_("People"), format=",")],
        )
    )
    # a month without a figure is marked as missing, so that it does not read as a drop to zero
    missing = pd.DataFrame({"month": [m for m in names if m not in set(frame["month"])], "note": _("no figure")})
    if not missing.empty:
        marks = alt.Chart(missing).encode(x=x)
        gaps = marks.mark_bar(color="#ffffff", stroke="#5a5c66", strokeDash=[4, 3], strokeWidth=1.5).encode(y=alt.value(0), y2=alt.value(height))
        notes = marks.mark_text(angle=270, align="right", baseline="middle", dy=0, fontSize=12, color="#3b3d45").encode(y=alt.value(12), text="note:N")
        chart = alt.layer(chart, gaps, notes)
    return _finish(chart, _("Northbound crossings per month, {year}").format(year=year), sources, height=height)


def nationality_chart(rows: pd.DataFrame, year: int, sources: list[str], *, height: int = 330) -> alt.Chart:
    """Horizontal bars by nationality, largest first, 'other' last and grey (rows: nationality, count, is_other)."""
    label = rows["nationality"].map(nationality_label).where(~rows["is_other"], _("Other nationalities"))
    frame = pd.DataFrame({"nationality": label, "count": rows["count"].astype(int), "group": rows["is_other"].map({True: "other", False: "named"})})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("nationality:N", title=_("Nationality"), sort=list(frame["nationality"])),
            x=alt.X("count:Q", title=_("People"), axis=_people_axis()),
            color=alt.Color("group:N", scale=alt.Scale(domain=["named", "other"], range=[NORTH_COLOUR, OTHER_COLOUR]), legend=None),
            tooltip=[alt.Tooltip("nationality:N", title=_("Nationality")), alt.Tooltip("count:Q", title=_("People"), format=",")],
        )
    )
    return _finish(chart, _("Northbound crossings by nationality, {year}").format(year=year), sources, height=height)


def rate_chart(rates: pd.DataFrame, sources: list[str], *, height: int = 330) -> alt.Chart:
    """Deaths per 100,000 crossings by year: one bar per published figure, coloured by figure.

    rates: year, series (the figure and who published it, for the legend),
    value, crossings, rate. Only rows with a rate are drawn, so a year
    without both figures has no bar; two figures for one year stand side by side.
    """
    shown = rates[rates["rate"].notna()]
    frame = pd.DataFrame(
        {
            "year": shown["year"].astype(int).astype(str),
            "series": shown["series"],
            "rate": shown["rate"].round(1),
            "value": shown["value"].astype(int),
            "crossings": shown["crossings"].astype(int),
        }
    )
    domain = list(dict.fromkeys(frame["series"]))
    base = alt.Chart(frame).encode(
        y=alt.Y("year:O", title=_("Year")),
        yOffset=alt.YOffset("series:N", sort=domain),
        x=alt.X("rate:Q", title=_("Per 100,000 crossings")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "series:N",
            title=None,
            sort=domain,
            scale=alt.Scale(domain=domain, range=list(RATE_COLOURS[: max(len(domain), 1)])),
            # "figure: source" on two lines, so that a narrow chart does not cut the source's name
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320, labelExpr="split(datum.label, ': ')"),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip("series:N", title=_("Figure")),
            alt.Tooltip("value:Q", title=_("People"), format=","),
            alt.Tooltip("crossings:Q", title=_("Northbound crossings"), format=","),
            alt.Tooltip("rate:Q", title=_("Per 100,000 crossings"), format=".1f"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(text=alt.Text("rate:Q", format=".1f"))
    return _finish(alt.layer(bars, labels), _("Deaths per 100,000 northbound crossings"), sources, height=height)
