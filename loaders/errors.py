"""Errors raised at the data boundary: each names the file, layer, row and column."""

from __future__ import annotations

from pathlib import Path


class LayerError(ValueError):
    """A layer or file that cannot be read as its schema says."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path,
        layer: str | None = None,
        column: str | None = None,
        row: int | str | None = None,
    ):
        self.path = str(path)
        self.layer = layer
        self.column = column
        self.row = row
        where = [f"{'database' if self.path.startswith('postgres') else 'file'} {self.path}"]
        if layer:
            where.append(f"layer '{layer}'")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column '{column}'")
        self.reason = message
        super().__init__(f"{', '.join(where)}: {message}")
