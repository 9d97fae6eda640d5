"""The registries every part of Corredor loops over: the map layers (`registry.layers`) and the pages (`registry.pages`).

A new map layer is one entry in `registry.layers.MAP_LAYERS`; a new page one
entry in `registry.pages.PAGES`. See docs/architecture.md.
"""
