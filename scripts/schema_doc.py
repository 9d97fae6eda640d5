"""Write `docs/schema.md` from `loaders/schema.py`, the one definition of every layer.

Run: python scripts/schema_doc.py   (a test fails when the document is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.schema import LAYERS  # noqa: E402

OUT = ROOT / "docs" / "schema.md"


def render() -> str:
    lines = [
        "# Corredor GeoPackage schema",
        "",
        "Generated from `loaders/schema.py` by `python scripts/schema_doc.py`; do not edit by hand.",
        "",
        "The file is `geodata/corredor.gpkg`, coordinates in EPSG:4326. Dates are text `YYYY-MM-DD`.",
        "Multi-valued text columns join their values with `;`.",
        "",
    ]
    for layer in LAYERS.values():
        kind = f"{layer.geometry} layer" if layer.geometry else "table (no geometry)"
        lines += [f"## `{layer.name}`", "", f"{layer.description} *{kind}*", ""]
        if layer.key:
            lines += [f"Key: `{layer.key}` (unique).", ""]
        lines += ["| column | type | required | values | meaning |", "| --- | --- | --- | --- | --- |"]
        for col in layer.all_columns:
            values = ""
            if col.allowed:
                values = ("any of " if col.multi else "") + ", ".join(f"`{v}`" for v in col.allowed)
            elif col.minimum is not None or col.maximum is not None:
                low = "" if col.minimum is None else f"{col.minimum:g}"
                high = "" if col.maximum is None else f"{col.maximum:g}"
                values = f"{low}–{high}"
            required = "no" if col.nullable else "yes"
            lines.append(f"| `{col.name}` | {col.dtype} | {required} | {values} | {col.description} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
