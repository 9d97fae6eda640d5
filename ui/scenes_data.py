"""Scenes, the map view in the link, and shareable links: the pure part (no Streamlit).

A scene is a named, curated view that a presenter steps through: a page, the
shared filters, the map's centre and zoom, and optionally a language. Scenes
live in `scenes/scenes.toml` (data, not code); `load_scenes` reads and checks
that file and names the file, scene and field of anything wrong in it.

The map view travels in the link as `view=<lat>,<lon>,<zoom>` (the map's own
JavaScript writes it when the map is moved; see `Corredor.syncViewToLink`).
`parse_view` reads it back and ignores anything malformed or out of range.
"""

from __future__ import annotations

import io
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ui.filters import LAYER_KEYS, QUERY_KEYS, YEAR_MAX, YEAR_MIN, Filters, to_query

ROOT = Path(__file__).resolve().parent.parent
SCENES_FILE = ROOT / "scenes" / "scenes.toml"

DEFAULT_PAGE = "overview"  # the router's default page: its address is "/"
ZOOM_MIN, ZOOM_MAX = 2, 12  # the zoom limits of every Corredor map (mapping.elements.OfflineMap)
VIEW_DECIMALS = 4  # about 10 m at the equator: plenty for a map view

# The URL keys of this feature (the sidebar owns ui.filters.QUERY_KEYS; `lang` belongs to translations).
VIEW_KEY, SCENE_KEY, PRESENT_KEY, LANG_KEY = "view", "scene", "present", "lang"
# Keys never put into a shared link: presenter mode is for the presenter's screen only,
# and Streamlit's own embedding switches are not part of a view.
NOT_SHARED = frozenset({PRESENT_KEY, "embed", "embed_options"})
# What a scene's link is made of; a page's own controls (ui.linked) stay behind when a scene changes page.
SCENE_LINK_KEYS = frozenset({*QUERY_KEYS, VIEW_KEY, SCENE_KEY, PRESENT_KEY, LANG_KEY})


# ---------------------------------------------------------------- the map view


@dataclass(frozen=True)
class View:
    """A map centre (degrees, WGS 84) and an integer zoom level."""

    lat: float
    lon: float
    zoom: int

    def to_param(self) -> str:
        """The `view=` value: 4 decimals at most, trailing zeros dropped, integer zoom."""
        return ",".join((_number(self.lat), _number(self.lon), str(self.zoom)))

    def problem(self) -> str | None:
        """Why this view cannot be shown, or None if it can."""
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            return f"latitude {self.lat} is not between -90 and 90"
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            return f"longitude {self.lon} is not between -180 and 180"
        if not ZOOM_MIN <= self.zoom <= ZOOM_MAX:
            return f"zoom {self.zoom} is not between {ZOOM_MIN} and {ZOOM_MAX}"
        return None


def _number(value: float) -> str:
    text = f"{round(value, VIEW_DECIMALS):.{VIEW_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_FLOAT = re.compile(r"-?\d+(?:\.\d+)?")


def parse_view(value: str | None) -> View | None:
    """The view in a `view=lat,lon,zoom` value; None if it is missing, malformed or out of range."""
    if not value:
        return None
    parts = [p.strip() for p in str(value).split(",")]
    if len(parts) != 3 or not _FLOAT.fullmatch(parts[0]) or not _FLOAT.fullmatch(parts[1]) or not parts[2].isdigit():
        return None
    view = View(round(float(parts[0]), VIEW_DECIMALS), round(float(parts[1]), VIEW_DECIMALS), int(parts[2]))
    return None if view.problem() else view


# ---------------------------------------------------------------- scenes


class ScenesError(ValueError):
    """The scenes file has a bad entry; the message names the file, the scene and the field."""


