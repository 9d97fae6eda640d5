"""What every Corredor chart carries: a title, a source line, readable type, a text alternative."""

from __future__ import annotations

import altair as alt
from babel.numbers import get_decimal_symbol, get_group_symbol

from i18n import _, current_language

FONT_SIZE = 14
# Axis and legend text: Streamlit's chart theme draws it in #808495 (3.7:1 on white);
# WCAG AA asks 4.5:1 for text of this size. This grey reads 9.3:1.
TEXT_COLOUR = "#45474f"


def source_line(sources: list[str]) -> str:
    """"Source: a; b", once: a credit line that already opens with "Source: " (as the MMP licence's does) is not prefixed again."""
    prefix = _("Source: {sources}").format(sources="")
    named = (s[len(prefix):] if s.startswith(prefix) else s for s in sources if s)
    return _("Source: {sources}").format(sources="; ".join(dict.fromkeys(named)))


def data_date_line(data_date: str) -> str:
    return _("Data date: {date}").format(date=data_date)


def _lines(value) -> list[str]:
    if value is None or value is alt.Undefined:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def number_locale() -> alt.Locale:
    """Vega's number format in the reader's language (from Babel): axes and tooltips write 1,5 M and 520 085 in French."""
    language = current_language()
    return alt.Locale(
        number=alt.NumberLocale(decimal=get_decimal_symbol(language), thousands=get_group_symbol(language), grouping=[3], currency=["", ""])
    )


def text_alternative(title, subtitle) -> str:
    """One line that says what the chart is: its title, then its source (and data date) lines."""
    sentences = [" ".join(_lines(title))] + _lines(subtitle)
    return " ".join(s if s.endswith((".", "!", "?")) else s + "." for s in sentences if s)


def finish(chart: alt.Chart, title: str | list[str], sources: list[str], *, height: int = 280, data_date: str | None = None) -> alt.Chart:
    """Give `chart` its title, a 'Source: …' line under the title and readable type.

    With `data_date`, a 'Data date: …' line follows the source line. The
    chart's description (its text alternative for screen readers) repeats
    title, source and date. The plot keeps `height` for itself (autosize
    fit-x): Streamlit's default `fit` would squeeze title, source line and
    legend into the same height.
    """
    subtitle = [source_line(sources)] + ([data_date_line(data_date)] if data_date else [])
    return (
        chart.properties(
            title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start", fontSize=17, subtitleFontSize=13),
            description=text_alternative(title, subtitle),
            height=height,
            width="container",
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(locale=number_locale())  # first: configure() replaces the whole config
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
        .configure_title(color="#1a1a1a", subtitleColor=TEXT_COLOUR)
    )


def with_data_date(chart: alt.Chart, data_date: str | None) -> alt.Chart:
    """A copy of a finished chart with a 'Data date: …' line after its source line (e.g. for a PNG)."""
    done = chart.copy(deep=True)
    if not data_date:
        return done
    line = data_date_line(data_date)
    title = done.title if isinstance(done.title, alt.TitleParams) else alt.TitleParams(text=_lines(done.title) or "", anchor="start")
    subtitle = _lines(title.subtitle)
    if line in subtitle:
        return done
    title.subtitle = subtitle + [line]
    done.title = title
    described = done.description if isinstance(done.description, str) else text_alternative(title.text, [])
    done.description = text_alternative(described, [line])
    return done
