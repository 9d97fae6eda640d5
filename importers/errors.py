"""The one error an import raises for a file it cannot take: a code for tests, a sentence for people."""

from __future__ import annotations

from pathlib import Path


class ImportFileError(ValueError):
    """A file that cannot be imported at all; nothing has been written when this is raised.

    `code` is stable (tests and the page match on it): empty, header_only,
    unknown_format, encoding, too_large, zip_unsafe, zip_bomb, unknown_header,
    missing_columns, no_crs, unknown_layer, unreadable, busy.
    """

    def __init__(self, code: str, message: str, *, path: str | Path | None = None):
        self.code = code
        self.message = message
        self.path = None if path is None else str(path)
        where = f"{Path(self.path).name}: " if self.path else ""
        super().__init__(f"{where}{message}")
