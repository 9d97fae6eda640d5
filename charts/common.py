"""What every Corredor chart carries: a title, a source line, readable type."""

from __future__ import annotations

import altair as alt

from i18n import _

FONT_SIZE = 14


def finish(chart: alt.Chart, title: str | list[str], sources: list[str], *, height: int = 280) -> alt.Chart:
    """Give `chart` its title, a 'Source: …' line under the title and readable type.

    The plot keeps `height` for itself (autosize fit-x): Streamlit's default
    `fit` would squeeze title, source line and legend into the same height.
    """
    source_line = _("Source: {sources}").format(sources="; ".join(dict.fromkeys(s for s in sources if s)))
    return (
        chart.properties(
            title=alt.TitleParams(text=title, subtitle=[source_line], anchor="start", fontSize=17, subtitleFontSize=13),
            height=height,
            width="container",
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
    )