@dataclass(frozen=True)
class Scene:
    id: str
    title: str
    page: str  # the page's url_path, e.g. "overview", "darien"
    countries: tuple[str, ...]
    years: tuple[int, int]
    layers: tuple[str, ...]
    view: View
    caption: str
    lang: str | None = None

    @property
    def filters(self) -> Filters:
        return Filters(countries=self.countries, years=self.years, layers=self.layers)

    def query(self) -> dict[str, str]:
        """Every query parameter of this scene's link (filter defaults left out, as the sidebar does)."""
        query = to_query(self.filters)
        query[VIEW_KEY] = self.view.to_param()
        query[SCENE_KEY] = self.id
        if self.lang:
            query[LANG_KEY] = self.lang
        return query

    def link(self, base_url: str = "") -> str:
        """This scene's own link, e.g. `/?countries=COL,PAN&...&scene=darien-2021-2025`."""
        return base_url.rstrip("/") + page_path(self.page) + "?" + encode_query(self.query())


FIELDS = ("id", "title", "page", "countries", "years", "layers", "view", "caption", "lang")
REQUIRED = ("id", "title", "page", "countries", "years", "layers", "view", "caption")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


def load_scenes(
    path: Path | str = SCENES_FILE,
    *,
    pages: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
) -> tuple[Scene, ...]:
    """Read and check the scenes file; `pages` and `countries`, when given, are the known values."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            document = tomllib.load(f)
    except OSError as error:
        raise ScenesError(f"{path}: cannot read the scenes file ({error.strerror or error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ScenesError(f"{path}: not valid TOML ({error})") from error
    entries = document.get("scene")
    if not isinstance(entries, list) or not entries:
        raise ScenesError(f"{path}: no scenes (each scene is a [[scene]] table)")
    known_pages = set(pages) if pages is not None else None
    known_countries = set(countries) if countries is not None else None
    scenes: list[Scene] = []
    for number, entry in enumerate(entries, start=1):
        scene = _scene(entry, path, number, known_pages, known_countries)
        if any(s.id == scene.id for s in scenes):
            raise ScenesError(f"{path}: scene {number} ({scene.id!r}), field 'id': {scene.id!r} is already used by another scene")
        scenes.append(scene)
    return tuple(scenes)


def _scene(entry: object, path: Path, number: int, pages: set[str] | None, countries: set[str] | None) -> Scene:
    name = repr(entry.get("id")) if isinstance(entry, dict) and isinstance(entry.get("id"), str) else "without an id"

    def fail(field: str, problem: str) -> ScenesError:
        return ScenesError(f"{path}: scene {number} ({name}), field {field!r}: {problem}")

    if not isinstance(entry, dict):
        raise ScenesError(f"{path}: scene {number}: not a table")
    for field in entry:
        if field not in FIELDS:
            raise fail(field, f"unknown field (known: {', '.join(FIELDS)})")
    for field in REQUIRED:
        if field not in entry:
            raise fail(field, "missing")

    def text(field: str) -> str:
        value = entry[field]
        if not isinstance(value, str) or not value.strip():
            raise fail(field, "must be non-empty text")
        if "\n" in value:
            raise fail(field, "must be a single line")
        return value.strip()

    scene_id = text("id")
    if not _ID.fullmatch(scene_id):
        raise fail("id", f"{scene_id!r} must be lower-case letters, digits and hyphens (it goes into links)")
    page = text("page")
    if pages is not None and page not in pages:
        raise fail("page", f"{page!r} is not a page (known: {', '.join(sorted(pages))})")

    codes = entry["countries"]
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise fail("countries", "must be a list of ISO3 codes, e.g. [\"COL\", \"PAN\"] ([] means all of the Americas)")
    codes = [c.strip().upper() for c in codes]
    unknown = [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c) or (countries is not None and c not in countries)]
    if unknown:
        raise fail("countries", f"unknown country code(s): {', '.join(unknown)}")
    if len(set(codes)) != len(codes):
        raise fail("countries", "a country is listed twice")

    years = entry["years"]
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) and not isinstance(y, bool) for y in years)):
        raise fail("years", "must be [first, last], e.g. [2021, 2025]")
    if not YEAR_MIN <= years[0] <= years[1] <= YEAR_MAX:
        raise fail("years", f"{years} must run forwards within {YEAR_MIN}-{YEAR_MAX}")

    layers = entry["layers"]
    if not isinstance(layers, list) or not all(isinstance(x, str) for x in layers):
        raise fail("layers", f"must be a list drawn from {', '.join(LAYER_KEYS)}")
    unknown = [x for x in layers if x not in LAYER_KEYS]
    if unknown:
        raise fail("layers", f"unknown layer(s): {', '.join(unknown)} (known: {', '.join(LAYER_KEYS)})")

    raw_view = entry["view"]
    if not isinstance(raw_view, dict) or set(raw_view) != {"lat", "lon", "zoom"}:
        raise fail("view", "must be { lat = ..., lon = ..., zoom = ... }")
    if not all(isinstance(raw_view[k], (int, float)) and not isinstance(raw_view[k], bool) for k in ("lat", "lon")):
        raise fail("view", "lat and lon must be numbers")
    if not isinstance(raw_view["zoom"], int) or isinstance(raw_view["zoom"], bool):
        raise fail("view", "zoom must be a whole number")
    view = View(round(float(raw_view["lat"]), VIEW_DECIMALS), round(float(raw_view["lon"]), VIEW_DECIMALS), raw_view["zoom"])
    if problem := view.problem():
        raise fail("view", problem)

    lang = None
    if "lang" in entry:
        lang = text("lang")
        if not _LANG.fullmatch(lang):
            raise fail("lang", f"{lang!r} is not a language code such as \"es\" or \"fr\"")

    return Scene(
        id=scene_id,
        title=text("title"),
        page=page,
        countries=tuple(codes),
        years=(years[0], years[1]),
        layers=tuple(k for k in LAYER_KEYS if k in layers),  # the sidebar's order, so links compare equal
        view=view,
        caption=text("caption"),
        lang=lang,
    )


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel extractor for the scenes file: each scene's title and caption are messages to translate.

    Named in babel.cfg; `scripts/i18n.py extract` puts them in the catalogs like any
    `_()` string, so a new scene without translations fails the translation test.
    """
    scene_id = None
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        field = re.match(r"\s*(id|title|caption)\s*=", line)
        if not field:
            continue
        value = tomllib.loads(line.strip())[field.group(1)].strip()
        if field.group(1) == "id":
            scene_id = value
        else:
            yield lineno, None, value, [f"scene {scene_id}: {field.group(1)}"]


