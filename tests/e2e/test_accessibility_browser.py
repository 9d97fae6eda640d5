"""Every page through axe-core in a real browser: no moderate, serious or critical violation.

axe-core comes bundled in the axe-playwright-python package (nothing is
fetched); it runs on the page itself and again inside the map's iframe
(streamlit-folium), which axe cannot reach from the page. Screenshots at
projector size (1920×1080) land in tests/artifacts/<page>-1920.png.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from registry import pages as registry_pages
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import map_frame, vega_chart_drawn, visit

pytestmark = pytest.mark.browser

FAILING = {"moderate", "serious", "critical"}  # the issue asks for serious and critical; the pages meet moderate too
# page name, address, has a map, has a chart: every public page of the app (registry.pages)
PAGES = [pytest.param(p.key, p.address, p.has_map, p.has_chart, id=p.key) for p in registry_pages.PUBLIC]
# Streamlit's own chrome that the app cannot change, left out of the check (selector: why).
# Keep this list short and specific: everything the app draws itself is checked.
STREAMLIT_CHROME: dict[str, str] = {}
# axe on the page itself: the map's iframe is checked on its own (axe cannot reach into it
# without being injected there too, and would wait for it).
PAGE_OPTIONS = {"iframes": False, "resultTypes": ["violations"]}
# axe measures colour contrast only for text inside the viewport: the page is checked
# again with the window as tall as the page, so text below the fold is measured too.
CONTRAST_OPTIONS = {"iframes": False, "resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast"]}}
FRAME_OPTIONS = {"resultTypes": ["violations"]}

_axe = Axe()


def _target(node: dict) -> str:
    """The element: the last steps of axe's CSS path (Streamlit's are long), then the start of its HTML."""
    path = " ".join(map(str, node["target"]))
    short = " > ".join(path.split(" > ")[-3:])
    return f"{short} {node.get('html', '')[:90]!r}"


def failing(results: dict) -> list[str]:
    """One line per moderate, serious or critical violation: rule, impact, the elements (targets) and axe's message."""
    lines = []
    for violation in results["violations"]:
        if violation.get("impact") not in FAILING:
            continue
        nodes = violation["nodes"]
        targets = [_target(node) for node in nodes[:5]]
        first = nodes[0] if nodes else {}
        checks = first.get("any", []) + first.get("all", []) + first.get("none", [])
        message = checks[0]["message"] if checks else violation.get("help", "")
        more = f" (+{len(nodes) - 5} more)" if len(nodes) > 5 else ""
        lines.append(f"{violation['id']} [{violation['impact']}] {len(nodes)} element(s): {targets}{more} — {message}")
    return lines


def run_axe(target, options: dict, exclude: list[str] | None = None) -> dict:
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    return _axe.run(target, context=context, options=options).response


def settle(page, quiet_ms: int = 1000, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has shown no running script for `quiet_ms` (a rerun redraws the page)."""
    quiet = waited = 0
    while quiet < quiet_ms and waited < timeout_ms:
        running = page.evaluate("() => !!document.querySelector('[data-testid=\"stStatusWidget\"] button')")
        quiet = 0 if running else quiet + 100
        page.wait_for_timeout(100)
        waited += 100


def page_problems(page, options: dict = PAGE_OPTIONS) -> list[str]:
    """Moderate, serious or critical violations on the page; checked twice, so a rerun caught halfway is not counted."""
    problems = failing(run_axe(page, options, list(STREAMLIT_CHROME)))
    if problems:
        settle(page)
        problems = failing(run_axe(page, options, list(STREAMLIT_CHROME)))
    return problems


def below_the_fold_contrast(page, width: int) -> list[str]:
    """Colour contrast of the whole page: the window made as tall as the page's content, then checked."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], body')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": min(max(height, 768), 12_000)})
    page.wait_for_timeout(400)
    return page_problems(page, CONTRAST_OPTIONS)


def keyboard_gaps(frame) -> list[str]:
    """The map, its layer switch and its legend must each be reachable with the Tab key."""
    found = frame.evaluate(
        """() => {
            const tabbable = (el) => !!el && el.tabIndex >= 0 && !el.closest('[aria-hidden=true]');
            return {
                map: tabbable(document.querySelector('.leaflet-container')),
                layers: !document.querySelector('.leaflet-control-layers') || tabbable(document.querySelector('.leaflet-control-layers-toggle')),
                legend: tabbable(document.querySelector('.corredor-legend summary')),
                zoom: tabbable(document.querySelector('.leaflet-control-zoom-in')),
            };
        }"""
    )
    return [f"{part} is not reachable by keyboard" for part, ok in found.items() if not ok]


