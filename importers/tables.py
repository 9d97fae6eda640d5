"""The two bookkeeping tables imports add to the GeoPackage: `imports` and `quarantine`.

Declared with the same `Layer`/`Column` classes as every layer, but not
registered in `loaders.schema.LAYERS`: the app's loaders keep reading only
the data layers, and these tables are read here with pyogrio directly.
"""

from __future__ import annotations

from loaders.schema import Column, Layer

IMPORTS = Layer(
    "imports",
    "One row per import written to the GeoPackage: who, when, which file and the validation figures.",
    (
        Column("import_id", "text", "Unique key: UTC time of the import and the first characters of the file's SHA-256."),
        Column("kind", "text", "What was imported (feedback: a reviewed report of a wrong entry).", allowed=("mmp", "idmc", "hxl", "ogr", "feedback")),
        Column("layer", "text", "Layer the rows went into."),
        Column("file_name", "text", "Name of the imported file as given."),
        Column("sha256", "text", "SHA-256 of the file's bytes."),
        Column("size_bytes", "int", "Size of the file.", minimum=0),
        Column("archive_path", "text", "Where the original file is kept, relative to the GeoPackage's folder."),
        Column("imported_by", "text", "Who ran the import (signed-in user or system user)."),
        Column("imported_at", "text", "When, as an ISO 8601 UTC timestamp."),
        Column("rows_read", "int", "Data rows in the file.", minimum=0),
        Column("accepted", "int", "Rows written to the layer.", minimum=0),
        Column("rejected", "int", "Rows not written (invalid or set aside); accepted + rejected = rows_read.", minimum=0),
        Column("set_aside", "int", "Rejected rows that were valid but outside the Americas.", minimum=0),
        Column("warnings", "int", "Warnings raised on accepted rows.", minimum=0),
        Column("inserted", "int", "Rows new to the layer.", minimum=0),
        Column("updated", "int", "Rows that replaced a row with the same key.", minimum=0),
        Column("removed_demo", "int", "Illustrative rows removed by this import.", minimum=0),
        Column("source_id", "text", "Row of `sources` added for the imported file.", nullable=True),
    ),
    key="import_id",
    provenance=False,
)

QUARANTINE = Layer(
    "quarantine",
    "Rows of imported files that were rejected, one line per problem, with the reason.",
    (
        Column("import_id", "text", "The import (see `imports`)."),
        Column("row", "int", "Row number in the file (CSV line, spreadsheet row or GIS feature).", minimum=0),
        Column("column", "text", "Column with the problem; empty for the whole row.", nullable=True),
        Column("value", "text", "The value as read, as text.", nullable=True),
        Column("reason", "text", "Why the row was rejected."),
        Column("kind", "text", "invalid, or out_of_region for a valid row set aside.", allowed=("invalid", "out_of_region")),
        Column("raw", "text", "The whole row as read, JSON; empty for rows set aside as out of region.", nullable=True),
    ),
    provenance=False,
)

TABLES = {t.name: t for t in (IMPORTS, QUARANTINE)}
