"""Check and coerce a table against its layer schema.

Used at both ends of the data: by the build script on the readable source
files, and by the loaders on every layer read from the GeoPackage. Each
problem names the row and column and says what was expected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from loaders.schema import Column, Layer

TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}


@dataclass(frozen=True)
class Problem:
    """One cell (or one missing column) that does not fit the schema."""

    row: int | str | None
    column: str
    value: object
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        shown = "" if self.value is None else f" (value {self.value!r})"
        return f"{where}column '{self.column}': {self.reason}{shown}"


def _is_null(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _coerce_cell(value: object, col: Column) -> object:
    """Return the typed value or raise ValueError saying what was expected."""
    if col.dtype == "text":
        text = str(value).strip()
        if col.allowed is not None:
            items = text.split(";") if col.multi else [text]
            bad = [item for item in items if item not in col.allowed]
            if bad:
                raise ValueError(f"expected {'values' if col.multi else 'one'} of {', '.join(col.allowed)}")
        return text
    if col.dtype in ("int", "year"):
        if isinstance(value, bool):
            raise ValueError("expected a whole number")
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
        if not number.is_integer():
            raise ValueError("expected a whole number")
        number = int(number)
    elif col.dtype == "float":
        number = float(value)
    elif col.dtype == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError("expected true or false")
    elif col.dtype == "date":
        if isinstance(value, (dt.date, pd.Timestamp)):
            return value.strftime("%Y-%m-%d")
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("expected a date as YYYY-MM-DD") from None
    else:  # pragma: no cover - schema typo
        raise AssertionError(f"unknown dtype {col.dtype}")
    if col.minimum is not None and number < col.minimum:
        raise ValueError(f"expected at least {col.minimum:g}")
    if col.maximum is not None and number > col.maximum:
        raise ValueError(f"expected at most {col.maximum:g}")
    return number


PANDAS_DTYPES = {"text": "string", "int": "Int64", "year": "Int64", "float": "Float64", "bool": "boolean", "date": "string"}


def check_frame(
    frame: pd.DataFrame, layer: Layer, row_labels: list | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce every column of `frame` to its schema type, collecting problems.

    `row_labels` names the rows in problems (CSV line numbers, GeoPackage fids);
    by default the frame's index is used. Rows with a problem keep their raw
    value so that nothing is lost; callers decide whether to reject them.
    """
    labels = list(frame.index) if row_labels is None else list(row_labels)
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    for col in layer.all_columns:
        if col.name not in frame.columns:
            problems.append(Problem(None, col.name, None, "column is missing"))
            continue
        values = []
        for label, raw in zip(labels, frame[col.name].tolist()):
            if _is_null(raw):
                if not col.nullable:
                    problems.append(Problem(label, col.name, None, "a value is required"))
                values.append(None)
                continue
            try:
                values.append(_coerce_cell(raw, col))
            except (ValueError, TypeError) as err:
                problems.append(Problem(label, col.name, raw, str(err)))
                values.append(None)
        out[col.name] = pd.array(values, dtype=PANDAS_DTYPES[col.dtype])
    if layer.key and layer.key in out.columns:
        dup = out[layer.key].duplicated(keep="first") & out[layer.key].notna()
        for label, value in zip([labels[i] for i, d in enumerate(dup) if d], out.loc[dup, layer.key]):
            problems.append(Problem(label, layer.key, value, "duplicate key"))
    return out, problems
