"""The offline basemap: coasts, borders, rivers, lakes, first-level boundaries and capitals.

Built once at setup (`build`, run by `mapping.assets.install_static`) from the
Natural Earth sources in `geodata/sources/basemap/` and the countries layer,
into static files the app serves itself under a folder named by their content
hash: a browser fetches them once and keeps them, so no map run carries the
country polygons again. Detail follows the zoom: a coarse file for the
continent, a finer one for a region, and 5-degree tiles at full detail close
up. Lines are stored as delta-encoded integers (compact JSON: Streamlit serves
static files uncompressed). `Basemap` puts the drawing call on a map;
`Corredor.basemap` (`mapping/js/corredor-basemap.js`) fetches and draws.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
import shutil
from pathlib import Path

import shapely
from jinja2 import Template

from i18n import LANGUAGES, _, current_language
from mapping import assets, styles
from mapping.elements import _DataElement, to_js

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "geodata" / "sources" / "basemap"
COUNTRIES = ROOT / "geodata" / "sources" / "countries.geojson"
FOLDER = "basemap"  # under static/
# level: (first zoom, simplification in degrees, integer scale, smallest part kept in degrees, tile size in degrees or None)
LEVELS = {
    0: (0, 0.06, 100, 0.6, None),
    1: (5, 0.008, 1000, 0.05, 10),
    2: (8, 0.0, 10000, 0.0, 5),
}
# Land is drawn only close up, where the countries' coarser shapes would leave the coast: it takes over their fill.
LAYERS = {0: ("coast", "borders", "rivers", "lakes"), 1: ("coast", "borders", "admin1", "rivers", "lakes"), 2: ("land", "coast", "borders", "admin1", "rivers", "lakes")}
COUNTRY_TOLERANCE_DEG = 0.02  # as the maps drew them before: the coast line above them is finer
CAPITAL_FIRST_ZOOM = 4
BUILD_VERSION = "1"  # change when the file format changes


def _encode_line(coords, scale: int) -> list[int]:
    """A line as [x0, y0, dx1, dy1, ...] in 1/scale degrees: small numbers, short JSON."""
    out, px, py = [], 0, 0
    for x, y in coords:
        ix, iy = round(x * scale), round(y * scale)
        if out and ix == px and iy == py:
            continue
        out += [ix - px, iy - py]
        px, py = ix, iy
    return out


def _lines(geom, scale: int) -> list[list[int]]:
    parts = []
    for part in shapely.get_parts(geom):
        if part.geom_type in ("Polygon",):
            rings = [part.exterior, *part.interiors]
            parts.append([_encode_line(r.coords, scale) for r in rings])
        elif part.geom_type == "LineString" and not part.is_empty:
            line = _encode_line(part.coords, scale)
            if len(line) >= 4:
                parts.append(line)
        elif part.geom_type in ("MultiLineString", "GeometryCollection", "MultiPolygon"):
            parts += _lines(part, scale)
    return parts


@functools.lru_cache(maxsize=None)
def _source(name: str) -> tuple:
    data = json.loads((SOURCES / f"{name}.geojson").read_text(encoding="utf-8"))
    return tuple(shapely.from_geojson(json.dumps(f["geometry"])) for f in data["features"])


@functools.lru_cache(maxsize=None)
def _parts(level: int, name: str):
    """The parts of a source layer kept at `level`, simplified for it, and an index of them."""
    _first, tolerance, _scale, smallest, _tile = LEVELS[level]
    parts = shapely.get_parts(list(_source(name)))
    if smallest:  # parts too small to see at this level's zooms (islets, ponds)
        w, s, e, n = shapely.bounds(parts).T
        parts = parts[(e - w) + (n - s) >= smallest]
    if tolerance:
        parts = shapely.simplify(parts, tolerance, preserve_topology=True)
    return parts, shapely.STRtree(parts)


def _level(level: int, box: tuple | None = None) -> dict:
    """One file of a level: the whole level, or the part of it inside `box` (west, south, east, north)."""
    scale = LEVELS[level][2]
    out = {"scale": scale}
    for name in LAYERS[level]:
        parts, tree = _parts(level, name)
        if box is not None:
            parts = [g for g in shapely.clip_by_rect(parts[tree.query(shapely.box(*box))], *box) if not g.is_empty]
        out[name] = [line for g in parts for line in _lines(g, scale)]
    return out


def _tiles(level: int) -> dict[str, tuple]:
    """Every tile of a tiled level that holds something: key "i_j" -> (west, south, east, north)."""
    size = LEVELS[level][4]
    boxes = {}
    for name in LAYERS[level]:
        for w, s, e, n in shapely.bounds(_parts(level, name)[0]):
            for i in range(math.floor(w / size), math.floor(e / size) + 1):
                for j in range(math.floor(s / size), math.floor(n / size) + 1):
                    boxes[f"{i}_{j}"] = (i * size, j * size, (i + 1) * size, (j + 1) * size)
    return boxes


def _countries(language: str) -> dict:
    """Country shapes (clickable, styled by selection) and capital labels named in `language`."""
    data = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    scale = 1000
    countries = []
    for f in data["features"]:
        p = f["properties"]
        geom = shapely.simplify(shapely.from_geojson(json.dumps(f["geometry"])), COUNTRY_TOLERANCE_DEG, preserve_topology=True)
        countries.append(
            {
                "iso3": p["iso3"],
                "name": p.get(f"name_{language}") or p["name_en"],
                "brief_href": f"/country?iso3={p['iso3']}&lang={language}",
                "polygons": _lines(geom, scale),
            }
        )
    with (SOURCES / "capitals.csv").open(encoding="utf-8", newline="") as f:
        labels = [[float(r["lat"]), float(r["lon"]), r[f"name_{language}"] or r["name_en"], CAPITAL_FIRST_ZOOM] for r in csv.DictReader(f)]
    return {"scale": scale, "countries": countries, "capitals": labels}


def _inputs_hash() -> str:
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for path in sorted(SOURCES.iterdir()) + [COUNTRIES, Path(__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.lru_cache(maxsize=None)
def version() -> str:
    """The folder name of the built basemap: changes whenever its inputs do, so browsers may keep it."""
    return _inputs_hash()


def _write(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def build(static_dir: Path) -> bool:
    """Write the basemap files under `static_dir/basemap/<version>/` unless already there; True if built."""
    folder = static_dir / FOLDER
    target = folder / version()
    if (target / "index.json").is_file():
        return False
    work = folder / (version() + ".building")
    shutil.rmtree(work, ignore_errors=True)
    for language in LANGUAGES:
        _write(work / f"countries-{language}.json", _countries(language))
    index = {}
    for level, (first, _tol, _scale, _small, size) in LEVELS.items():
        if size is None:
            _write(work / f"level{level}.json", _level(level))
            index[level] = {"firstZoom": first}
            continue
        tiles = _tiles(level)
        for key, box in tiles.items():
            _write(work / f"level{level}" / f"{key}.json", _level(level, box))
        index[level] = {"firstZoom": first, "tileDegrees": size, "tiles": sorted(tiles)}
    _write(work / "index.json", index)
    shutil.rmtree(target, ignore_errors=True)
    work.replace(target)
    for old in folder.iterdir():  # earlier builds
        if old.name != target.name:
            shutil.rmtree(old, ignore_errors=True)
    return True


def inline_data(static_dir: Path, language: str) -> dict:
    """The built files a saved map needs to draw its basemap with no server (countries and the coarsest level)."""
    target = static_dir / FOLDER / version()
    names = [f"countries-{language}.json", "level0.json"]
    return {name: json.loads((target / name).read_text(encoding="utf-8")) for name in names}


def spec(selected: list[str], language: str, base_url: str, country_links: bool = False) -> dict:
    """What `Corredor.basemap` needs: where the files are, the reader's language, styles and popup words."""
    popup = {"title": "name", "rows": [], "link": {"label": _("Country brief"), "href": "brief_href"}}
    return {
        "url": f"{base_url}{FOLDER}/{version()}/",
        "language": language,
        "countryStyle": styles.country_style_rules(selected),
        "selected": sorted(selected),
        "landFill": styles.COUNTRY_FILL,
        "popup": popup if country_links else None,  # a click on a country opens its brief
        "name": _("Countries"),
    }


