"""One translation function for every string a user reads.

Strings are marked with `_()` from the start so that the gettext catalogs
(`i18n/locale/<lang>/LC_MESSAGES/corredor.mo`) can be added without touching
the pages. English is the source language; a language with no catalog falls
back to it.
"""

from __future__ import annotations

import contextvars
import gettext
from pathlib import Path

DOMAIN = "corredor"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
LANGUAGES = {"en": "English"}

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)
_catalogs: dict[str, gettext.NullTranslations] = {}


def set_language(code: str) -> str:
    """Choose the language for this script run; unknown codes fall back to English."""
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    _language.set(code)
    return code


def current_language() -> str:
    return _language.get()


def _catalog(code: str) -> gettext.NullTranslations:
    if code not in _catalogs:
        _catalogs[code] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    return _catalogs[code]


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _catalog(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(current_language()).ngettext(singular, plural, n)


def format_number(value: float | int) -> str:
    """A figure as the reader's locale writes it (English grouping for now)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
