"""Every page in Spanish, French and Portuguese, in a real browser, with outside hosts blocked.

Each page's text (collapsed sections included, and its maps' frames: legends,
layer names, attribution) is scanned for the app's own
English sentences: every catalog message of five words or more, as literal
fragments between its placeholders, unless the translation keeps it on
purpose (a publication's title).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po

from i18n import LOCALE_DIR

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import MAP_IFRAME, assert_clean, map_frame, vega_chart_drawn, visit, wait_for_app

pytestmark = pytest.mark.browser

PAGES = {
    "": "Migration in the Americas",
    "darien": "Darién corridor",
    "shelters": "Shelters and services",
    "deaths": "Disappearances and deaths",
    "displacement": "Disaster displacement",
    "country?iso3=GTM": "Country brief",
    "data": "Data and sources",
    "import": "Import data",
}
SAMPLED = {"pt": ("", "darien", "data")}  # Portuguese: the pages with the most text from data (time)
MIN_WORDS = 5
PLACEHOLDER = re.compile(r"\{[^{}]*\}|\*\*|`|\\n")

# The page's text: every text node of the page but scripts and styles, so text in closed sections counts too.
PAGE_TEXT = """() => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest('script, style, noscript')) out.push(walker.currentNode.textContent);
  }
  return out.join(' ').replace(/\\s+/g, ' ');
}"""


@cache
def english_sentences(language: str) -> tuple[str, ...]:
    """The catalog's English fragments of MIN_WORDS words or more that `language` translates."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "corredor.po", encoding="utf-8") as f:
        catalog = read_po(f)
    found = set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not message.string:
            continue
        for fragment in PLACEHOLDER.split(message.id):
            fragment = " ".join(fragment.split()).strip(" .,;:()")
            if len(fragment.split()) >= MIN_WORDS and fragment not in message.string:
                found.add(fragment)
    return tuple(sorted(found))


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_every_page_speaks_the_chosen_language(open_page, server_url, outside_requests, language):
    page = open_page(1366, 768)
    english = english_sentences(language)
    assert len(english) > 300  # the list is the app's own: hundreds of sentences
    left_in_english = {}
    for path, english_title in PAGES.items():
        if path not in SAMPLED.get(language, PAGES):
            continue
        joiner = "&" if "?" in path else "?"
        page.goto(f"{server_url}/{path}{joiner}lang={language}&countries=PAN,COL")
        wait_for_app(page)
        title = page.locator("h1").first.inner_text()
        assert title and title != english_title, (path, title)
        page.wait_for_function(f"() => document.documentElement.lang === '{language}'", timeout=10_000)
        page.wait_for_timeout(400)
        name = path.split("?")[0] or "overview"
        if page.locator(MAP_IFRAME).count():
            map_frame(page)  # the map has drawn its legend
        page.screenshot(path=str(ARTIFACTS / f"{name}-{language}-1366.png"))
        text = page.evaluate(PAGE_TEXT) + " " + " ".join(frame.evaluate(PAGE_TEXT) for frame in page.frames if "streamlit_folium" in frame.url)
        found = [sentence for sentence in english if sentence in text]
        if found:
            left_in_english[name] = found
    assert left_in_english == {}, left_in_english
    sidebar_text = page.locator('[data-testid="stSidebar"]').inner_text()
    assert {"es": "Idioma", "fr": "Langue", "pt": "Idioma"}[language] in sidebar_text
    assert page.locator('[data-testid="stSkipToContent"]').text_content() == {"es": "Saltar al contenido principal", "fr": "Aller au contenu principal", "pt": "Pular para o conteúdo principal"}[language]
    assert_clean(page, outside_requests)


def test_charts_write_numbers_the_french_way(open_page, server_url, outside_requests):
    page = visit(open_page, f"{server_url}/displacement?lang=fr&countries=PAN", 1366, 900)
    vega_chart_drawn(page)
    page.get_by_role("tab", name="Amériques (IDMC)").click()  # IDMC's regional totals
    page.wait_for_timeout(800)
    labels = page.locator('[data-testid="stVegaLiteChart"] svg text').evaluate_all("ts => ts.map(t => t.textContent)")
    assert [t for t in labels if re.fullmatch(r"\d,\dM", t)], repr(labels)  # the axis of the regional totals: 1,5M
    assert not [t for t in labels if re.fullmatch(r"\d\.\dM", t)], repr(labels)  # never 1.5M
    assert [t for t in labels if re.fullmatch(r"\d,\d M", t)], repr(labels)  # the bar labels: 1,7 M
    assert outside_requests == []
