"""Presenter mode, scenes and QR codes: the Streamlit side.

`?present=1` (or the sidebar's "Presenter mode" button) turns on large type,
a high-contrast palette and a bigger map, hides Streamlit's chrome and the
sidebar, and shows a bar: previous scene, next scene (also the arrow keys),
the scene's title, a QR code of the current view, and the way out.

Scenes come from `scenes/scenes.toml` (see `ui.scenes_data`); stepping to a
scene sets the sidebar's filters, the link (filters, `view`, `scene`,
optional `lang`) and, if needed, the page. The map writes its own centre and
zoom into the link as it is moved (`Corredor.syncViewToLink`), without a
rerun; the QR button reads the browser's address when pressed, so the code
always carries the view on the screen.

app.py calls, in order: `style()`, `before_sidebar(...)`, the sidebar,
`after_sidebar(...)`, then runs the page. A page with a map calls
`link_view()` and `map_height(...)`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n.markdown import md
from i18n import _
from ui import data, linked, public_address, sidebar
from ui.filters import LAYER_KEYS, QUERY_KEYS, Filters
from ui.scenes_data import (
    DEFAULT_PAGE,
    LANG_KEY,
    PRESENT_KEY,
    SCENE_KEY,
    SCENE_LINK_KEYS,
    SCENES_FILE,
    VIEW_KEY,
    Scene,
    ScenesError,
    encode_query,
    find,
    load_scenes,
    parse_view,
    qr_png,
    share_link,
    shared_query,
    step,
)

KEY_PRESENT_BUTTON = "presenter_enter"
KEY_PICK = "presenter_scene_pick"
KEY_PENDING_PAGE = "presenter_pending_page"
KEY_LAST_FILTERS = "presenter_last_filters"
BAR_KEY = "presenter_bar"

PRESENTER_MAP_HEIGHT = 700  # px: fills a 1080-pixel projector under the bar, title and figures

# Our own stylesheet for presenter mode (no data in it).
PRESENTER_CSS = """<style>
html{font-size:20px}
@media (max-width:640px){html{font-size:16px}}
[data-testid='stHeader'],[data-testid='stToolbar'],[data-testid='stDecoration'],[data-testid='stStatusWidget'],
[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],[data-testid='stExpandSidebarButton'],
[data-testid='stSidebarCollapseButton'],[data-testid='stMainMenu'],[data-testid='stAppDeployButton']{display:none !important}
[data-testid='stAppViewContainer'],[data-testid='stMain'],.stApp{background:#ffffff !important;color:#000000 !important}
[data-testid='stMainBlockContainer']{max-width:none !important;padding:5.25rem 1.5rem 1rem !important}
[data-testid='stMainBlockContainer'] h1{font-size:2.1rem !important;color:#000000 !important}
[data-testid='stMetricLabel'],[data-testid='stMetricLabel'] *{color:#000000 !important;font-size:1rem !important}
[data-testid='stMetricValue']{font-size:2.4rem !important;color:#000000 !important}
[data-testid='stCaptionContainer'],[data-testid='stCaptionContainer'] *{color:#1a1a1a !important}
[data-stale='true']{opacity:1 !important;transition:none !important}
.st-key-presenter_bar{position:fixed;top:0;left:0;right:0;z-index:999990;background:#000000;color:#ffffff;
  padding:.5rem 1.25rem;border-bottom:3px solid #ffd400;box-sizing:border-box}
.st-key-presenter_bar button{background:#ffffff !important;color:#000000 !important;border:2px solid #ffffff !important;font-weight:600}
.st-key-presenter_bar button:hover,.st-key-presenter_bar button:focus-visible{border-color:#ffd400 !important;outline:3px solid #ffd400}
.st-key-presenter_title p,.st-key-presenter_title strong{color:#ffffff !important;margin:0}
.st-key-presenter_bar button p{color:#000000 !important}
.st-key-presenter_bar [data-testid='stCaptionContainer'],.st-key-presenter_bar [data-testid='stCaptionContainer'] *{color:#e6e6e6 !important}
.st-key-presenter_title [data-testid='stMarkdownContainer']{margin-bottom:0 !important}
.st-key-presenter_title p{line-height:1.35;font-size:.85rem;color:#e6e6e6 !important}
.st-key-presenter_title strong{font-size:1.25rem;color:#ffffff !important}
@media (max-width:640px){
  [data-testid='stMainBlockContainer']{padding-top:0 !important}
  .st-key-presenter_bar{position:static;margin:0 0 .5rem;padding:.5rem .75rem}
}
</style>"""

# The QR button: it reads the browser's address when pressed (the map writes its
# view there without telling the server), so it is a tiny component of our own.
# Labels arrive as data and are set as text; nothing loads from outside.
_QR_HTML = """<button type="button" class="corredor-qr-button"><svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
<path fill="currentColor" d="M3 3h8v8H3zm2 2v4h4V5zm8-2h8v8h-8zm2 2v4h4V5zM3 13h8v8H3zm2 2v4h4v-4zm8-2h2v2h-2zm4 0h4v2h-4zm-4 4h2v4h-2zm4 0h2v2h2v4h-4z"/>
</svg><span class="corredor-qr-label"></span></button>"""
_QR_CSS = """
.corredor-qr-button{display:inline-flex;align-items:center;gap:.5rem;min-height:2.5rem;padding:.25rem .75rem;cursor:pointer;
  font-family:var(--st-font);font-size:var(--st-base-font-size,1rem);line-height:1.6;color:var(--st-text-color);
  background:var(--st-background-color);border:1px solid var(--st-border-color,rgba(49,51,63,.2));border-radius:var(--st-button-radius,.5rem)}
.corredor-qr-button:hover{border-color:var(--st-primary-color);color:var(--st-primary-color)}
.corredor-qr-button:focus-visible{outline:2px solid var(--st-primary-color);outline-offset:2px}
:host(.stretch) .corredor-qr-button{width:100%;justify-content:center}
:host(.presenting) .corredor-qr-button{background:#ffffff;color:#000000;border:2px solid #ffffff;font-weight:600;font-size:1rem}
:host(.presenting) .corredor-qr-button:hover,:host(.presenting) .corredor-qr-button:focus-visible{border-color:#ffd400;outline:3px solid #ffd400}
"""
_QR_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const button = parentElement.querySelector("button");
  button.querySelector(".corredor-qr-label").textContent = data.label;
  button.title = data.help;
  button.setAttribute("aria-label", data.help);
  if (parentElement.host) {
    parentElement.host.classList.toggle("presenting", !!data.presenting);
    parentElement.host.classList.toggle("stretch", !data.presenting);
  }
  button.onclick = () => setTriggerValue("href", window.location.href);
}
"""
_qr_component = st.components.v2.component("corredor_qr_button", html=_QR_HTML, css=_QR_CSS, js=_QR_JS)


# ---------------------------------------------------------------- state in the link


def presenting() -> bool:
    return st.query_params.get(PRESENT_KEY) == "1"


def link_view() -> tuple[float, float, int] | None:
    """The map view in the link (`view=lat,lon,zoom`), or None (then the map fits its selection)."""
    view = parse_view(st.query_params.get(VIEW_KEY))
    return (view.lat, view.lon, view.zoom) if view else None


def map_height(default: int) -> int:
    """The map's height: `default`, or larger in presenter mode."""
    return max(default, PRESENTER_MAP_HEIGHT) if presenting() else default


def page_key(page) -> str:
    """A page's url_path as scenes name it (the default page's url_path is empty)."""
    return page.url_path or DEFAULT_PAGE


# ---------------------------------------------------------------- scenes


@st.cache_data(show_spinner=False)
def _load(path: str, mtime_ns: int, pages: tuple[str, ...], countries: tuple[str, ...]) -> tuple[Scene, ...]:
    return load_scenes(path, pages=pages, countries=countries)


def scenes(pages: list, language: str) -> tuple[tuple[Scene, ...], str | None]:
    """The scenes (checked against the app's pages and countries) and the error, if the file has one."""
    path = Path(SCENES_FILE)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    try:
        found = _load(str(path), mtime, tuple(page_key(p) for p in pages), tuple(sorted(data.country_names(language))))
        return found, None
    except ScenesError as error:
        return (), str(error)


def _set_link(key: str, value: str | None) -> None:
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def _write_scene_to_link(scene: Scene) -> None:
    query = scene.query()
    for key in QUERY_KEYS:  # the sidebar's keys: set, or cleared where the scene keeps the default
        _set_link(key, query.get(key))
    _set_link(VIEW_KEY, query[VIEW_KEY])
    _set_link(SCENE_KEY, scene.id)
    if scene.lang:
        _set_link(LANG_KEY, scene.lang)


def _apply(scene: Scene) -> None:
    """Callback: show `scene`: the sidebar's filters, the link, and (on the next run) its page."""
    st.session_state[sidebar.KEY_COUNTRIES] = list(scene.countries)
    st.session_state[sidebar.KEY_YEARS] = scene.years
    for key in LAYER_KEYS:
        st.session_state[sidebar.KEY_LAYER + key] = key in scene.layers
    _write_scene_to_link(scene)
    st.session_state[KEY_LAST_FILTERS] = scene.filters
    st.session_state[KEY_PENDING_PAGE] = scene.page


def _step(found: tuple[Scene, ...], delta: int) -> None:
    scene = step(found, st.query_params.get(SCENE_KEY), delta)
    if scene:
        _apply(scene)


def _picked(found: tuple[Scene, ...]) -> None:
    scene = find(found, st.session_state.get(KEY_PICK))
    if scene:
        _apply(scene)


def _go_to_page(pages: list, current, target: str) -> None:
    if target == page_key(current):
        return
    page = next((p for p in pages if page_key(p) == target), None)
    if page is not None:
        st.switch_page(page, query_params={k: v for k, v in st.query_params.to_dict().items() if k in SCENE_LINK_KEYS})


# ---------------------------------------------------------------- what app.py calls


def style() -> None:
    """Presenter mode's stylesheet, when the link asks for it."""
    if presenting():
        st.html(PRESENTER_CSS)


def before_sidebar(pages: list, current, language: str) -> None:
    """Before the sidebar reads the link: follow a scene to its page; open a bare `?scene=<id>` link."""
    target = st.session_state.pop(KEY_PENDING_PAGE, None)
    if target:
        _go_to_page(pages, current, target)
        return
    if sidebar.KEY_COUNTRIES in st.session_state:
        return  # not the session's first run: the sidebar's state rules
    found, _error = scenes(pages, language)
    scene = find(found, st.query_params.get(SCENE_KEY))
    if scene and VIEW_KEY not in st.query_params and not any(k in st.query_params for k in QUERY_KEYS):
        _write_scene_to_link(scene)  # the sidebar then starts from the scene's filters
        _go_to_page(pages, current, scene.page)


def after_sidebar(filters: Filters, pages: list, language: str) -> None:
    """The presenter controls in the sidebar, the presenter bar, and the QR code when asked for."""
    _forget_scene_on_manual_change(filters)
    found, error = scenes(pages, language)
    current = find(found, st.query_params.get(SCENE_KEY))
    requests = [_sidebar_controls(found, current, error)]
    if presenting():
        requests.append(_bar(found, current, error))
    href = next((h for h in requests if h), None)
    if href:
        show_qr(share_link(href) or current_link())


def _forget_scene_on_manual_change(filters: Filters) -> None:
    """A filter changed by hand: the link no longer shows the scene; new countries also drop the map view."""
    last = st.session_state.get(KEY_LAST_FILTERS)
    if last is not None and last != filters:
        _set_link(SCENE_KEY, None)
        if last.countries != filters.countries:
            _set_link(VIEW_KEY, None)  # let the map fit the new selection
    st.session_state[KEY_LAST_FILTERS] = filters


def _enter() -> None:
    _set_link(PRESENT_KEY, "1")


def _exit() -> None:
    _set_link(PRESENT_KEY, None)


def _qr_button(key: str, presenting_bar: bool = False) -> str | None:
    result = _qr_component(
        key=key,
        data={"label": _("QR code"), "help": _("Show a QR code of this view, to open it on a phone"), "presenting": presenting_bar},
        on_href_change=lambda: None,
        width="content" if presenting_bar else "stretch",
    )
    href = getattr(result, "href", None) if result is not None else None
    return href if isinstance(href, str) else None


def _sidebar_controls(found: tuple[Scene, ...], current: Scene | None, error: str | None) -> str | None:
    with st.sidebar:
        st.subheader(_("Presenting"))
        # A button, not a switch: presenter mode hides the sidebar, and the bar's "Exit" turns it off.
        st.button(
            _("Presenter mode"),
            key=KEY_PRESENT_BUTTON,
            icon=":material/co_present:",
            on_click=_enter,
            width="stretch",
            help=_("Large type and a large map for a projector, without the sidebar; step through the scenes with the arrow keys."),
        )
        if found:
            titles = {s.id: _(s.title) for s in found}
            st.session_state[KEY_PICK] = current.id if current else None
            st.selectbox(
                _("Scenes"),
                options=list(titles),
                format_func=titles.get,
                index=None,
                key=KEY_PICK,
                placeholder=_("Choose a scene"),
                on_change=_picked,
                args=(found,),
            )
        if error:
            st.error(_("The scenes file has a mistake, so no scenes are offered: {error}").format(error=error))
        return _qr_button("sidebar_qr")


def _bar(found: tuple[Scene, ...], current: Scene | None, error: str | None) -> str | None:
    with st.container(key=BAR_KEY, horizontal=True, vertical_alignment="center", gap="small"):
        st.button(
            _("Previous"),
            key="presenter_prev",  # no icon: the shortcut's own arrow already shows
            on_click=_step,
            args=(found, -1),
            shortcut="Left",
            disabled=not found,
            help=_("The previous scene (left arrow key)"),
        )
        st.button(
            _("Next"),
            key="presenter_next",  # no icon: the shortcut's own arrow already shows ("Next → →" otherwise)
            on_click=_step,
            args=(found, 1),
            shortcut="Right",
            disabled=not found,
            help=_("The next scene (right arrow key)"),
        )
        with st.container(key="presenter_title"):
            if current:
                number = found.index(current) + 1
                position = _("Scene {number} of {total}").format(number=number, total=len(found))
                st.markdown("**" + md_escape(_(current.title)) + "**  \n" + md_escape(position + " · " + _(current.caption)))
            elif found:
                st.markdown("**" + md_escape(_("{total} scenes: press Next or the right arrow key to start").format(total=len(found))) + "**")
            else:
                st.markdown(md_escape(error or _("No scenes")))
        href = _qr_button("presenter_qr", presenting_bar=True)
        st.button(_("Exit presenter mode"), key="presenter_exit", icon=":material/close:", on_click=_exit)
    return href


# ---------------------------------------------------------------- QR code


def current_link() -> str:
    """The current view's link as the server knows it (used when the browser's address is unavailable)."""
    base = _base_url()
    query = encode_query(shared_query(linked.params()))
    return base + ("?" + query if query else "")


def _base_url() -> str:
    try:
        url = st.context.url
    except Exception:  # no browser behind this run (AppTest, bare mode)
        url = None
    if url:
        return url
    host = (st.context.headers or {}).get("host") or "localhost:8501"
    return f"http://{host}/"


def show_qr(link: str) -> None:
    """A large QR code of `link` in a dialog, with the link as text to copy."""

    shared = public_address.shared_link(link)

    @st.dialog(_("Open this view on your phone"), width="large")
    def qr_dialog():
        chosen = shared.link
        if shared.opened_locally:
            if shared.alternatives:
                chosen = st.selectbox(_("This computer's network address"), [shared.link, *shared.alternatives], key="qr_address")
            if chosen == link:
                st.warning(
                    _(
                        "This page was opened through localhost, which phones cannot reach, and this computer has no network "
                        "address to offer instead. Set CORREDOR_PUBLIC_URL to the address the room can open."
                    )
                )
            else:
                st.warning(
                    _(
                        "This page was opened through localhost, which phones cannot reach: the code uses this computer's "
                        "network address instead. Phones must be on the same network, and Corredor must listen on it "
                        "(not only on 127.0.0.1). Set CORREDOR_PUBLIC_URL to give the room's address yourself."
                    )
                )
        st.image(qr_png(chosen), width=560, alt=_("QR code of the link below"))
        st.caption(_("Scan the code with a phone's camera: it opens this page with the same filters, map view and language."))
        st.code(chosen, language=None, wrap_lines=True)

    qr_dialog()


md_escape = md  # the one escaper (i18n.markdown)
