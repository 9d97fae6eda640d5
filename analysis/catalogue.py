"""What each layer holds, where it comes from and how it is dated (no Streamlit).

The Data and sources page shows one card per layer built from these figures,
and the downloads' README files use the same ones, so a card and the file it
offers always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from loaders.schema import LAYERS, PRECISIONS, Layer

# Columns the loaders filter years by (see loaders.gpkg._year_span), and the
# column that closes each one's span.
YEAR_FILTER_COLUMNS = ("year", "year_start", "start_date")
END_COLUMNS = {"year_start": "year_end", "start_date": "end_date"}
SOURCE_COLUMNS = ("source_id", "figure_source_id")
SOURCE_FIELDS = ("name", "publisher", "url", "licence", "published", "accessed")


@dataclass(frozen=True)
class Applicable:
    """Which of the shared filters change what a layer holds."""

    countries: bool
    years: bool


def applicable_filters(name: str) -> Applicable:
    """The filters the loaders apply to layer `name`.

    The `sources` table is filtered through the features that cite it, so
    both filters reach it.
    """
    if name == "sources":
        return Applicable(countries=True, years=True)
    layer = LAYERS[name]
    columns = set(layer.column_names)
    countries = bool({"country_iso3", "countries"} & columns) or name == "countries"
    years = bool(set(YEAR_FILTER_COLUMNS) & columns)
    return Applicable(countries=countries, years=years)


@dataclass(frozen=True)
class DateRange:
    """First and last date (or year) of a layer's rows, as text."""

    column: str
    first: str
    last: str
    open_ended: bool  # some rows have no end (a route still in use, a continuing drought)
    undated: int  # rows with no date in `column`


def date_column(layer: Layer) -> str | None:
    """The column that dates a layer: its schema's date_column, else a year column, else its first date column."""
    if layer.date_column:
        return layer.date_column
    names = layer.column_names
    if "year" in names:
        return "year"
    for col in layer.all_columns:
        if col.dtype == "date":
            return col.name
    return None


def _as_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value))
    if hasattr(value, "item"):
        return _as_text(value.item())
    return str(value)


def date_range(frame: pd.DataFrame, layer: Layer) -> DateRange | None:
    """The dates `frame`'s rows cover, or None if the layer has no dates or no row is dated."""
    column = date_column(layer)
    if column is None or column not in frame.columns:
        return None
    starts = frame[column].dropna()
    if starts.empty:
        return None
    end_column = END_COLUMNS.get(column)
    lasts = [starts.max()]
    open_ended = False
    if end_column and end_column in frame.columns:
        ends = frame.loc[frame[column].notna(), end_column]
        if ends.notna().any():
            lasts.append(ends.dropna().max())
        open_ended = bool(ends.isna().any())
    return DateRange(
        column=column,
        first=_as_text(starts.min()),
        last=_as_text(max(lasts)),
        open_ended=open_ended,
        undated=int(frame[column].isna().sum()),
    )


def precision_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Rows per location precision, in the schema's order (finest first), leaving out zeros."""
    if "precision" not in frame.columns:
        return {}
    counts = frame["precision"].value_counts()
    return {p: int(counts[p]) for p in PRECISIONS if counts.get(p, 0)}


def illustrative_share(frame: pd.DataFrame) -> float | None:
    """Share (0–1) of illustrative (`is_demo`) rows; None for a table without the flag or no rows."""
    if "is_demo" not in frame.columns or frame.empty:
        return None
    return float(frame["is_demo"].fillna(False).astype(bool).mean())


def illustrative_rows(frame: pd.DataFrame) -> int:
    if "is_demo" not in frame.columns:
        return 0
    return int(frame["is_demo"].fillna(False).astype(bool).sum())


def citations(frame: pd.DataFrame) -> pd.Series:
    """How many rows cite each source (through source_id or figure_source_id), most cited first."""
    cited = [frame[c].dropna().astype(str) for c in SOURCE_COLUMNS if c in frame.columns]
    if not cited:
        return pd.Series(dtype="int64")
    counts = pd.concat(cited).value_counts()
    # Ties in a stable order: most cited first, then by key.
    order = sorted(counts.index, key=lambda k: (-int(counts[k]), k))
    return counts.reindex(order).astype("int64")


