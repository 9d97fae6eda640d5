"""Benchmark the country brief: figures, PDF (A4) and PNG per country, beside a reference measured in the same run.

The reference is reading the layers the brief needs from the GeoPackage (what
every page pays on a cold cache), so the printed ratios say how much a brief
costs on top of that on this machine. The app caches each brief, PDF and PNG
per country, language and data file, so only the first request pays this.
Prints the figures; asserts nothing.

Run: .venv/bin/python benchmarks/bench_brief.py [--countries GTM,MEX,PAN,USA] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import loaders  # noqa: E402
from analysis import country  # noqa: E402
from exports import brief  # noqa: E402
from mapping import features  # noqa: E402

NAMES = ("countries", "routes", "places", "shelters", "incidents", "displacement_zones", "darien_crossings")


def read_layers() -> dict:
    layers = {n: loaders.read_layer(n) for n in NAMES}
    layers["shelters"] = features.generalise_sensitive(layers["shelters"], layers["places"])
    return layers


def timed(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", default="GTM,MEX,PAN,USA")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reference, layers = timed(read_layers, args.repeat)
    sources = loaders.read_layer("sources").set_index("source_id")
    print(f"reference: reading the brief's layers {reference * 1000:8.0f} ms")
    print(f"{'country':8} {'figures ms':>11} {'PDF ms':>8} {'PNG ms':>8} {'PDF KiB':>8} {'PDF / reference':>16}")
    for iso3 in args.countries.split(","):
        t_build, built = timed(functools.partial(country.build, iso3, layers, sources, "en"), args.repeat)
        t_pdf, pdf = timed(functools.partial(brief.pdf, built, layers, page="A4", data_date="2026-01-01"), args.repeat)
        t_png, _png = timed(functools.partial(brief.png, pdf), args.repeat)
        print(f"{iso3:8} {t_build * 1000:11.0f} {t_pdf * 1000:8.0f} {t_png * 1000:8.0f} {len(pdf) / 1024:8.0f} {t_pdf / reference:16.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
