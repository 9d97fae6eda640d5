"""What every importer shares: candidate rows, the final schema check, the new `sources` row."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from exports.files import neutralise_cell
from i18n import _
from importers.report import Issue, ValidationReport
from loaders.schema import Layer
from loaders.validate import check_frame

CRS = "EPSG:4326"


@dataclass
class Candidate:
    """One row of the file on its way to the layer: values in schema columns, or problems."""

    row: int
    raw: dict
    values: dict = field(default_factory=dict)
    geometry: object = None
    problems: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def problem(self, column: str | None, value: object, reason: str) -> None:
        self.problems.append(Issue(self.row, column, value, reason))

    def warn(self, column: str | None, value: object, reason: str) -> None:
        self.warnings.append(Issue(self.row, column, value, reason, "warning"))


@dataclass
class Prepared:
    """An import ready to be written: the accepted rows in schema types, and what to do with them."""

    layer: Layer
    frame: gpd.GeoDataFrame
    report: ValidationReport
    source: dict | None
    replace_demo: bool = False  # remove the layer's illustrative rows (is_demo) when rows are accepted


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def new_report(kind: str, path: Path, layer: str, *, display_name: str | None = None) -> ValidationReport:
    return ValidationReport(kind=kind, file_name=display_name or path.name, layer=layer, sha256=sha256_of(path), size_bytes=path.stat().st_size)


def finalise(report: ValidationReport, layer: Layer, candidates: list[Candidate], labels: dict[str, str] | None = None) -> gpd.GeoDataFrame:
    """Check the surviving candidates against the layer schema; record every row as accepted or rejected.

    Rows rejected before this point (set aside, or with problems) are expected
    to be in `report` already or in `candidates` with problems. Duplicate keys
    are rejected after the first occurrence. `labels` names schema columns as
    the file does, so a problem points at the column a person sees.
    """
    labels = labels or {}
    ready = [c for c in candidates if not c.problems]
    for c in ready:
        left_out = set(layer.column_names) - set(c.values)
        if left_out:  # a bug in the importer, not in the file
            raise AssertionError(f"importer left out {sorted(left_out)} for row {c.row}")
    if ready:
        table = pd.DataFrame([c.values for c in ready], columns=layer.column_names)
        checked, problems = check_frame(table, layer, row_labels=[c.row for c in ready])
        by_row: dict[int, list] = {}
        for p in problems:
            if p.row is None:  # a whole column missing: a bug in the importer, not in the file
                raise AssertionError(f"importer left out column {p.column}")
            by_row.setdefault(p.row, []).append(p)
        for c in ready:
            for p in by_row.get(c.row, []):
                reason = _("duplicate key: the same value appears earlier in the file (kept once)") if p.reason == "duplicate key" else _(p.reason)
                c.problem(labels.get(p.column, p.column), p.value, reason)
        checked.index = [c.row for c in ready]
    else:
        checked = pd.DataFrame(columns=layer.column_names)
    accepted_rows = []
    for c in candidates:
        if c.problems:
            report.reject(c.row, c.problems, c.raw)
        else:
            report.accept(c.row)
            report.warnings.extend(c.warnings)
            accepted_rows.append(c)
    for c in accepted_rows:
        _warn_formulas(report, layer, c)
    values = checked.loc[[c.row for c in accepted_rows]] if accepted_rows else checked.iloc[0:0]
    values = values.reset_index(drop=True)
    geoms = [c.geometry for c in accepted_rows]
    if layer.geometry is None:
        return values
    return gpd.GeoDataFrame(values, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)


def _warn_formulas(report: ValidationReport, layer: Layer, c: Candidate) -> None:
    for col in layer.all_columns:
        value = c.values.get(col.name)
        if col.dtype == "text" and isinstance(value, str) and neutralise_cell(value) != value:
            report.warn(
                c.row,
                col.name,
                value,
                _("text starts like a spreadsheet formula: kept as text, neutralised in every CSV the app exports"),
            )


def source_row(
    prefix: str,
    report: ValidationReport,
    *,
    name: str,
    publisher: str,
    url: str | None,
    notes: str,
    licence: str | None = None,
    today: dt.date | None = None,
) -> dict:
    """The `sources` row that the imported rows cite: one per imported file (its date and checksum in the key)."""
    today = today or dt.date.today()
    return {
        "source_id": f"{prefix}-{today:%Y%m%d}-{report.sha256[:8]}",
        "name": name,
        "publisher": publisher,
        "url": url,
        "published": None,
        "accessed": today.isoformat(),
        "licence": licence,
        "notes": notes,
    }


def slug(text: str, limit: int = 48) -> str:
    from importers.parsing import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit] or "x"


def clean_text(value: object) -> str | None:
    """Text as stored: stripped, inner runs of spaces kept, None for empty; numbers like 52305.0 as 52305."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    text = str(value).strip()
    return text or None
