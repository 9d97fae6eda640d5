"""Benchmark the offline basemap against the countries carried inside every map (before), in one run.

Starts two servers on loopback, the app as it is and as it was (`basemap_before.py`), and
opens the same pages in headless Chromium (outside hosts unresolvable, the HTTP cache on) for
  - seconds from navigation to the map drawn (the map's layers and its basemap; median of runs),
  - bytes over the network of a first view (fresh browser profile) and of a rerun (the same
    page again in that profile): HTTP bodies as sent, plus the websocket frames (Streamlit's
    deltas, counted uncompressed as the browser reports them),
and, in this process, the map payload of one run (the component's arguments: raw and deflated).
Prints both side by side with the ratio; asserts nothing.

Run: .venv/bin/python benchmarks/bench_basemap.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import base64
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {"Overview": ("/?lang=en", 5), "Darién": ("/darien?lang=en", 4)}  # path, layers drawn when complete
from mapping.basemap import add_basemap as current_add_basemap  # noqa: E402  (before basemap_before replaces it)

RESOLVE_ONLY_HERE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


def start(port: int, before: bool) -> subprocess.Popen:
    from tests.e2e.conftest import start_server

    if not before:
        return start_server(port)
    log = open(ROOT / "tests" / "artifacts" / f"server-before-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "benchmarks/basemap_before.py", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the reference server did not start")


class Traffic:
    """Bytes received by a page: HTTP bodies as sent (encoded) and websocket frames."""

    def __init__(self, page):
        self.http = 0
        self.ws = 0
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._http)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _http(self, event):
        self.http += int(event.get("encodedDataLength", 0))

    def _frame(self, event):
        response = event["response"]
        data = response.get("payloadData", "")
        self.ws += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())

    @property
    def total(self) -> int:
        return self.http + self.ws


def drawn(page, layers: int) -> bool:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            try:
                state = frame.evaluate("() => window.Corredor ? Object.assign({}, window.Corredor.drawn) : null")
            except Exception:  # replaced by a rerun while read
                continue
            if state and len(state) >= layers and "Countries" in state:
                return True
    return False


def visit(page, url: str, layers: int) -> float:
    start = time.perf_counter()
    page.goto(url)
    while not drawn(page, layers):
        page.wait_for_timeout(20)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(1500)  # let late files (tiles in view) arrive before counting bytes
    return seconds


def browser_figures(repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path, free_port

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=[*CHROMIUM_ARGS, RESOLVE_ONLY_HERE])
        servers = {label: (free_port(), before) for label, before in (("before", True), ("basemap", False))}
        processes = {label: start(port, before) for label, (port, before) in servers.items()}
        try:
            for port, _before in servers.values():
                warm = browser.new_context()
                for path, layers in PAGES.values():  # the first load warms the server's caches
                    visit(warm.new_page(), f"http://127.0.0.1:{port}{path}", layers)
                warm.close()
            for name, (path, layers) in PAGES.items():
                for _ in range(repeat):
                    for label, (port, _before) in servers.items():  # interleaved: the machine's load hits both alike
                        context = browser.new_context(viewport={"width": 1366, "height": 768})
                        page = context.new_page()
                        traffic = Traffic(page)
                        seconds = visit(page, f"http://127.0.0.1:{port}{path}", layers)
                        first = traffic.total
                        rerun_page = context.new_page()
                        rerun = Traffic(rerun_page)
                        rerun_seconds = visit(rerun_page, f"http://127.0.0.1:{port}{path}", layers)
                        figures = results.setdefault((name, label), {"seconds": [], "rerun_seconds": [], "first": [], "rerun": []})
                        figures["seconds"].append(seconds)
                        figures["rerun_seconds"].append(rerun_seconds)
                        figures["first"].append(first)
                        figures["rerun"].append(rerun.total)
                        context.close()
        finally:
            for process in processes.values():
                process.terminate()
                process.wait(timeout=20)
            browser.close()
    return {key: {k: statistics.median(v) for k, v in figures.items()} for key, figures in results.items()}


def payload_bytes() -> dict:
    """The Overview map's component arguments, built the way each server builds them."""
    import loaders
    from benchmarks import basemap_before
    from benchmarks.bench_overview import layers_for, prepared_args_size
    from mapping import base, overview

    bundle = {name: loaders.read_layer(name) for name in loaders.LAYERS}
    layers = layers_for(bundle, bundle["incidents"])
    sizes = {}
    for label, add in (("before", basemap_before.countries_in_the_map), ("basemap", current_add_basemap)):
        base.add_basemap = add  # the map base draws the basemap
        m = overview.build_overview_map(layers)
        raw, _ = prepared_args_size(m)
        sizes[label] = (raw, len(zlib.compress(m.get_root().render().encode(), 6)))
    base.add_basemap = current_add_basemap
    return sizes


def ratio(new: float, old: float) -> str:
    return f"{new / old:.2f}x" if old else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the offline basemap against countries inside every map")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    (ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)

    sizes = payload_bytes()
    print(f"{'Overview map payload per run':<34} | {'before':>10} | {'basemap':>10} | ratio")
    print(f"{'  component arguments, bytes':<34} | {sizes['before'][0]:>10,} | {sizes['basemap'][0]:>10,} | {ratio(sizes['basemap'][0], sizes['before'][0])}")
    print(f"{'  deflated, bytes':<34} | {sizes['before'][1]:>10,} | {sizes['basemap'][1]:>10,} | {ratio(sizes['basemap'][1], sizes['before'][1])}")

    figures = browser_figures(args.repeat)
    print()
    print(f"{'browser (median of ' + str(args.repeat) + ')':<34} | {'before':>10} | {'basemap':>10} | ratio")
    for name in PAGES:
        old, new = figures[(name, "before")], figures[(name, "basemap")]
        print(f"{name + ': s to map drawn':<34} | {old['seconds']:>10.2f} | {new['seconds']:>10.2f} | {ratio(new['seconds'], old['seconds'])}")
        print(f"{name + ': s to map drawn, rerun':<34} | {old['rerun_seconds']:>10.2f} | {new['rerun_seconds']:>10.2f} | {ratio(new['rerun_seconds'], old['rerun_seconds'])}")
        print(f"{name + ': bytes, first view':<34} | {old['first']:>10,.0f} | {new['first']:>10,.0f} | {ratio(new['first'], old['first'])}")
        print(f"{name + ': bytes, rerun':<34} | {old['rerun']:>10,.0f} | {new['rerun']:>10,.0f} | {ratio(new['rerun'], old['rerun'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
