"""Downloads of Corredor's layers: frames in, zip bytes out (no Streamlit here).

Every CSV the app writes goes through `exports.files.safe_csv_frame`, which
neutralises spreadsheet formulas; every download is a zip with the data file
and a README.txt holding the citation, the data date, the licences and, where
illustrative rows are included, a warning.
"""

from exports.files import (
    FORMATS,
    Selection,
    csv_bytes,
    export_zip,
    file_name,
    formats_for,
    geojson_bytes,
    gpkg_bytes,
    neutralise_cell,
    public_rows,
    readme_text,
    safe_csv_frame,
)

__all__ = [
    "FORMATS",
    "Selection",
    "csv_bytes",
    "export_zip",
    "file_name",
    "formats_for",
    "geojson_bytes",
    "gpkg_bytes",
    "neutralise_cell",
    "public_rows",
    "readme_text",
    "safe_csv_frame",
]
