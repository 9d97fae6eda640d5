"""Read Corredor's GeoPackage layers, checked against their schemas (no Streamlit here)."""

from loaders.errors import LayerError
from loaders.gpkg import BUNDLED_GPKG, default_path, list_layers, read_layer, read_sources
from loaders.schema import LAYERS

__all__ = ["BUNDLED_GPKG", "LAYERS", "LayerError", "default_path", "list_layers", "read_layer", "read_sources"]
