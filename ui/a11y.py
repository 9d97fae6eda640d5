"""Accessibility fixes to Streamlit's own look that every page needs (no data in them).

Streamlit draws captions at 60 % opacity (about 3.9:1 on white, and coloured
text in a caption, e.g. :orange[…], fades the same way): below the 4.5:1 WCAG
AA asks for text of that size. Full opacity in a grey that reads 6.6:1 still
looks secondary. Presenter mode's own !important rules win over it.

A page's sections are h2 under its h1 title (headings go down one level at a
time for screen readers); they are drawn at h3's size, which suits a section.

Streamlit writes its "Skip to main content" link in English and offers no
way to translate it: `skip_link()` sets its text (and the page's `lang`) in
the reader's language from a tiny component of our own.

A figure's label wraps rather than being cut with an ellipsis: the word that
matters often comes last ("Dead and missing (illustrative records)").
"""

from __future__ import annotations

import streamlit as st

from i18n import _

CAPTION_COLOUR = "#5a5c66"  # 6.6:1 on white

CSS = (
    "<style>"
    f".stApp [data-testid='stCaptionContainer']{{opacity:1;color:{CAPTION_COLOUR}}}"
    f".stApp [data-testid='stCaptionContainer'] code{{color:{CAPTION_COLOUR}}}"
    ".stApp [data-testid='stMain'] h2{font-size:1.75rem}"
    ".stApp [data-testid='stMetricLabel'] *{white-space:normal !important;overflow:visible !important;text-overflow:clip !important}"
    "</style>"
)


def style() -> None:
    """Put the stylesheet on the page: once per run (app.py, or each page until app.py does)."""
    st.html(CSS)


# No markup of ours is shown: the script only relabels Streamlit's own link. Text arrives as data.
_SKIP_JS = """
export default function (component) {
  const { data } = component;
  const relabel = () => {
    const link = document.querySelector("[data-testid='stSkipToContent']");
    if (link && link.textContent !== data.label) link.textContent = data.label;
    if (data.lang && document.documentElement.lang !== data.lang) document.documentElement.lang = data.lang;
  };
  relabel();
  setTimeout(relabel, 500);
}
"""
_skip_component = st.components.v2.component("corredor_skip_link", html="<span hidden></span>", js=_SKIP_JS)


def skip_link(language: str) -> None:
    """Streamlit's "Skip to main content" link, and the page's language, in the reader's language."""
    _skip_component(key="corredor_skip_link", data={"label": _("Skip to main content"), "lang": language})