def find(scenes: tuple[Scene, ...], scene_id: str | None) -> Scene | None:
    return next((s for s in scenes if s.id == scene_id), None)


def step(scenes: tuple[Scene, ...], current: str | None, delta: int) -> Scene | None:
    """The scene `delta` steps from `current`, wrapping round; from no scene, Next is the first and Previous the last."""
    if not scenes:
        return None
    ids = [s.id for s in scenes]
    if current not in ids:
        return scenes[0] if delta >= 0 else scenes[-1]
    return scenes[(ids.index(current) + delta) % len(scenes)]


# ---------------------------------------------------------------- links


def page_path(page: str) -> str:
    """The address of a page: "/" for the default page, "/<url_path>" for the others."""
    return "/" if page in ("", DEFAULT_PAGE) else "/" + page


def encode_query(query: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """A query string that keeps commas readable (`countries=COL,PAN`, `view=8.5,-77.5,8`)."""
    pairs = query.items() if isinstance(query, Mapping) else query
    return urlencode(list(pairs), safe=",")


def shared_query(query: Mapping[str, str | list[str]] | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The query parameters a shared link carries: all of them but presenter mode and embedding.

    A list value (a repeated key, as `ui.linked.params()` gives it) becomes one pair per value.
    """
    pairs = query.items() if isinstance(query, Mapping) else query
    expanded = [(k, item) for k, v in pairs for item in (v if isinstance(v, list) else [v])]
    return [(k, v) for k, v in expanded if k.lower() not in NOT_SHARED]


def share_link(href: str) -> str | None:
    """The link that opens the view at `href` (the browser's address) for someone else.

    Keeps the address and every query parameter (filters, page keys, view, scene,
    language) but drops presenter mode and the fragment; None if `href` is not
    an http(s) address.
    """
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    query = encode_query(shared_query(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def qr_png(link: str, *, scale: int = 10) -> bytes:
    """A QR code of `link` as PNG bytes (black on white, quiet zone of 4 modules)."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()
