"""Read Corredor's layers from the GeoPackage or PostGIS, checked against their schemas (no Streamlit here)."""

from loaders.backend import data_version, database_url, is_database, list_layers, location, read_layer, read_sources, shown
from loaders.errors import LayerError
from loaders.gpkg import BUNDLED_GPKG, default_path
from loaders.schema import LAYERS

__all__ = [
    "BUNDLED_GPKG",
    "LAYERS",
    "LayerError",
    "data_version",
    "database_url",
    "default_path",
    "is_database",
    "list_layers",
    "location",
    "read_layer",
    "read_sources",
    "shown",
]