class Basemap(_DataElement):
    """The basemap on a map: the drawing call only; its data comes from the app's static files."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corredor.basemap({{ this._parent.get_name() }}, {{ this.spec_js }}{% if this.inline_js %}, {{ this.inline_js }}{% endif %});
        {% endmacro %}
        """
    )

    def __init__(self, spec: dict, base_url: str):
        super().__init__()
        self._name = "Basemap"
        self.default_js = [("corredor_basemap", base_url + assets.BASEMAP_JS)]
        self.default_css = []
        self.spec = spec
        self.spec_js = to_js(spec)
        self.inline_js = ""

    def inline(self, data: dict) -> None:
        """Carry the basemap's data inside the map (for a map saved as one file)."""
        self.inline_js = to_js(data)


def carry_inline(element, static_dir: Path = assets.STATIC_DIR) -> None:
    """Put the basemap's data inside every `Basemap` of `element`'s tree (a map saved as one file)."""
    if isinstance(element, Basemap):
        element.inline(inline_data(static_dir, element.spec["language"]))
    for child in element._children.values():
        carry_inline(child, static_dir)


def add_basemap(m, selected: list[str] | None = None, *, base_url: str, country_links: bool = False):
    """Put the offline basemap on map `m`, the `selected` countries highlighted
    (with `country_links`, a click on a country offers its brief)."""
    Basemap(spec(list(selected or []), current_language(), base_url, country_links), base_url).add_to(m)
    return m
