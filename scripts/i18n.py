"""Manage the translation catalogs with Babel: extract, update, compile, check.

  python scripts/i18n.py extract   # all marked strings -> i18n/corredor.pot
  python scripts/i18n.py update    # merge the template into each i18n/locale/<lang>/LC_MESSAGES/corredor.po
  python scripts/i18n.py compile   # .po -> .mo (also done on first use by i18n.ensure_compiled)
  python scripts/i18n.py check     # exit 1 if any catalog lacks a translation

Strings are marked with `_()` / `ngettext()`; layer and column descriptions
in loaders/schema.py are the second argument of `Layer(...)` and the third of
`Column(...)`. Scene titles and captions come from scenes/scenes.toml
(`ui.scenes_data.extract_messages`, named in babel.cfg).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n import DOMAIN, LANGUAGES, LOCALE_DIR, DEFAULT_LANGUAGE, missing_translations  # noqa: E402

TEMPLATE = ROOT / "i18n" / f"{DOMAIN}.pot"
SOURCES = ["app.py", "scenes", "pages", "i18n", "registry", "ui", "mapping", "analysis", "charts", "exports", "loaders", "importers", "geodata/sources"]
KEYWORDS = ["_", "ngettext:1,2", "N_", "Layer:2", "Column:3"]


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    keywords = [item for k in KEYWORDS for item in ("-k", k)]
    sources = [s for s in SOURCES if (ROOT / s).exists()]
    _babel("extract", "--no-default-keywords", *keywords, "-F", str(ROOT / "babel.cfg"), "--sort-by-file", "--no-wrap",
           "--project", "Corredor", "--copyright-holder", "Corredor", "-o", str(TEMPLATE), *[str(ROOT / s) for s in sources])
    text = TEMPLATE.read_text(encoding="utf-8")
    TEMPLATE.write_text(text.replace(str(ROOT) + "/", ""), encoding="utf-8")  # paths relative to the repo


def update() -> None:
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            _babel("update", "--no-wrap", "--ignore-obsolete", "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", lang)
        else:
            _babel("init", "--no-wrap", "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", lang)


def compile_catalogs() -> None:
    _babel("compile", "--use-fuzzy" if False else "--statistics", "-D", DOMAIN, "-d", str(LOCALE_DIR))


def check() -> int:
    problems = missing_translations(TEMPLATE)
    for lang, ids in problems.items():
        for msgid in ids[:20]:
            print(f"{lang}: missing translation for {msgid!r}")
        if len(ids) > 20:
            print(f"{lang}: … and {len(ids) - 20} more")
    return 1 if any(problems.values()) else 0


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "extract":
        extract()
    elif command == "update":
        update()
    elif command == "compile":
        compile_catalogs()
    elif command == "check":
        return check()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
