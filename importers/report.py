"""The validation report every import produces, dry run or not.

Every data row of the file ends up either accepted or rejected, so
`accepted + rejected == rows_read` always (`balanced`). Rows set aside as
outside the Americas are rejected rows of their own kind (`set_aside`), so a
global Missing Migrants export still balances; the other rejected rows are
`invalid`, each with the row number, column, value and reason. Warnings keep
the row but say what was changed or doubtful.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

import pandas as pd

from i18n import _, format_number

INVALID = "invalid"
OUT_OF_REGION = "out_of_region"
SHOWN_IN_TEXT = 20


@dataclass(frozen=True)
class Issue:
    """One reason a row was rejected, or one warning; `row` None means the whole file."""

    row: int | None
    column: str | None
    value: object
    reason: str
    kind: str = INVALID

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        where = ", ".join(parts)
        shown = "" if self.value in (None, "") else f" ({_shown(self.value)})"
        return f"{where}: {self.reason}{shown}" if where else f"{self.reason}{shown}"


def unit_name(unit: str) -> str:
    """One of the things a file's rows are counted in, in the reader's language: line (CSV), row (spreadsheet), feature (GIS)."""
    return {"line": _("line"), "row": _("row"), "feature": _("feature"), "record": _("record")}.get(unit, unit)


def units_name(unit: str) -> str:
    """The plural of `unit_name`."""
    return {"line": _("lines"), "row": _("rows"), "feature": _("features"), "record": _("records")}.get(unit, unit)


def _shown(value: object, limit: int = 80, *, quoted: bool = True) -> str:
    text = repr(value) if isinstance(value, str) and quoted else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class ValidationReport:
    kind: str
    file_name: str
    layer: str
    sha256: str = ""
    size_bytes: int = 0
    file_format: str = ""
    unit: str = "row"  # how row numbers count: line (CSV), row (XLSX), record (JSON), feature (GIS)
    rows_read: int = 0
    accepted_rows: list[int] = field(default_factory=list)
    rejections: dict[int, list[Issue]] = field(default_factory=dict)
    raw_rows: dict[int, dict] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=dict)
    dry_run: bool = True
    written: bool = False
    import_id: str | None = None
    source_id: str | None = None
    seconds: float = 0.0

    # --- recording ---------------------------------------------------------

    def read(self, row: int) -> None:
        self.rows_read += 1

    def accept(self, row: int) -> None:
        self.accepted_rows.append(row)

    def reject(self, row: int, issues: list[Issue], raw: dict | None = None) -> None:
        self.rejections.setdefault(row, []).extend(issues)
        if raw is not None:
            self.raw_rows[row] = raw

    def set_aside(self, row: int, column: str | None, value: object, reason: str) -> None:
        self.rejections.setdefault(row, []).append(Issue(row, column, value, reason, OUT_OF_REGION))

    def warn(self, row: int | None, column: str | None, value: object, reason: str) -> None:
        self.warnings.append(Issue(row, column, value, reason, "warning"))

    # --- figures -----------------------------------------------------------

    @property
    def accepted(self) -> int:
        return len(self.accepted_rows)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def set_aside_count(self) -> int:
        return sum(1 for issues in self.rejections.values() if issues and all(i.kind == OUT_OF_REGION for i in issues))

    @property
    def invalid(self) -> int:
        return self.rejected - self.set_aside_count

    @property
    def balanced(self) -> bool:
        return self.accepted + self.rejected == self.rows_read and not (set(self.accepted_rows) & set(self.rejections))

    def problems(self, *, include_set_aside: bool = False) -> list[Issue]:
        return [i for row in sorted(self.rejections) for i in self.rejections[row] if include_set_aside or i.kind != OUT_OF_REGION]

    # --- views -------------------------------------------------------------

    def rejected_frame(self, *, include_set_aside: bool = False) -> pd.DataFrame:
        """One line per problem: row, column, value, reason (as the page and the CSV show them)."""
        rows = [
            {"row": i.row, "column": i.column or "", "value": "" if i.value is None else _shown(i.value, 500, quoted=False), "reason": i.reason}
            for i in self.problems(include_set_aside=include_set_aside)
        ]
        return pd.DataFrame(rows, columns=["row", "column", "value", "reason"])

    def warnings_frame(self) -> pd.DataFrame:
        rows = [
            {"row": "" if i.row is None else i.row, "column": i.column or "", "value": "" if i.value is None else _shown(i.value, 500, quoted=False), "reason": i.reason}
            for i in self.warnings
        ]
        return pd.DataFrame(rows, columns=["row", "column", "value", "reason"])

    def warning_counts(self) -> list[tuple[str, int]]:
        return Counter(i.reason for i in self.warnings).most_common()

    def rejection_counts(self) -> list[tuple[str, int]]:
        return Counter(i.reason for i in self.problems()).most_common()

    def figures(self) -> dict:
        return {
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "invalid": self.invalid,
            "set_aside": self.set_aside_count,
            "warnings": len(self.warnings),
        }

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "file": self.file_name,
            "layer": self.layer,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "format": self.file_format,
            **self.figures(),
            "balanced": self.balanced,
            "changes": self.changes,
            "dry_run": self.dry_run,
            "written": self.written,
            "import_id": self.import_id,
            "source_id": self.source_id,
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
            "rejections": [asdict(i) for i in self.problems()],
            "warnings": [asdict(i) for i in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)

    def to_text(self, limit: int = SHOWN_IN_TEXT) -> str:
        """The report as the command line prints it."""
        f = format_number
        lines = [
            _("{kind} import of {file} into layer '{layer}'{dry}").format(
                kind=self.kind.upper(), file=self.file_name, layer=self.layer, dry=_(" (dry run: nothing written)") if self.dry_run else ""
            ),
            _("rows read {read}: accepted {accepted}, rejected {rejected} ({invalid} invalid, {aside} set aside as outside the Americas); warnings {warnings}").format(
                read=f(self.rows_read),
                accepted=f(self.accepted),
                rejected=f(self.rejected),
                invalid=f(self.invalid),
                aside=f(self.set_aside_count),
                warnings=f(len(self.warnings)),
            ),
        ]
        if self.changes:
            lines.append(
                _("changes to '{layer}': {inserted} new, {updated} updated by id, {removed} illustrative rows removed; {total} rows after the import").format(
                    layer=self.layer,
                    inserted=f(self.changes.get("inserted", 0)),
                    updated=f(self.changes.get("updated", 0)),
                    removed=f(self.changes.get("removed_demo", 0)),
                    total=f(self.changes.get("total", 0)),
                )
            )
        lines += [f"  {note}" for note in self.notes]
        problems = self.problems()
        if problems:
            lines.append(_("rejected rows (numbered in {units} of the file):").format(units=units_name(self.unit)))
            lines += [f"  {unit_name(self.unit)} {i}" for i in problems[:limit]]
            if len(problems) > limit:
                lines.append(_("  … and {n} more problems").format(n=f(len(problems) - limit)))
        if self.warnings:
            lines.append(_("warnings:"))
            for reason, count in self.warning_counts()[:limit]:
                first = next(w for w in self.warnings if w.reason == reason)
                where = "" if first.row is None else _(" (first: {unit} {row})").format(unit=unit_name(self.unit), row=first.row)
                lines.append(f"  {count} × {reason}{where}")
        if self.written:
            lines.append(_("written: import {id}, source '{source}'").format(id=self.import_id, source=self.source_id or "-"))
        lines.append(_("took {seconds} s").format(seconds=format_number(self.seconds, 2)))
        return "\n".join(lines)
