"""One translation function for every string a user reads.

Catalogs are gettext `.po` files managed with Babel (`scripts/i18n.py`):
`i18n/locale/<lang>/LC_MESSAGES/corredor.po`. They are compiled to `.mo`
on first use when the `.mo` is missing or older than its `.po`, so a fresh
clone needs no build step. English is the source language.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

DOMAIN = "corredor"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
# code -> the language's own name, shown in the language menu
LANGUAGES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)
_catalogs: dict[str, gettext.NullTranslations] = {}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (it is translated where shown)."""
    return message


def set_language(code: str | None) -> str:
    """Choose the language for this script run; unknown codes fall back to English."""
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    _language.set(code)
    return code


def current_language() -> str:
    return _language.get()


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """?lang= if it names one of ours, else the browser's language, else English."""
    if requested in LANGUAGES:
        return requested
    if browser_locale:
        base = browser_locale.replace("_", "-").split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def _po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def ensure_compiled(code: str) -> Path | None:
    """Compile the language's .po to .mo if the .mo is missing or stale (written atomically)."""
    po = _po_path(code)
    if not po.is_file():
        return None
    mo = po.with_suffix(".mo")
    if not mo.is_file() or mo.stat().st_mtime_ns < po.stat().st_mtime_ns:
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, catalog)
        tmp.replace(mo)
    return mo


def _catalog(code: str) -> gettext.NullTranslations:
    if code not in _catalogs:
        ensure_compiled(code)
        _catalogs[code] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    return _catalogs[code]


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _catalog(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(current_language()).ngettext(singular, plural, n)


def format_number(value: float | int, decimals: int = 1) -> str:
    """A figure as the reader's locale writes it: 520,085 / 520.085 / 520 085."""
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(round(value, decimals), format=f"#,##0.{'0' * decimals}", locale=current_language())
    return format_decimal(int(value), locale=current_language())


def format_date(value: dt.date | str) -> str:
    """A date as the reader's locale writes it (medium form: 23 nov 2026 / Nov 23, 2026)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return _babel_format_date(value, format="medium", locale=current_language())


def language_name(code: str) -> str:
    return LANGUAGES.get(code) or Locale.parse(code).get_display_name(code)


def missing_translations(template: Path) -> dict[str, list[str]]:
    """For each non-English language, the template's message ids its catalog leaves untranslated."""
    with template.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    missing: dict[str, list[str]] = {}
    for code in LANGUAGES:
        if code == DEFAULT_LANGUAGE:
            continue
        po = _po_path(code)
        if not po.is_file():
            missing[code] = [str(w) for w in wanted]
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        gaps = []
        for msgid in wanted:
            message = catalog.get(msgid)
            strings = message.string if message is not None else None
            if isinstance(strings, (tuple, list)):
                empty = not all(strings)
            else:
                empty = not strings
            if message is None or empty or message.fuzzy:
                gaps.append(msgid if isinstance(msgid, str) else msgid[0])
        missing[code] = gaps
    return missing
