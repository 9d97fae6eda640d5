"""Charts of the shelter directory. No Streamlit here."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import finish
from i18n import _

# Paul Tol's muted palette: colour-blind safe, one colour per shelter type.
TYPE_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#DDCC77", "#CC6677"]


def counts_chart(
    counts: pd.DataFrame,
    country_names: dict[str, str],
    type_labels: dict[str, str],
    sources: list[str],
    *,
    title: str | None = None,
    step: int = 26,
) -> alt.Chart:
    """Horizontal stacked bars: shelters per country, coloured by type, with each country's total.

    `counts` has columns country_iso3, type, count (see analysis.shelters.counts_by_country_and_type).
    """
    frame = counts.copy()
    frame["country"] = frame["country_iso3"].map(lambda c: country_names.get(c, c))
    frame["type_label"] = frame["type"].map(lambda t: type_labels.get(t, t))
    totals = frame.groupby("country", as_index=False)["count"].sum().sort_values(["count", "country"], ascending=[False, True])
    order = totals["country"].tolist()
    type_order = [type_labels[t] for t in type_labels if t in set(frame["type"])]
    colours = [TYPE_COLOURS[list(type_labels).index(t) % len(TYPE_COLOURS)] for t in type_labels if t in set(frame["type"])]
    y = alt.Y("country:N", sort=order, title=None, axis=alt.Axis(labelLimit=170))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("sum(count):Q", title=_("Shelters and service points"), axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "type_label:N",
                title=_("Type"),
                sort=type_order,
                scale=alt.Scale(domain=type_order, range=colours),
                legend=alt.Legend(orient="bottom", columns=1, symbolType="square"),
            ),
            order=alt.Order("type_label:N"),
            tooltip=[
                alt.Tooltip("country:N", title=_("Country")),
                alt.Tooltip("type_label:N", title=_("Type")),
                alt.Tooltip("count:Q", title=_("Shelters and service points")),
            ],
        )
    )
    labels = (
        alt.Chart(totals)
        .mark_text(align="left", dx=4, fontSize=13)
        .encode(y=alt.Y("country:N", sort=order, title=None), x=alt.X("count:Q"), text=alt.Text("count:Q", format=","))
    )
    chart = finish(alt.layer(bars, labels), title or _("Results by country and type"), sources)
    # One band per country. A fixed pixel height with a band scale collapses in
    # st.altair_chart's default (content) height, a step size does not.
    return chart.properties(height=alt.Step(step))