def cited_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The sources `frame` cites, one row each with its name, publisher, link, licence, dates and row count.

    `sources` is the sources table indexed by source_id. A key missing from it
    is kept, named by the key itself, so nothing cited disappears.
    """
    counts = citations(frame)
    table = sources.reindex(counts.index)[list(SOURCE_FIELDS)].copy()
    table["name"] = table["name"].astype(object).where(table["name"].notna(), pd.Series(counts.index, index=counts.index))
    table.insert(0, "source_id", counts.index)
    table["rows"] = counts.values
    return table.reset_index(drop=True)


def sources_in_selection(frames: dict[str, pd.DataFrame], sources: pd.DataFrame) -> pd.DataFrame:
    """The rows of the sources table (with a source_id column) cited by any of the selected `frames`."""
    keys: set[str] = set()
    for frame in frames.values():
        keys |= set(citations(frame).index)
    table = sources.reset_index()
    return table[table["source_id"].isin(keys)].reset_index(drop=True)


def selection_citations(frames: dict[str, pd.DataFrame], sources: pd.DataFrame) -> pd.DataFrame:
    """cited_sources() across all the selected `frames`: each source once, with the rows of every layer citing it."""
    columns = [frame[[c for c in SOURCE_COLUMNS if c in frame.columns]] for frame in frames.values()]
    return cited_sources(pd.concat(columns, ignore_index=True) if columns else pd.DataFrame(), sources)


def newest_source_date(cited: pd.DataFrame) -> str | None:
    """The latest `published` or `accessed` date among cited sources, or None if none is dated."""
    dates = [d for c in ("published", "accessed") if c in cited.columns for d in cited[c].dropna().astype(str)]
    return max(dates) if dates else None


def licence_groups(cited: pd.DataFrame) -> dict[str | None, list[str]]:
    """Source names grouped by the licence their publisher states (None: not stated), stated licences first."""
    groups: dict[str | None, list[str]] = {}
    for name, licence in zip(cited["name"], cited["licence"]):
        key = None if pd.isna(licence) or not str(licence).strip() else str(licence)
        groups.setdefault(key, []).append(str(name))
    stated = sorted(k for k in groups if k is not None)
    return {k: groups[k] for k in stated + ([None] if None in groups else [])}


@dataclass(frozen=True)
class LayerSummary:
    """Everything a layer's card shows, for the current selection."""

    name: str
    description: str
    geometry: str | None
    date_column: str | None
    total: int
    selected: int
    dates: DateRange | None
    precision: dict[str, int]
    illustrative: float | None
    illustrative_rows: int
    sources: pd.DataFrame  # cited_sources() of the selection
    newest_source_date: str | None
    file_updated: dt.datetime | None


def summarise(name: str, total: int, selected: pd.DataFrame, sources: pd.DataFrame, file_updated: dt.datetime | None = None) -> LayerSummary:
    """A card's figures for layer `name`: `total` rows in the file, `selected` the filtered rows."""
    layer = LAYERS[name]
    cited = cited_sources(selected, sources)
    return LayerSummary(
        name=name,
        description=layer.description,
        geometry=layer.geometry,
        date_column=date_column(layer),
        total=int(total),
        selected=len(selected),
        dates=date_range(selected, layer),
        precision=precision_counts(selected),
        illustrative=illustrative_share(selected),
        illustrative_rows=illustrative_rows(selected),
        sources=cited,
        newest_source_date=newest_source_date(cited),
        file_updated=file_updated,
    )


def last_import(imports: pd.DataFrame, layer: str) -> dict | None:
    """The newest row of the `imports` table for `layer` (when it was last refreshed, and from what), or None."""
    rows = imports[imports["layer"] == layer] if len(imports) else imports
    if rows is None or rows.empty:
        return None
    return rows.sort_values("imported_at").iloc[-1].to_dict()