def contrast(colour: str, background: tuple[int, int, int] = (255, 255, 255)) -> float:
    """WCAG contrast ratio of a '#rrggbb' or 'rgb(r, g, b)' colour on `background`."""
    if colour.startswith("#"):
        rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)] if len(colour) == 7 else [int(c * 2, 16) for c in colour[1:4]]
    else:
        rgb = [int(float(v)) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]

    def luminance(channels) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(rgb), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def cluster_problems(frame) -> list[str]:
    """Cluster counts are text on a coloured disc that axe cannot measure (it lies over the map):
    the disc, composed over white (the lightest the map gets), must give 4.5:1."""
    pairs = frame.evaluate(
        "() => [...new Set([...document.querySelectorAll('.marker-cluster div')].map(d => getComputedStyle(d).color + '|' + getComputedStyle(d).backgroundColor))]"
    )
    problems = []
    for pair in pairs:
        text, disc = pair.split("|")
        values = [float(v) for v in disc[disc.index("(") + 1 : disc.index(")")].split(",")]
        alpha = values[3] if len(values) == 4 else 1.0
        background = tuple(round(alpha * c + (1 - alpha) * 255) for c in values[:3])
        ratio = contrast(text, background)
        if ratio < 4.5:
            problems.append(f"cluster count {text} on {disc}: {ratio:.1f}:1")
    return problems


def chart_problems(page) -> list[str]:
    """Every drawn chart needs a text alternative (Vega puts the chart's description, title and
    source, in its aria-label) and all its text at 4.5:1 or more (axe does not measure SVG text)."""
    charts = page.locator('[data-testid="stVegaLiteChart"]').evaluate_all(
        """charts => charts.filter(c => c.querySelector('svg, canvas')).map(c => ({
            label: c.getAttribute('aria-label') || '',
            fills: [...new Set([...c.querySelectorAll('svg text')].map(t => getComputedStyle(t).fill).filter(f => f && f.startsWith('rgb')))],
        }))"""  # the drawn ones: a chart in a closed tab is not drawn yet
    )
    assert charts, "no chart drawn"
    problems = []
    for i, chart in enumerate(charts, start=1):
        if "Source:" not in chart["label"]:
            problems.append(f"chart {i} has no text alternative (aria-label {chart['label']!r})")
        faint = [f"{fill} ({contrast(fill):.1f}:1)" for fill in chart["fills"] if contrast(fill) < 4.5]
        if faint:
            problems.append(f"chart {i}: text below 4.5:1 on white: {', '.join(faint)}")
    return problems


@pytest.mark.parametrize("name, path, has_map, has_chart", PAGES)
def test_page_has_no_moderate_or_worse_accessibility_violation(open_page, server_url, outside_requests, name, path, has_map, has_chart):
    page = visit(open_page, server_url + path, 1366, 768)
    frame = map_frame(page)[0] if has_map else None
    if has_chart:
        vega_chart_drawn(page)
    settle(page)
    problems = [f"page: {line}" for line in page_problems(page)]
    if frame is not None:
        problems += [f"map iframe: {line}" for line in failing(run_axe(frame, FRAME_OPTIONS))]
        problems += [f"map iframe: {line}" for line in keyboard_gaps(frame) + cluster_problems(frame)]
    if has_chart:
        problems += [f"chart: {line}" for line in chart_problems(page)]
    problems += [f"page, below the fold: {line}" for line in below_the_fold_contrast(page, 1366) if f"page: {line}" not in problems]
    # the same page at projector size, to look at
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1920.png"))
    assert not problems, f"axe-core on {path}:\n" + "\n".join(problems)
    assert outside_requests == [], outside_requests


def test_the_check_fails_on_a_violation(open_page, server_url):
    """axe is really running: an unlabelled button and grey-on-white text are reported, with their targets."""
    page = open_page(800, 600)
    page.goto(server_url + "/app/static/corredor/corredor-map.css")  # any page of our server: no outside request
    page.set_content('<html lang="en"><body><main><h1>t</h1><button id="b"></button><p id="p" style="color:#aaa">faint</p></main></body></html>')
    lines = failing(run_axe(page, PAGE_OPTIONS))
    assert any(line.startswith("button-name [critical]") and "#b" in line for line in lines), lines
    assert any(line.startswith("color-contrast [serious]") and "#p" in line for line in lines), lines
