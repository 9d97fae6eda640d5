"""Data and sources: one card per layer (what it holds, its dates, sources, precision) and its downloads."""

from __future__ import annotations

import streamlit as st

import exports
from analysis.catalogue import LayerSummary
from i18n import _, format_number, ngettext
from ui import context, shared
from ui import data_sources as ui

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Data and sources"))

titles = ui.layer_titles()
page = ui.cards(countries, years)  # shared by every viewer of the selection
summaries = [card.summary for card in page.cards]
selection = _("countries {codes}").format(codes=", ".join(countries)) if countries else _("all of the Americas")
st.caption(
    _(
        "Every layer behind the maps, where it comes from and how exactly it is located. Downloads follow the "
        "selection ({selection}; {first}–{last}) and come as a zip with a README.txt holding the citation, the data "
        "date and the licences."
    ).format(selection=selection, first=years[0], last=years[1])
)

st.page_link(
    "pages/country.py",
    label=_("Country briefs: each country's figures on one page, as PDF or PNG"),
    icon=":material/flag:",
    query_params={"iso3": countries[0]} if countries else None,
)

# The countries layer always holds the chosen countries themselves, so it does not count here.
spatial_empty = all(s.selected == 0 for s in summaries if s.geometry is not None and s.name != "countries")
if spatial_empty:
    st.info(
        _(
            "No mapped feature matches the selected countries and years. The tables without a country column "
            "(Darién crossings, reported totals) are still listed below; choose other countries or years in the sidebar."
        )
    )


st.dataframe(
    shared.arrow(page.overview),
    hide_index=True,
    width="stretch",
    placeholder="—",
    column_config={
        _("Layer"): st.column_config.TextColumn(width=300),
        _("Selected"): st.column_config.NumberColumn(help=_("Rows in the current selection of countries and years")),
        _("Total"): st.column_config.NumberColumn(help=_("Rows in the whole layer")),
        _("Illustrative"): st.column_config.TextColumn(help=_("Share of illustrative (is_demo) rows in the selection")),
        _("Sources"): st.column_config.NumberColumn(help=_("Sources cited by the rows of the selection")),
        _("Dates"): st.column_config.TextColumn(width="medium"),
    },
)


def sources_table(card: ui.Card) -> None:
    table, label = card.sources, card.sources_label
    with st.expander(label, expanded=len(table) <= 2):
        st.dataframe(
            shared.arrow(table),
            hide_index=True,
            placeholder="—",  # not "None"
            width="stretch",
            height=min(38 + 35 * len(table), 320),
            column_config={
                "name": st.column_config.TextColumn(_("Source"), width="medium"),
                "publisher": st.column_config.TextColumn(_("Publisher")),
                "url": st.column_config.LinkColumn(_("Link"), display_text=r"https?://(?:www\.)?([^/]+)"),
                "licence": st.column_config.TextColumn(_("Licence")),
                "published": st.column_config.TextColumn(_("Published")),
                "accessed": st.column_config.TextColumn(_("Accessed")),
                "rows": st.column_config.NumberColumn(_("Rows citing it"), format="%d"),
            },
        )


def downloads(summary: LayerSummary) -> None:
    formats = exports.formats_for(summary.name)
    st.caption(
        ngettext(
            "Download the {n} row of the selection: a zip with the data and a README.txt (citation, data date, licences).",
            "Download the {n} rows of the selection: a zip with the data and a README.txt (citation, data date, licences).",
            summary.selected,
        ).format(n=format_number(summary.selected))
    )
    row = st.container(horizontal=True, gap="small")
    for fmt in formats:
        row.download_button(
            exports.FORMATS[fmt]["label"],
            data=ui.zip_later(summary.name, fmt, countries, years, language),
            file_name=ui.download_name(summary.name, fmt, countries, years),
            mime="application/zip",
            key=f"download_{summary.name}_{fmt}",
            icon=":material/download:",
            on_click="ignore",
            help=_("{layer}, {format}, filtered by the current selection").format(layer=titles[summary.name], format=exports.FORMATS[fmt]["label"]),
        )


def show_card(card: ui.Card) -> None:
    summary = card.summary
    with st.container(border=True):
        st.header(titles[summary.name], anchor=False)
        st.caption(f"`{summary.name}` · {card.kind}")
        st.markdown(_(summary.description))
        if summary.illustrative == 1:
            st.warning(
                _("**100% illustrative:** every row of this selection is an invented example, not a real record. Do not cite its numbers."),
                icon=":material/warning:",
            )
        st.markdown("\n".join(f"- {line}" for line in card.facts))
        if card.idmc_line:
            st.markdown(card.idmc_line)
        if summary.selected == 0:
            st.info(_("Nothing in this layer matches the selected countries and years, so there is nothing to download."))
            return
        sources_table(card)
        downloads(summary)


for start in range(0, len(page.cards), 2):
    for column, card in zip(st.columns(2), page.cards[start : start + 2]):
        with column:
            show_card(card)
