"""Accessibility fixes to Streamlit's own look that every page needs (no data in them).

Streamlit draws captions at 60 % opacity (about 3.9:1 on white, and coloured
text in a caption, e.g. :orange[…], fades the same way): below the 4.5:1 WCAG
AA asks for text of that size. Full opacity in a grey that reads 6.6:1 still
looks secondary. Presenter mode's own !important rules win over it.

A page's sections are h2 under its h1 title (headings go down one level at a
time for screen readers); they are drawn at h3's size, which suits a section.

A figure's label wraps rather than being cut with an ellipsis: the word that
matters often comes last ("Dead and missing (illustrative records)").
"""

from __future__ import annotations

import streamlit as st

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
