"""Import real data into Corredor's GeoPackage (no Streamlit here).

Kinds: `mmp` (IOM Missing Migrants Project CSV/XLSX → incidents), `idmc`
(IDMC GIDD disaster events → disaster_events), `hxl` (HXL-tagged shelter
lists → shelters), `ogr` (any GIS format → a chosen layer). Every import
produces a `ValidationReport`; writing is atomic (`importers.store`).
Command line: `python -m importers.importer KIND FILE [--layer …] [--dry-run]`.
"""

from importers.errors import ImportFileError
from importers.report import Issue, ValidationReport

__all__ = ["ImportFileError", "Issue", "KINDS", "Options", "ValidationReport", "run_import"]


def __getattr__(name: str):
    # Imported lazily so that `python -m importers.importer` does not import itself twice.
    if name in ("KINDS", "Options", "run_import"):
        from importers import importer

        return getattr(importer, name)
    raise AttributeError(name)
