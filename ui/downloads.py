"""Small download buttons for the room: the current map as an offline HTML file, a chart as a PNG.

Each file is built only when someone clicks (st.download_button runs the
callable then, on its own thread), and cached on its inputs. Both carry a
title, the data date and the sources. Also the map's table alternative.
"""

from __future__ import annotations

import json
import re

import altair as alt
import streamlit as st

from charts.common import with_data_date
from charts.png import png_from_spec, png_spec
from i18n import _, current_language, format_number, set_language
from mapping import standalone, tables
from ui import data, shared
from ui.data_sources import built_at




def data_date() -> str:
    """The date the app's data file was built (YYYY-MM-DD): the data date of an export whose layers
    carry none of their own, as in the download READMEs (`exports.files`)."""
    _path, mtime = data.version()
    return built_at(mtime).date().isoformat() if mtime else _("not recorded")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "export"


@st.cache_data(show_spinner=False, max_entries=16)
def _standalone(rendered: str, title: str, date: str, sources: tuple[str, ...], language: str) -> str:
    set_language(language)
    return standalone.inline(rendered, title=title, data_date=date, sources=list(sources), language=language)


@st.cache_data(show_spinner=False, max_entries=32)
def _png(spec_json: str) -> bytes:
    return png_from_spec(json.loads(spec_json))


def snapshot(m):
    """The map as it is now, kept for the download and the table: take it before st_folium,
    which renames the elements of the map it shows."""
    return standalone.snapshot(m)


def map_download(m, title: str, sources: list[str], key: str, date: str | None = None) -> None:
    """A small button that downloads map `m` (a `snapshot`) as one HTML file that opens offline.

    `key` names the page (e.g. "darien"): the file is corredor-<key>-map.html. `date`: the data
    date of the layer it shows, when it has its own (the page shows the same).
    """
    language, date, cited = current_language(), date or data_date(), tuple(dict.fromkeys(s for s in sources if s))

    def build() -> str:
        set_language(language)
        return _standalone(standalone.render_map(m), title, date, cited, language)

    _small_download(
        _("Download map (HTML, works offline)"),
        build,
        f"corredor-{slug(key)}-map.html",
        "text/html",
        f"download_{slug(key)}_map",
        _("The map as shown, in one HTML file that opens in any browser without internet, with its title, data date and sources."),
    )


def _small_download(label: str, build, file_name: str, mime: str, key: str, help: str) -> None:
    """A small download button (no rerun on click) whose file `build()` makes only when someone clicks."""
    st.download_button(label, data=build, file_name=file_name, mime=mime, key=key, icon=":material/download:", type="tertiary", on_click="ignore", help=help)


def show_chart(chart: alt.Chart, name: str, key: str, date: str | None = None) -> None:
    """The chart across the page, then its PNG download (`chart_download`)."""
    st.altair_chart(chart, width="stretch")
    chart_download(chart, name, key, date)


def chart_download(chart: alt.Chart, name: str, key: str, date: str | None = None) -> None:
    """A small button under a chart that downloads it as a PNG with its title, source line and data date.

    `name` names the file: corredor-<name>.png; `date` as for `map_download`.
    """
    language, date = current_language(), date or data_date()

    def build() -> bytes:
        set_language(language)
        return _png(_spec_json(chart, date))

    _small_download(
        _("Download chart (PNG)"),
        build,
        f"corredor-{slug(name)}.png",
        "image/png",
        f"download_{slug(key)}",
        _("This chart as a PNG image with its title, source and data date, for slides."),
    )


def _spec_json(chart: alt.Chart, date: str) -> str:
    return json.dumps(png_spec(with_data_date(chart, date)), sort_keys=True)


def page_start(total: int, key: str) -> int:
    """The first row of the page of a long table the reader chose: a page of `tables.PAGE_ROWS` rows
    is sent at a time, so a run's cost does not grow with the records (a page selector when there are more)."""
    if total <= tables.PAGE_ROWS:
        return 0
    pages = -(-total // tables.PAGE_ROWS)
    page = st.number_input(_("Page (of {pages})").format(pages=format_number(pages)), 1, pages, 1, key=key)
    return (int(page) - 1) * tables.PAGE_ROWS


def map_table(m, key: str) -> None:
    """The map's table alternative, folded under the map: every drawn feature with what its popup says,
    a page of rows at a time when the map draws many."""
    total = shared.feature_count(m)
    labels = tables.column_labels()
    with st.expander(_("Map as a table ({n} features)").format(n=format_number(total))):
        start = page_start(total, f"{slug(key)}_map_table_page")
        table = shared.map_table_shown(m, start, start + tables.PAGE_ROWS)
        if total > tables.PAGE_ROWS:
            st.caption(
                _("Features {first}–{last} of {total}.").format(
                    first=format_number(start + 1), last=format_number(start + table.num_rows), total=format_number(total)
                )
            )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            placeholder="—",
            height=min(38 + 35 * max(table.num_rows, 1), 360),
            key=f"{slug(key)}_map_table",
            column_config={column: st.column_config.TextColumn(label) for column, label in labels.items() if column != "illustrative"}
            | {"illustrative": st.column_config.CheckboxColumn(labels["illustrative"])},
        )


def selection_label(countries, years, names: dict[str, str]) -> str:
    """The selection in words for an export's title: 'Colombia, Panama · 2019–2024'."""
    where = ", ".join(names.get(c, c) for c in countries) if countries else _("all of the Americas")
    return _("{countries} · {first}–{last}").format(countries=where, first=years[0], last=years[1])


def below_map(m, title: str, sources: list[str], key: str, date: str | None = None) -> None:
    """One compact line under a map (a `snapshot`): its download button, and its table alternative folded beside it."""
    row = st.container(horizontal=True, vertical_alignment="top", gap="small")
    with row:
        map_download(m, title, sources, key, date)
        map_table(m, key)
