"""A map as one self-contained HTML file: every script, stylesheet and image inlined.

For the room: a file that opens from a USB stick on a laptop with no network.
The map is rendered with its asset URLs pointing at a placeholder base, then
each of our static assets (`mapping.assets.FILES`) is put in place of its
link: scripts as <script>, stylesheets as <style>, the images a stylesheet
refers to as data: URIs. A header above the map carries the title, the data
date and the sources. No Streamlit here; the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import copy
import functools
import html
import mimetypes
import posixpath
import re

from i18n import _, current_language
from mapping import assets, basemap

PLACEHOLDER = "corredor-inline-asset:"
_SCRIPT_LINK = re.compile(r'<script src="' + re.escape(PLACEHOLDER) + r'([^"]+)"></script>')
_STYLE_LINK = re.compile(r'<link rel="stylesheet" href="' + re.escape(PLACEHOLDER) + r'([^"]+)"\s*/?>')
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
# A link written inside the code we inline (Leaflet's attribution names leafletjs.com).
# In a JS string "\/" is "/", so the link still works and no longer reads as a remote asset.
_LINK_IN_CODE = re.compile(r"""((?:src|href)\s*=\s*\\?["']?(?:https?:)?)//""", re.IGNORECASE)
SOURCES_IN_LINE = 5  # more sources than this are folded under "All N sources"

STYLE = (
    "html,body{height:100%;margin:0}"
    "body{display:flex;flex-direction:column;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff}"
    ".corredor-export-header{flex:none;padding:10px 16px 8px;border-bottom:1px solid #8a8a8a}"
    ".corredor-export-header h1{font-size:1.35rem;margin:0 0 4px}"
    ".corredor-export-header p{margin:2px 0;font-size:.9rem}"
    ".corredor-export-header details{font-size:.9rem}"
    ".corredor-export-header details ul{max-height:30vh;overflow:auto;margin:4px 0;padding-left:1.4em}"
    ".corredor-export-main{flex:1 1 auto;position:relative;min-height:360px}"
    ".corredor-export-main .folium-map{position:absolute !important;inset:0;width:100% !important;height:100% !important}"
)


class NotInlinable(ValueError):
    """The map links a file that is not one of our static assets, so it cannot be put in the file."""


def _asset_key(url: str) -> str | None:
    """The FILES key a linked URL ends with (whatever base it was built with), if any."""
    for key in assets.FILES:
        if url == key or url.endswith("/" + key):
            return key
    return None


def _point_at_placeholder(element) -> None:
    """Re-point every linked script and stylesheet of `element`'s tree at PLACEHOLDER + its FILES key."""
    for attribute in ("default_js", "default_css"):
        links = getattr(element, attribute, None)
        if not links:
            continue
        moved = []
        for name, url in links:
            key = _asset_key(url)
            if key is None:
                raise NotInlinable(f"the map links {url}, which is not one of Corredor's static assets")
            moved.append((name, PLACEHOLDER + key))
        setattr(element, attribute, moved)
    for child in element._children.values():
        _point_at_placeholder(child)


@functools.lru_cache(maxsize=None)
def _file_text(key: str) -> str:
    return assets.FILES[key].read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def _data_uri(key: str) -> str:
    mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(assets.FILES[key].read_bytes()).decode("ascii")


def _inline_script(key: str) -> str:
    code = _file_text(key)
    if "</script" in code.lower():
        raise NotInlinable(f"{key} contains '</script' and cannot be inlined")
    return "<script>" + _LINK_IN_CODE.sub(r"\1\\/\\/", code) + "</script>"


def _inline_style(key: str) -> str:
    css = _file_text(key)
    folder = posixpath.dirname(key)

    def image(match: re.Match) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, ref))
        if target in assets.FILES:
            return f'url("{_data_uri(target)}")'
        return match.group(0)  # e.g. Leaflet's default marker icon: never drawn by Corredor's maps

    css = _CSS_URL.sub(image, css)
    if "</style" in css.lower():
        raise NotInlinable(f"{key} contains '</style' and cannot be inlined")
    return "<style>" + css + "</style>"


def snapshot(m):
    """A copy of map `m`'s page, to export later: streamlit-folium's st_folium renames the
    elements of the map it shows (and a figure rendered after that draws the map twice)."""
    return copy.deepcopy(m.get_root())


def _assert_not_shown(element) -> None:
    if str(getattr(element, "_id", "")).startswith("div"):
        raise ValueError("this map was changed by st_folium: export a snapshot() taken before showing it")
    for child in element._children.values():
        _assert_not_shown(child)


def render_map(m) -> str:
    """The map's HTML with its asset links pointing at PLACEHOLDER (the map itself is not changed)."""
    figure = snapshot(m)
    _assert_not_shown(figure)
    _point_at_placeholder(figure)
    basemap.carry_inline(figure)
    return figure.render()


def _sources_html(sources: list[str]) -> str:
    """The sources line; a long list is cut to its first few, with every one folded beneath (the map stays in view)."""
    cited = list(dict.fromkeys(s for s in sources if s))
    label = f"<strong>{html.escape(_('Sources:'))}</strong> "
    if len(cited) <= SOURCES_IN_LINE:
        return f"<p>{label}{html.escape('; '.join(cited) or _('not stated'))}</p>"
    first = "; ".join(cited[: SOURCES_IN_LINE - 1])
    more = _("and {n} more").format(n=len(cited) - SOURCES_IN_LINE + 1)
    listed = "".join(f"<li>{html.escape(s)}</li>" for s in cited)
    summary = _("All {n} sources").format(n=len(cited))
    return f"<p>{label}{html.escape(first)}; {html.escape(more)}</p><details><summary>{html.escape(summary)}</summary><ul>{listed}</ul></details>"


def header_html(*, title: str, data_date: str, sources: list[str]) -> str:
    return (
        '<header class="corredor-export-header">'
        f"<h1>{html.escape(title)}</h1>"
        f"<p><strong>{html.escape(_('Data date:'))}</strong> {html.escape(data_date)}</p>"
        + _sources_html(sources)
        + f"<p>{html.escape(_('Exported from Corredor. Works offline: the map, its code and its basemap are all in this file.'))}</p>"
        "</header>"
    )


def inline(rendered: str, *, title: str, data_date: str, sources: list[str], language: str | None = None) -> str:
    """`render_map` output as a self-contained page with a header; raises if anything would load from outside."""
    page = _SCRIPT_LINK.sub(lambda match: _inline_script(match.group(1)), rendered)
    page = _STYLE_LINK.sub(lambda match: _inline_style(match.group(1)), page)
    if PLACEHOLDER in page:
        raise NotInlinable("an asset link was left in the map")
    lang = html.escape(language or current_language())
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>\n<style>{STYLE}</style>", 1)
    page = re.sub(r"<body>\s*", lambda _m: "<body>\n" + header_html(title=title, data_date=data_date, sources=sources) + '\n<main class="corredor-export-main">\n', page, count=1)
    page = page.replace("</body>", "</main>\n</body>", 1)
    assets.assert_offline(page)
    return page


def standalone_html(m, *, title: str, data_date: str, sources: list[str]) -> str:
    """Map `m` as one offline HTML file with a visible title, data date and sources."""
    return inline(render_map(m), title=title, data_date=data_date, sources=sources)
