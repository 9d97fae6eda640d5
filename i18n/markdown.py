"""The one Markdown escaper: text from the data shown through st.markdown, st.caption or a label stays text."""

from __future__ import annotations

import re

# every character CommonMark or Streamlit's Markdown gives a meaning (a backslash before any ASCII punctuation is plain)
_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&])")


def md(text) -> str:
    """`text` with every Markdown-active character backslash-escaped, so data shows as typed (None: empty)."""
    return _ACTIVE.sub(r"\\\1", "" if text is None else str(text))
