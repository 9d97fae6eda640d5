"""Data and sources: one card per layer (what it holds, its dates, sources, precision) and its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import exports
import loaders
from analysis.catalogue import LayerSummary, last_import
from analysis.displacement import idmc_total
from exports.files import data_date_line
from i18n import _, data_text, format_number, ngettext
from importers import store
from importers.refresh import REFRESHABLE
from i18n.vocabulary import precision_label
from ui import context, data
from ui import data_sources as ui
from ui.deaths import md
from ui.displacement import attribution as displacement_attribution

filters, language = context.current()
countries, years = filters.country_filter, filters.years

st.title(_("Data and sources"))

titles = ui.layer_titles()
imports = store.read_table("imports", loaders.default_path())
summaries = ui.summaries(countries, years, language)
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


def percent(share: float) -> str:
    return f"{share:.0%}" if share in (0, 1) else f"{share:.1%}"


def overview_table(rows: list[LayerSummary]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Layer"): [titles[s.name] for s in rows],
            _("Selected"): [s.selected for s in rows],
            _("Total"): [s.total for s in rows],
            _("Illustrative"): [percent(s.illustrative) if s.illustrative is not None else "" for s in rows],
            _("Sources"): [len(s.sources) for s in rows],
            _("Dates"): [f"{s.dates.first} – {s.dates.last}" if s.dates else "" for s in rows],
        }
    )


st.dataframe(
    overview_table(summaries),
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


def kind(summary: LayerSummary) -> str:
    return {
        "Point": _("point layer"),
        "LineString": _("line layer"),
        "MultiPolygon": _("area layer"),
    }.get(summary.geometry, _("table, no geometry"))


def facts(summary: LayerSummary) -> list[str]:
    """The card's lines (markdown built only from code text, numbers and checked dates)."""
    noun = _("features") if summary.geometry else _("rows")
    lines = [
        _("**In the selection:** {selected} of {total} {noun}").format(
            selected=format_number(summary.selected), total=format_number(summary.total), noun=noun
        )
    ]
    if summary.dates:
        dates = summary.dates
        span = dates.first if dates.first == dates.last else f"{dates.first} – {dates.last}"
        if dates.open_ended:
            span += " " + _("(some have no end date yet)")
        if dates.undated:
            span += " · " + ngettext("{n} undated", "{n} undated", dates.undated).format(n=format_number(dates.undated))
        lines.append(_("**Dates** (`{column}`): {span}").format(column=dates.column, span=span))
    elif summary.date_column and summary.selected:
        lines.append(_("**Dates** (`{column}`): none given in the selection").format(column=summary.date_column))
    elif summary.selected:
        lines.append(_("**Dates:** this layer is not dated"))
    if summary.precision:
        parts = " · ".join(f"{precision_label(p)} {format_number(n)}" for p, n in summary.precision.items())
        lines.append(_("**Location precision:** {parts}").format(parts=parts))
    if summary.illustrative is not None:
        if summary.illustrative == 0:
            lines.append(_("**Illustrative rows:** none (0%)"))
        elif summary.illustrative < 1:
            lines.append(
                _("**Illustrative rows:** {n} ({share})").format(n=format_number(summary.illustrative_rows), share=percent(summary.illustrative))
            )
    if summary.file_updated:  # the layer's one data date, as its download's README gives it
        lines.append(data_date_line(summary.name, summary.sources, summary.file_updated))
    last = last_import(imports, summary.name)
    if last:
        lines.append(
            _("**Last refreshed:** {when} from {file} ({kind}; {accepted} records accepted, {new} new, {updated} updated)").format(
                when=md(str(last["imported_at"])[:16].replace("T", " ")),
                file=md(last["file_name"]),
                kind=md(str(last["kind"]).upper()),
                accepted=format_number(int(last["accepted"])),
                new=format_number(int(last["inserted"])),
                updated=format_number(int(last["updated"])),
            )
        )
    elif summary.name in REFRESHABLE:
        lines.append(_("**Last refreshed:** not since the bundled data were built"))
    return lines


def sources_table(summary: LayerSummary) -> None:
    table = data_text.sources(summary.sources)  # names and publishers in the reader's language
    table["licence"] = table["licence"].astype(object).where(table["licence"].notna(), _("not stated"))
    label = ngettext("Sources cited: {n}", "Sources cited: {n}", len(table)).format(n=format_number(len(table)))
    if summary.name == "sources":
        label = _("The sources cited by the selection: {n}").format(n=format_number(len(table)))
    with st.expander(label, expanded=len(table) <= 2):
        st.dataframe(
            table[["name", "publisher", "url", "licence", "published", "accessed", "rows"]],
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


def idmc_figure_line() -> str:
    """What IDMC's rows of the selection add up to, and what that sum is."""
    events = data.layer("disaster_events", countries, years)
    return _(
        "**Disaster displacements in the selection:** {total}: the sum of IDMC's figures over these rows (internal displacements: movements, not people). "
        "IDMC's terms: non-commercial use only (CC BY-NC 4.0); cite {attribution}."
    ).format(total=format_number(idmc_total(events)), attribution=displacement_attribution(data.sources(), events))


def card(summary: LayerSummary) -> None:
    with st.container(border=True):
        st.header(titles[summary.name], anchor=False)
        st.caption(f"`{summary.name}` · {kind(summary)}")
        st.markdown(_(summary.description))
        if summary.illustrative == 1:
            st.warning(
                _("**100% illustrative:** every row of this selection is an invented example, not a real record. Do not cite its numbers."),
                icon=":material/warning:",
            )
        st.markdown("\n".join(f"- {line}" for line in facts(summary)))
        if summary.name == "disaster_events" and summary.selected:
            st.markdown(idmc_figure_line())
        if summary.selected == 0:
            st.info(_("Nothing in this layer matches the selected countries and years, so there is nothing to download."))
            return
        sources_table(summary)
        downloads(summary)


for start in range(0, len(summaries), 2):
    for column, summary in zip(st.columns(2), summaries[start : start + 2]):
        with column:
            card(summary)
