"""Every user-visible string is translated into Spanish, French and Portuguese."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest

import i18n
from scripts import i18n as catalogs


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory) -> Path:
    """The template extracted from the code as it is now (not the committed one)."""
    template = tmp_path_factory.mktemp("pot") / "corredor.pot"
    original = catalogs.TEMPLATE
    catalogs.TEMPLATE = template
    try:
        catalogs.extract()
    finally:
        catalogs.TEMPLATE = original
    return template


def test_the_code_marks_hundreds_of_strings(fresh_template):
    text = fresh_template.read_text(encoding="utf-8")
    assert text.count("\nmsgid ") > 500


def test_every_module_that_translates_is_extracted():
    root = Path(catalogs.ROOT)
    skipped = {".venv", "tests", "scripts", "benchmarks", "build"}
    translating = [
        path.relative_to(root)
        for path in root.rglob("*.py")
        if not skipped & set(path.relative_to(root).parts) and "_(" in path.read_text(encoding="utf-8")
    ]
    assert translating
    outside = [str(p) for p in translating if p.parts[0] not in catalogs.SOURCES]
    assert outside == [], f"add these to scripts/i18n.py SOURCES: {outside}"


def test_scene_titles_and_captions_are_extracted_from_the_scenes_file(fresh_template):
    from ui.scenes_data import load_scenes

    text = fresh_template.read_text(encoding="utf-8")
    for scene in load_scenes():
        assert f"msgid {json.dumps(scene.title, ensure_ascii=False)}" in text
        assert f"msgid {json.dumps(scene.caption, ensure_ascii=False)}" in text


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_every_string_has_a_translation(fresh_template, language):
    missing = i18n.missing_translations(fresh_template)[language]
    assert missing == [], f"{len(missing)} strings lack a {language} translation, e.g. {missing[:5]}; run scripts/i18n.py update and translate them"


@pytest.mark.parametrize(
    "language, expected",
    [("en", "520,085"), ("es", "520.085"), ("fr", "520\u202f085"), ("pt", "520.085")],
)
def test_numbers_are_written_the_local_way(language, expected):
    i18n.set_language(language)
    try:
        assert i18n.format_number(520085) == expected
    finally:
        i18n.set_language("en")


def test_dates_are_written_the_local_way():
    i18n.set_language("es")
    try:
        assert i18n.format_date(dt.date(2024, 3, 5)) == "5 mar 2024"
    finally:
        i18n.set_language("en")


def test_translation_follows_the_language():
    i18n.set_language("es")
    try:
        assert i18n._("Overview") != "Overview"
    finally:
        i18n.set_language("en")
    assert i18n._("Overview") == "Overview"


@pytest.mark.parametrize(
    "requested, browser, expected",
    [("fr", "es-MX", "fr"), (None, "pt-BR", "pt"), ("xx", "es_ES", "es"), (None, "de-DE", "en"), (None, None, "en")],
)
def test_language_comes_from_the_link_then_the_browser(requested, browser, expected):
    assert i18n.pick_language(requested, browser) == expected


def coded_columns():
    from loaders.schema import LAYERS

    return [(layer.name, column) for layer in LAYERS.values() for column in layer.all_columns if column.allowed]


@pytest.mark.parametrize("layer,column", coded_columns(), ids=lambda v: getattr(v, "name", v))
def test_every_allowed_value_has_a_label_in_every_language(layer, column):
    from i18n import vocabulary

    table = vocabulary.COLUMN_TABLES.get((layer, column.name)) or vocabulary.COLUMN_TABLES.get(column.name)
    assert table, f"{layer}.{column.name} holds codes but i18n.vocabulary.COLUMN_TABLES names no labels for them"
    english = {}
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        try:
            labels = vocabulary.labels(table)
        finally:
            i18n.set_language("en")
        unlabelled = [v for v in column.allowed if v not in labels]
        assert not unlabelled, (language, unlabelled)
        if language == "en":
            english = labels
        else:  # each label is one the language's catalog translates (the check of the catalogs then holds it to it)
            untranslated = [v for v in column.allowed if not (catalog(language).get(english[v]) and catalog(language).get(english[v]).string)]
            assert not untranslated, (language, untranslated)


@functools.cache
def catalog(language: str):
    from babel.messages.pofile import read_po

    with open(Path(catalogs.LOCALE_DIR) / language / "LC_MESSAGES" / "corredor.po", "rb") as f:
        return read_po(f, locale=language)
