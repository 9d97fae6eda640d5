"""The map's JavaScript and CSS, served by the app itself so maps draw offline.

Leaflet and Leaflet.markercluster come from the XStatic packages, Leaflet.heat
from the copy folium ships (`folium/templates/leaflet_heat.min.js`); our own map
code lives in `mapping/js/`. `install_static()` copies them into the app's
`static/` folder (Streamlit serves it at `app/static/`; it refuses symlinks,
so the files are copied). `assert_offline()` fails loudly if a map still
points at a CDN.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
OWN_JS_DIR = Path(__file__).parent / "js"

# relative path under static/ -> file it is copied from
FILES: dict[str, Path] = {
    "vendor/leaflet/leaflet.js": Path(xs_leaflet.BASE_DIR) / "leaflet.js",
    "vendor/leaflet/leaflet.css": Path(xs_leaflet.BASE_DIR) / "leaflet.css",
    "vendor/leaflet/images/layers.png": Path(xs_leaflet.BASE_DIR) / "images" / "layers.png",
    "vendor/leaflet/images/layers-2x.png": Path(xs_leaflet.BASE_DIR) / "images" / "layers-2x.png",
    "vendor/markercluster/leaflet.markercluster.js": Path(xs_cluster.BASE_DIR) / "leaflet.markercluster.js",
    "vendor/markercluster/MarkerCluster.css": Path(xs_cluster.BASE_DIR) / "MarkerCluster.css",
    "vendor/markercluster/MarkerCluster.Default.css": Path(xs_cluster.BASE_DIR) / "MarkerCluster.Default.css",
    "vendor/leaflet-heat/leaflet-heat.js": Path(folium.__file__).parent / "templates" / "leaflet_heat.min.js",
    "corredor/corredor-map.js": OWN_JS_DIR / "corredor-map.js",
    "corredor/corredor-map.css": OWN_JS_DIR / "corredor-map.css",
    "corredor/corredor-basemap.js": OWN_JS_DIR / "corredor-basemap.js",
}

# The URL the component iframe (served at <base>/component/<name>/index.html)
# uses to reach <base>/app/static/: relative, so a server base path still works.
DEFAULT_BASE_URL = "../../app/static/"

LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
CLUSTER_JS = "vendor/markercluster/leaflet.markercluster.js"
CLUSTER_CSS = ("vendor/markercluster/MarkerCluster.css", "vendor/markercluster/MarkerCluster.Default.css")
HEAT_JS = "vendor/leaflet-heat/leaflet-heat.js"
CORREDOR_JS = "corredor/corredor-map.js"
CORREDOR_CSS = "corredor/corredor-map.css"
BASEMAP_JS = "corredor/corredor-basemap.js"


def install_static(target: Path = STATIC_DIR) -> list[str]:
    """Copy every asset into `target`, skipping files already identical, and build the basemap
    (`mapping.basemap`) if it is not there yet; return what was copied or built."""
    from mapping import basemap

    copied = ["basemap"] if basemap.build(target) else []
    for relative, source in FILES.items():
        dest = target / relative
        if dest.is_file() and filecmp.cmp(source, dest, shallow=False):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(dest.suffix + ".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(dest)
        copied.append(relative)
    return copied


_REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE)
_REMOTE_LINKS = re.compile(r"""["']((?:https?:)?//[^"'\s]+\.(?:js|css))["']""", re.IGNORECASE)


class RemoteAssetError(RuntimeError):
    """A map would load code or styles from outside the app."""


def remote_assets(html: str) -> list[str]:
    """Every script or stylesheet URL in `html` that points off the app's own server."""
    return sorted(set(_REMOTE.findall(html)) | set(_REMOTE_LINKS.findall(html)))


def assert_offline(html: str) -> None:
    """Raise if rendered map HTML links a script or stylesheet off the app's server."""
    found = remote_assets(html)
    if found:
        raise RemoteAssetError(f"the map would load {len(found)} remote asset(s), e.g. {found[0]}; serve them from static/")


def linked_assets(element) -> list[str]:
    """Every script and stylesheet URL the elements of a map will ask the browser to load."""
    urls = [url for _, url in getattr(element, "default_js", []) + getattr(element, "default_css", [])]
    for child in element._children.values():
        urls += linked_assets(child)
    return urls


def assert_map_offline(m) -> None:
    """Raise before rendering if any element of map `m` would load from a CDN."""
    remote = sorted({url for url in linked_assets(m) if re.match(r"(?:https?:)?//", url)})
    if remote:
        raise RemoteAssetError(f"the map would load {len(remote)} remote asset(s), e.g. {remote[0]}; serve them from static/")
