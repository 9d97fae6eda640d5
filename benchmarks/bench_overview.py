"""Benchmark the Overview map: server time, bytes per incident point, browser time.

Prints a table; asserts nothing. For the bundled data and generated sets of
20,000 and 100,000 incidents it measures
  - server time to build the map *and* let streamlit-folium prepare its
    component arguments (st_folium called outside a Streamlit run),
  - the work under the map on every run (export snapshot, feature count,
    sources, the first page of the map table),
  - bytes of component arguments sent to the browser per incident point,
  - whether the same inputs give byte-identical arguments,
  - browser time from navigation to map drawn (real server, headless Chromium),
and the same server figures for the naive approach (one folium.Marker with a
popup per incident) as the baseline.

Run: .venv/bin/python benchmarks/bench_overview.py [--sizes 20000 100000] [--no-browser]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit_folium  # noqa: E402

import loaders  # noqa: E402
from mapping import features, standalone, tables  # noqa: E402
from mapping.overview import OverviewLayers, build_overview_map  # noqa: E402
from benchmarks import demo_incidents  # noqa: E402
from scripts import build_geodata  # noqa: E402

_real_component = streamlit_folium._component_func


def prepared_args_size(m) -> tuple[int, str]:
    """Bytes of the component arguments for map `m`, and a digest of them."""
    import hashlib

    captured = {}

    def capture(**kwargs):
        captured.update({k: v for k, v in kwargs.items() if k != "on_change"})
        return kwargs.get("default")

    streamlit_folium._component_func = capture
    try:
        streamlit_folium.st_folium(m, height=560, use_container_width=True, returned_objects=[], key="overview_map")
    finally:
        streamlit_folium._component_func = _real_component
    text = json.dumps(captured, sort_keys=True)
    return len(text.encode()), hashlib.sha256(text.encode()).hexdigest()


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def layers_for(bundle: dict, incidents) -> OverviewLayers:
    sources = bundle["sources"].set_index("source_id")
    names = dict(zip(bundle["countries"]["iso3"], bundle["countries"]["name_en"]))
    return OverviewLayers(
        basemap=features.basemap_features(bundle["countries"], "en"),
        overlays=dict(
            routes=features.route_features(bundle["routes"], sources),
            shelters=features.shelter_features(features.generalise_sensitive(bundle["shelters"], bundle["places"]), sources, names),
            zones=features.zone_features(bundle["displacement_zones"], sources, names),
            incidents=incidents,
        ),
        incident_display={"source": sources["name"].to_dict(), "country": names},
        has_demo_incidents=True,
    )


def corredor_server_time(layers: OverviewLayers, repeat: int) -> float:
    def run():
        m = build_overview_map(layers)
        streamlit_folium.st_folium(m, height=560, use_container_width=True, returned_objects=[], key="overview_map")

    return timed(run, repeat)


def below_map_time(layers: OverviewLayers, repeat: int) -> float:
    """The work under the map on each run: the export snapshot, the feature count, the sources and one table page."""
    m = build_overview_map(layers)

    def run():
        snapshot = standalone.snapshot(m)
        tables.feature_count(snapshot)
        tables.map_sources(snapshot)
        tables.map_table(snapshot, 0, tables.PAGE_ROWS)

    return timed(run, repeat)


def naive_map(incidents) -> folium.Map:
    m = folium.Map(location=[15, -80], zoom_start=3)
    for row in incidents.itertuples():
        popup = f"{row.date}: {row.dead} dead, {row.missing} missing ({row.cause})"
        folium.Marker([row.geometry.y, row.geometry.x], popup=folium.Popup(popup)).add_to(m)
    return m


def naive_server_time(incidents) -> float:
    def run():
        streamlit_folium.st_folium(naive_map(incidents), height=560, use_container_width=True, returned_objects=[])

    return timed(run, 1)


def browser_times(gpkg_paths: dict[str, Path], repeat: int = 3) -> dict[str, float]:
    """Seconds from navigation to map drawn, per data set, plus an empty map."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path, free_port, start_server

    (ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for label, (path, query, expect) in gpkg_paths.items():
            port = free_port()
            server = start_server(port, {"CORREDOR_GPKG": str(path)})
            try:
                times = []
                for _ in range(repeat + 1):  # the first load warms the server's caches
                    context = browser.new_context(viewport={"width": 1366, "height": 768})
                    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/{query}")
                    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=180_000)
                    frame = None
                    while frame is None:
                        for f in page.frames:
                            if "streamlit_folium" in f.url and f.evaluate(f"() => !!(window.Corredor && window.Corredor.drawn[{json.dumps(expect)}] !== undefined)"):
                                frame = f
                        if frame is None:
                            page.wait_for_timeout(20)
                    times.append(time.perf_counter() - start)
                    context.close()
                results[label] = statistics.median(times[1:])
            finally:
                server.terminate()
                server.wait(timeout=20)
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the Overview map")
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument("--naive-up-to", type=int, default=20_000, help="skip the naive baseline above this size")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)

    bundle = {name: loaders.read_layer(name) for name in loaders.LAYERS}
    datasets = {"bundled": bundle["incidents"]}
    for n in args.sizes:
        datasets[f"{n:,}"] = demo_incidents.generate(bundle["countries"], count=n, seed=n)

    print(f"{'incidents':>10} | {'server s':>9} | {'table s':>8} | {'B/point':>8} | {'identical':>9} | {'naive s':>8} | {'naive B/point':>13}")
    empty_bytes, _ = prepared_args_size(build_overview_map(layers_for(bundle, bundle["incidents"].head(0))))
    for incidents in datasets.values():
        layers = layers_for(bundle, incidents)
        server = corredor_server_time(layers, repeat=5 if len(incidents) <= 20_000 else 3)
        below = below_map_time(layers, repeat=5 if len(incidents) <= 20_000 else 3)
        size, digest = prepared_args_size(build_overview_map(layers))
        _, digest_again = prepared_args_size(build_overview_map(layers_for(bundle, incidents)))
        per_point = (size - empty_bytes) / len(incidents)
        naive_s, naive_per_point = "skipped", "skipped"
        if len(incidents) <= args.naive_up_to:
            naive_time = naive_server_time(incidents)
            naive_empty, _ = prepared_args_size(naive_map(incidents.head(0)))
            naive_size, _ = prepared_args_size(naive_map(incidents))
            naive_s, naive_per_point = f"{naive_time:.2f}", f"{(naive_size - naive_empty) / len(incidents):.0f}"
        print(f"{len(incidents):>10,} | {server:>9.3f} | {below:>8.3f} | {per_point:>8.1f} | {str(digest == digest_again):>9} | {naive_s:>8} | {naive_per_point:>13}")

    if args.no_browser:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = {
            "empty map": (loaders.BUNDLED_GPKG, "?layers=none", "Countries"),
            "bundled": (loaders.BUNDLED_GPKG, "", "Dead and missing migrants"),
        }
        layers = build_geodata.build_layers()
        for label, incidents in datasets.items():
            if label == "bundled":
                continue
            path = Path(tmp) / f"bench-{len(incidents)}.gpkg"
            build_geodata.write_gpkg({**layers, "incidents": incidents}, path)
            paths[label] = (path, "", "Dead and missing migrants")
        times = browser_times(paths)
    print()
    print(f"{'browser: navigation to map drawn':<34} | seconds")
    for label, seconds in times.items():
        print(f"{label:<34} | {seconds:.2f}")
    print(f"{'bundled / empty':<34} | {times['bundled'] / times['empty map']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
