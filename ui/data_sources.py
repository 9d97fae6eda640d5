"""Cached helpers of the Data and sources page: each layer's card figures and its download zips.

Both are cached on the GeoPackage's path and modification time plus the
filters, so a rebuilt file gives fresh cards and fresh downloads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

import pandas as pd
import streamlit as st

import exports
import loaders
from analysis import catalogue
from analysis.catalogue import last_import
from analysis.displacement import idmc_total
from exports.files import data_date_line
from i18n import _, data_text, format_number, ngettext, set_language
from i18n.markdown import md
from i18n.vocabulary import precision_label
from importers import store
from importers.refresh import REFRESHABLE
from registry import layers as registry
from ui import data, shared
from ui.displacement import attribution as displacement_attribution


layer_titles = registry.table_titles  # a readable title for every layer, in the order of loaders.LAYERS


def built_at(mtime_ns: int) -> dt.datetime:
    """The GeoPackage's modification time, in UTC to the second: the data date of every download."""
    return dt.datetime.fromtimestamp(mtime_ns / 1e9, tz=dt.timezone.utc).replace(microsecond=0)


def _selected(name: str, countries: tuple | None, years: tuple | None) -> pd.DataFrame:
    """Layer `name` as the downloads hold it: filtered, in its public form (sensitive shelters at town level), sources cited by the selection."""
    if name == "sources":
        frames = {other: _selected(other, countries, years) for other in loaders.LAYERS if other != "sources"}
        return catalogue.sources_in_selection(frames, data.sources())
    return data.layer(name, countries, years)


def _total(name: str) -> int:
    return len(data.layer(name))


def _summaries(countries: tuple | None, years: tuple | None) -> list[catalogue.LayerSummary]:
    path, mtime = data.version()
    sources = data.sources()
    updated = built_at(mtime) if mtime else None
    frames = {name: _selected(name, countries, years) for name in loaders.LAYERS}
    summaries = [catalogue.summarise(name, _total(name), frames[name], sources, file_updated=updated) for name in loaders.LAYERS]
    # The sources card counts, for each source, the rows of every layer in the selection that cite it.
    across = catalogue.selection_citations({n: f for n, f in frames.items() if n != "sources"}, sources)
    return [dataclasses.replace(s, sources=across) if s.name == "sources" else s for s in summaries]


def summaries(countries, years) -> list[catalogue.LayerSummary]:
    """One card's figures per layer, in the order of loaders.LAYERS (shared per selection, read only)."""
    return shared.value(_summaries, _key(countries), _key(years))


def _key(values) -> tuple | None:
    return tuple(values) if values else None


@dataclasses.dataclass(frozen=True)
class Card:
    """One layer's card as the page shows it, in the reader's language."""

    summary: catalogue.LayerSummary
    kind: str
    facts: list[str]  # Markdown lines, built only from code text, numbers and checked dates
    idmc_line: str | None  # what IDMC's rows of the selection add up to
    sources: pd.DataFrame  # the sources cited, names and publishers translated: the columns the card shows
    sources_label: str


@dataclasses.dataclass(frozen=True)
class Page:
    overview: pd.DataFrame  # one row per layer
    cards: list[Card]


def cards(countries, years) -> Page:
    """Every layer's card and the overview table of the selection: once per selection, language and data version."""
    return shared.value(_page, _key(countries), _key(years))


def _page(countries: tuple | None, years: tuple | None) -> Page:
    imports = store.read_table("imports", loaders.default_path())
    rows = summaries(countries, years)
    return Page(overview_table(rows), [_card(summary, imports, countries, years) for summary in rows])


def _card(summary: catalogue.LayerSummary, imports: pd.DataFrame, countries, years) -> Card:
    table = data_text.sources(summary.sources)  # names and publishers in the reader's language
    table["licence"] = table["licence"].astype(object).where(table["licence"].notna(), _("not stated"))
    label = ngettext("Sources cited: {n}", "Sources cited: {n}", len(table)).format(n=format_number(len(table)))
    if summary.name == "sources":
        label = _("The sources cited by the selection: {n}").format(n=format_number(len(table)))
    idmc_line = idmc_figure_line(countries, years) if summary.name == "disaster_events" and summary.selected else None
    shown = table[["name", "publisher", "url", "licence", "published", "accessed", "rows"]]
    return Card(summary, kind(summary), facts(summary, imports), idmc_line, shown, label)


def percent(share: float) -> str:
    return f"{share:.0%}" if share in (0, 1) else f"{share:.1%}"


def overview_table(rows: list[catalogue.LayerSummary]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Layer"): [layer_titles()[s.name] for s in rows],
            _("Selected"): [s.selected for s in rows],
            _("Total"): [s.total for s in rows],
            _("Illustrative"): [percent(s.illustrative) if s.illustrative is not None else "" for s in rows],
            _("Sources"): [len(s.sources) for s in rows],
            _("Dates"): [f"{s.dates.first} – {s.dates.last}" if s.dates else "" for s in rows],
        }
    )


def kind(summary: catalogue.LayerSummary) -> str:
    return {
        "Point": _("point layer"),
        "LineString": _("line layer"),
        "MultiPolygon": _("area layer"),
    }.get(summary.geometry, _("table, no geometry"))


def facts(summary: catalogue.LayerSummary, imports: pd.DataFrame) -> list[str]:
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


def idmc_figure_line(countries, years) -> str:
    """What IDMC's rows of the selection add up to, and what that sum is."""
    events = data.layer("disaster_events", countries, years)
    return _(
        "**Disaster displacements in the selection:** {total}: the sum of IDMC's figures over these rows (internal displacements: movements, not people). "
        "IDMC's terms: non-commercial use only (CC BY-NC 4.0); cite {attribution}."
    ).format(total=format_number(idmc_total(events)), attribution=displacement_attribution(data.sources(), events))


@st.cache_data(show_spinner=False, max_entries=64)
def _zip(name: str, fmt: str, countries: tuple | None, years: tuple | None, path: str, mtime: int, language: str) -> bytes:
    set_language(language)
    frame = data.layer(name, countries, years) if name != "sources" else _selected(name, countries, years)
    return exports.export_zip(
        name,
        frame,
        fmt,
        sources=data.sources(),
        selection=exports.Selection(countries=countries or (), years=years),
        built=built_at(mtime),
        total=_total(name),
        places=data.layer("places") if name == "shelters" else None,
    )


def zip_later(name: str, fmt: str, countries, years, language: str) -> Callable[[], bytes]:
    """A callable for st.download_button: the zip is built (once, then cached) only when someone clicks."""
    path, mtime = data.version()
    key = (tuple(countries) if countries else None, tuple(years) if years else None)

    def build() -> bytes:
        return _zip(name, fmt, key[0], key[1], path, mtime, language)

    return build


def download_name(name: str, fmt: str, countries, years) -> str:
    return exports.file_name(name, fmt, exports.Selection(countries=tuple(countries or ()), years=tuple(years) if years else None))
