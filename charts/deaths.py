"""Charts of dead and missing migrants: by year and route, and by cause. No Streamlit."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from analysis.deaths import NO_ROUTE, cause_label, route_label
from charts.common import finish
from i18n import _

# Streamlit gives a chart without `autosize` "fit": title, legend and axes then squeeze
# into `height`. "fit-x" fills the container's width and keeps `height` for the plot.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# Okabe–Ito, colour-blind safe; records without a route in grey.
ROUTE_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#CC79A7", "#D55E00", "#F0E442")
NO_ROUTE_COLOUR = "#999999"
DEAD_COLOUR = "#D55E00"
MISSING_COLOUR = "#56B4E9"


def axis_label(text: str, width: int = 28) -> str:
    """`text` wrapped into lines of about `width` characters, joined by '|' for a multi-line axis label."""
    return "|".join(textwrap.wrap(text, width)) or text


def chart_title(title: str, note: str | None = None) -> str | list[str]:
    """A title, with an optional second line (e.g. "Illustrative records") that narrow charts need not cut."""
    return [title, note] if note else title


def year_route_chart(totals: pd.DataFrame, title: str, sources: list[str]) -> alt.Chart:
    """Stacked bars of dead and missing per year, one colour per route.

    `totals` is `analysis.deaths.by_year_and_route` output.
    """
    frame = totals.copy()
    frame["route_label"] = frame["route"].map(route_label)
    order = frame.groupby("route", sort=False)["dead_and_missing"].sum().sort_values(ascending=False, kind="stable")
    routes = [r for r in order.index if r != NO_ROUTE] + ([NO_ROUTE] if NO_ROUTE in order.index else [])
    domain = [route_label(r) for r in routes]
    colours = [NO_ROUTE_COLOUR if r == NO_ROUTE else ROUTE_COLOURS[i % len(ROUTE_COLOURS)] for i, r in enumerate(routes)]
    frame["order"] = frame["route"].map({r: i for i, r in enumerate(routes)})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(dead_and_missing):Q", title=_("Dead and missing (people)")),
            color=alt.Color(
                "route_label:N",
                title=_("Route"),
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=300, symbolType="square"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("route_label:N", title=_("Route")),
                alt.Tooltip("dead:Q", title=_("Dead"), format=","),
                alt.Tooltip("missing:Q", title=_("Missing"), format=","),
                alt.Tooltip("incidents:Q", title=_("Incidents"), format=","),
            ],
        )
    )
    return finish(chart, title, sources, height=240).properties(autosize=FIT_WIDTH)


def cause_chart(totals: pd.DataFrame, title: str, sources: list[str]) -> alt.Chart:
    """Horizontal bars of dead and missing per cause, the dead and the missing stacked.

    `totals` is `analysis.deaths.by_cause` output.
    """
    dead, missing = _("Dead"), _("Missing")
    long = pd.concat(
        [
            pd.DataFrame({"cause": totals["cause"], "count": dead, "people": totals["dead"], "total": totals["dead_and_missing"]}),
            pd.DataFrame({"cause": totals["cause"], "count": missing, "people": totals["missing"], "total": totals["dead_and_missing"]}),
        ],
        ignore_index=True,
    )
    long["cause_label"] = long["cause"].map(cause_label)
    long["cause_axis"] = long["cause_label"].map(axis_label)
    order = [axis_label(cause_label(c)) for c in totals["cause"]]  # largest first, as by_cause sorts
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("cause_axis:N", title=None, sort=order, axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=220, labelOverlap=False)),
            x=alt.X("sum(people):Q", title=_("Dead and missing (people)")),
            color=alt.Color("count:N", title=None, scale=alt.Scale(domain=[dead, missing], range=[DEAD_COLOUR, MISSING_COLOUR]), legend=alt.Legend(orient="bottom")),
            order=alt.Order("count:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("cause_label:N", title=_("Cause")),
                alt.Tooltip("count:N", title=_("Count")),
                alt.Tooltip("people:Q", title=_("People"), format=","),
                alt.Tooltip("total:Q", title=_("Dead and missing (people)"), format=","),
            ],
        )
    )
    return finish(chart, title, sources, height=max(120, 40 * len(order))).properties(autosize=FIT_WIDTH)
