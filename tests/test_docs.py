"""The README and the docs say what the code does: pages, link keys, layers and languages come from the code's registries."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import i18n
from loaders.schema import LAYERS
from registry import layers as map_layers
from registry import pages as registry_pages
from ui.filters import QUERY_KEYS
from ui.scenes_data import LANG_KEY, PRESENT_KEY, SCENE_KEY, VIEW_KEY

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def table_after(heading: str) -> list[list[str]]:
    """The rows (cells) of the first Markdown table after `heading`, without its header."""
    section = README.split(heading, 1)[1]
    rows = re.findall(r"^\|(.+)\|\s*$", section.split("\n\n|", 1)[1].split("\n\n", 1)[0].join(["|", ""]), re.M)
    return [[cell.strip() for cell in row.split("|")] for row in rows[2:]]


def quoted(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def link_keys_in_the_code() -> set[str]:
    """The link keys the app reads: the sidebar's, the scenes', and each page's (`linked.control` names, `st.query_params`)."""
    keys = {*QUERY_KEYS, LANG_KEY, VIEW_KEY, SCENE_KEY, PRESENT_KEY}
    for page in registry_pages.PAGES:
        for node in ast.walk(ast.parse((ROOT / page.script).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            func, args = node.func, node.args
            if func.attr == "control" and getattr(func.value, "id", None) == "linked" and len(args) > 1 and isinstance(args[1], ast.Constant):
                keys.add(args[1].value)
            if func.attr in ("get", "get_all") and getattr(func.value, "attr", None) == "query_params" and args and isinstance(args[0], ast.Constant):
                keys.add(args[0].value)
    return keys


def test_the_readme_lists_every_link_key_the_pages_read():
    documented = {key for row in table_after("## Links") for key in quoted(row[0])}
    assert documented == link_keys_in_the_code()


def test_the_readme_names_every_map_layer_of_the_link():
    (row,) = [row for row in table_after("## Links") if "layers" in quoted(row[0])]
    assert quoted(row[1])[: len(map_layers.KEYS)] == list(map_layers.KEYS)
    assert f"all but {', '.join(f'`{k}`' for k in map_layers.KEYS if k not in map_layers.DEFAULT_KEYS)}" in row[1]


def test_the_readme_lists_every_public_page_at_its_address():
    documented = [quoted(row[1])[0] for row in table_after("## What is in it")]
    assert documented == [page.address for page in registry_pages.PUBLIC]


def test_the_readme_lists_every_layer_of_the_geopackage():
    documented = [quoted(row[0])[0] for row in table_after("## Data")]
    assert documented == list(LAYERS)


def test_the_readme_names_every_language():
    names = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"}
    assert set(names) == set(i18n.LANGUAGES)
    assert "Every page speaks " + ", ".join(names[code] for code in list(i18n.LANGUAGES)[:-1]) + " and " + names[list(i18n.LANGUAGES)[-1]] in README


def test_the_architecture_note_names_every_map_layer_and_page():
    note = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for key in map_layers.KEYS:
        assert f"`{key}`" in note, key
    for page in registry_pages.PAGES:
        assert f"`{page.key}`" in note, page.key
