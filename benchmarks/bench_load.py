"""A room at once: many phones opening Corredor together, beside a minimal Streamlit app.

Prints a table; asserts nothing. It starts two servers itself on free loopback
ports, Corredor (`streamlit run app.py`) and `benchmarks/reference_app.py` (a
title and a line), both headless with the project's `.streamlit/config.toml`,
and drives virtual users that speak Streamlit's websocket protocol as the
browser does: open `/_stcore/stream`, send a `rerun_script` BackMsg with the
page's address and query string, read ForwardMsgs until `script_finished`;
a run "once more" sends the hashes of the messages the browser would have
cached (`cached_message_hashes`), so the server sends references instead.

Scenarios (the issue's table):
  single       one user at a time per page (`--repeat` visits each): a page run's floor
  burst        50 users at once, pages mixed
  scene        200 users arriving over 30 s, each opening a scene link once
  scene-twice  the same, each running the page once more

For every page: runs, errors, timeouts, page runs per second, p50/p95/max
seconds, kilobytes received per run and the ratio of Corredor's p95 to the
reference app's p95 measured in the same run; per scenario the servers'
memory (RSS) before, at the peak and `--settle` seconds after the sessions
close; and `--browsers` real Chromium pages opened during the load (time from
navigation to the map drawn).

Run: .venv/bin/python benchmarks/bench_load.py [--scenario burst scene] [--users 50]
     [--spread 30] [--pages overview darien] [--settle 120] [--browsers 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from registry import pages as registry_pages  # noqa: E402
from ui.scenes_data import load_scenes  # noqa: E402

REFERENCE_APP = ROOT / "benchmarks" / "reference_app.py"
PAGES = tuple(p.key for p in registry_pages.PUBLIC if not p.example)  # every public page that needs no query
SCENARIOS = {
    # name: (users, spread seconds, runs per user, what each user opens)
    "single": (1, 0.0, 1, "pages"),
    "burst": (50, 0.0, 1, "pages"),
    "scene": (200, 30.0, 1, "scene"),
    "scene-twice": (200, 30.0, 2, "scene"),
}
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A headless Streamlit server on a free loopback port, started from the project root."""

    def __init__(self, script: Path, options: list[str] = (), log_dir: Path | None = None):
        self.port = free_port()
        log_dir = log_dir or ROOT / "benchmarks" / "out"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = log_dir / f"server-{script.stem}-{self.port}.log"
        command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true", *options]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"{script.name} did not start; see {self.log}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """CPU time the server has used (user + system): what a page run costs it, whatever else runs."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# ---------------------------------------------------------------- virtual users


@dataclass(frozen=True)
class Visit:
    """What one user opens: a row label, the page's address ('' is the default page) and query string."""

    label: str
    path: str
    query: str = ""


@dataclass
class Run:
    label: str
    again: bool  # a run "once more" in an open session (cached messages referenced)
    seconds: float = float("nan")
    received: int = 0
    ok: bool = False
    error: str | None = None
    timed_out: bool = False
    start: float = float("nan")  # perf_counter at the request (the first run: before connecting)
    end: float = float("nan")  # perf_counter at script_finished
    cpu: float = float("nan")  # server CPU seconds for this run, when it ran alone


def rerun_message(port: int, visit: Visit, query: str, page_hash: str, cached: set[str]) -> bytes:
    """The BackMsg a browser sends to run the page at its address."""
    url = f"http://127.0.0.1:{port}/{visit.path}" + (f"?{query}" if query else "")
    state = ClientState(
        query_string=query,
        page_script_hash=page_hash,
        page_name=visit.path,
        cached_message_hashes=sorted(cached),
        context_info=ContextInfo(timezone="America/Panama", timezone_offset=300, locale="en-US", url=url,
                                 is_embedded=False, color_scheme="light"),
    )
    return BackMsg(rerun_script=state).SerializeToString()


async def user(port: int, visit: Visit, runs: int, start_at: float, timeout: float, done: asyncio.Event,
               results: list[Run], finished: list[str]) -> None:
    """One phone: connect, run the page `runs` times, keep the session open until everyone is done."""
    await asyncio.sleep(start_at)
    query, page_hash, cached = visit.query, "", set()
    ws, run = None, None
    started = time.perf_counter()
    try:
        ws = await websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      origin=f"http://127.0.0.1:{port}", max_size=None, open_timeout=timeout)
        for index in range(runs):
            if index:
                started = time.perf_counter()
            run = Run(visit.label, again=index > 0, start=started)
            results.append(run)
            await ws.send(rerun_message(port, visit, query, page_hash, cached))
            while True:
                remaining = timeout - (time.perf_counter() - started)
                try:
                    data = await asyncio.wait_for(ws.recv(), max(remaining, 0.001))
                except TimeoutError:
                    run.timed_out, run.error = True, "timeout"
                    break
                run.received += len(data)
                msg = ForwardMsg.FromString(data)
                if msg.metadata.cacheable:
                    cached.add(msg.hash)  # the browser keeps it and names it on the next run
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    page_hash = msg.new_session.page_script_hash
                elif kind == "navigation":
                    page_hash = msg.navigation.page_script_hash
                elif kind == "page_info_changed":
                    query = msg.page_info_changed.query_string  # the app rewrote the link
                elif kind == "page_not_found":
                    run.error = "page not found"
                elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
                    run.error = run.error or msg.delta.new_element.exception.message[:80]
                elif kind == "script_finished":
                    if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                        continue  # the app asked for a rerun itself: the page is not up yet
                    if msg.script_finished == FINISHED_WITH_COMPILE_ERROR:
                        run.error = "compile error"
                    run.end = time.perf_counter()
                    run.seconds = run.end - started
                    run.ok = run.error is None
                    break
            if not run.ok:
                break
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        if run is None or run.ok:
            results.append(Run(visit.label, again=run is not None, error=type(exc).__name__))
        else:
            run.error = run.error or type(exc).__name__
    finished.append(visit.label)
    await done.wait()  # sessions stay open until the last user is served, as in the room
    if ws is not None:
        await ws.close()


async def _load(port: int, visits: list[Visit], runs: int, spread: float, timeout: float, rss) -> tuple[list[Run], float, float]:
    """Every visit as one user, arrivals spread evenly over `spread` seconds; (runs, wall seconds, peak RSS)."""
    done = asyncio.Event()
    results: list[Run] = []
    finished: list[str] = []
    peak = rss()
    n = len(visits)
    started = time.perf_counter()
    tasks = [asyncio.create_task(user(port, v, runs, spread * i / n, timeout, done, results, finished))
             for i, v in enumerate(visits)]
    while len(finished) < n:
        peak = max(peak, rss())
        await asyncio.sleep(0.25)
    wall = time.perf_counter() - started
    peak = max(peak, rss())  # every session still open
    done.set()
    await asyncio.gather(*tasks)
    return results, wall, peak


def load(server: Server, visits: list[Visit], runs: int, spread: float, timeout: float):
    return asyncio.run(_load(server.port, visits, runs, spread, timeout, server.rss_mb))


# ---------------------------------------------------------------- browsers


def browser_probe(url: str, count: int, spread: float, timeout: float, out: list) -> None:
    """Open `count` Chromium pages at `url` over `spread` s; append seconds from navigation to map drawn.

    Each page is watched from the moment it opens, while the next ones wait their turn. The
    pages render on this machine's cores, beside the server: `browser_reference` measures the same
    pages with the server idle, in the same run."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, block_outside, chromium_path

    def drawn(page) -> bool:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                if frame.evaluate("() => !!(window.Corredor && Object.keys(window.Corredor.drawn || {}).length"
                                  " && document.querySelector('.leaflet-container'))"):
                    return True
            except PlaywrightError:
                continue
        return False

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        outside: list[str] = []
        pending, opened, t0 = {}, 0, time.perf_counter()
        while opened < count or pending:
            now = time.perf_counter()
            if opened < count and now - t0 >= spread * opened / count:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                block_outside(context, outside)
                page = context.new_page()
                pending[page] = time.perf_counter()
                opened += 1
                try:
                    page.goto(url, wait_until="commit", timeout=timeout * 1000)
                except PlaywrightError:  # the server did not even answer the page's address in time
                    del pending[page]
                    out.append(float("nan"))
                continue
            for page, start in list(pending.items()):
                if drawn(page):
                    out.append(time.perf_counter() - start)
                    del pending[page]
                elif time.perf_counter() - start > timeout:  # never drew in time
                    out.append(float("nan"))
                    del pending[page]
            if pending:
                next(iter(pending)).wait_for_timeout(100)
            elif opened < count:
                time.sleep(0.05)
        browser.close()


def browser_reference(url: str, count: int, spread: float, timeout: float) -> list[float]:
    """The same Chromium pages opened with the server idle: what the browsers' own work costs here."""
    out: list[float] = []
    browser_probe(url, count, spread, timeout, out)
    return out


# ---------------------------------------------------------------- scenarios and the table


@dataclass
class Measured:
    runs: list[Run]
    wall: float
    rss_before: float
    rss_peak: float
    rss_after: float
    browsers: list[float] = field(default_factory=list)  # Chromium: navigation to map drawn, during the load
    browsers_idle: list[float] = field(default_factory=list)  # the same with the server idle (reference)
    sequential: bool = False  # one user at a time: runs per second is 1 / time per run
    cpu: float = float("nan")  # server CPU seconds used by the whole load


def scene_visit(scene_id: str) -> Visit:
    scenes = load_scenes()
    scene = next((s for s in scenes if s.id == scene_id), None)
    if scene is None:
        raise SystemExit(f"no scene {scene_id!r}; scenes: {', '.join(s.id for s in scenes)}")
    parts = urlsplit(scene.link())
    return Visit(f"scene {scene.id}", parts.path.strip("/"), parts.query)


def page_visit(page: str) -> Visit:
    return Visit(page, "" if page == "overview" else page)


def measure(server: Server, visits: list[Visit], runs: int, spread: float, timeout: float,
            repeat: int = 1, browsers: int = 0, browser_url: str | None = None) -> Measured:
    """Run the load on `server`; with `repeat`, one user per visit at a time, `repeat` times each."""
    rss_before = server.rss_mb()
    probe: list[float] = []
    thread = None
    if browsers:
        thread = threading.Thread(target=browser_probe, args=(browser_url, browsers, spread, timeout, probe))
        thread.start()
    all_runs, wall, peak = [], 0.0, rss_before
    batches = [[v] for v in visits for _ in range(repeat)] if repeat else [visits]
    cpu_start = server.cpu_seconds()
    for batch in batches:
        cpu_before = server.cpu_seconds()
        got, seconds, top = load(server, batch, runs, spread, timeout)
        if repeat and len(got) == 1:
            got[0].cpu = server.cpu_seconds() - cpu_before
        all_runs += got
        wall += seconds
        peak = max(peak, top)
    if thread:
        thread.join()
    finished = [r for r in all_runs if r.ok]
    if finished and not repeat:  # first request to last page up, not the polling loop's
        wall = max(r.end for r in finished) - min(r.start for r in all_runs if r.start == r.start)
    cpu = server.cpu_seconds() - cpu_start
    return Measured(all_runs, wall, rss_before, peak, float("nan"), probe, sequential=bool(repeat), cpu=cpu)


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def rows(measured: Measured) -> dict[str, dict]:
    """Per page (first runs and runs once more apart) and in all: the figures of the table."""
    groups: dict[str, list[Run]] = {}
    for run in measured.runs:
        groups.setdefault(run.label + (" (again)" if run.again else ""), []).append(run)
    groups["all"] = measured.runs
    table = {}
    for name, runs in groups.items():
        times = [r.seconds for r in runs if r.ok]
        table[name] = {
            "runs": len(runs),
            "ok": len(times),
            "errors": sum(1 for r in runs if r.error and not r.timed_out),
            "timeouts": sum(1 for r in runs if r.timed_out),
            "per_s": len(times) / (sum(times) if measured.sequential else measured.wall) if times else 0.0,
            "p50": _p(times, 0.5),
            "p95": _p(times, 0.95),
            "max": max(times) if times else float("nan"),
            "kb": statistics.mean(r.received for r in runs) / 1024 if runs else float("nan"),
            "cpu_ms": 1000 * statistics.median(r.cpu for r in runs) if runs and all(r.cpu == r.cpu for r in runs) else float("nan"),
        }
    return table


def _n(value: float, spec: str) -> str:
    return "–" if value != value else format(value, spec)


def format_scenario(title: str, corredor: Measured, reference: Measured) -> str:
    ours, ref = rows(corredor), rows(reference)
    ref_all = ref["all"]
    lines = [title, ""]
    head = (f"| {'page':<34} | runs | ok | errors | timeouts | runs/s | p50 s | p95 s | max s | KB/run "
            f"| ref p50 s | ref p95 s | ref runs/s | p50 × ref | p95 × ref | CPU ms/run | CPU × ref |")
    lines += [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for name, r in ours.items():
        fixed = ref.get(name, ref_all)
        lines.append(
            f"| {name:<34} | {r['runs']:>4} | {r['ok']:>2} | {r['errors']:>6} | {r['timeouts']:>8} | {r['per_s']:>6.1f} "
            f"| {r['p50']:>5.2f} | {r['p95']:>5.2f} | {r['max']:>5.2f} | {r['kb']:>6.1f} | {fixed['p50']:>9.2f} "
            f"| {fixed['p95']:>9.2f} | {fixed['per_s']:>10.1f} | {r['p50'] / fixed['p50']:>9.1f} | {r['p95'] / fixed['p95']:>9.1f} "
            f"| {_n(r['cpu_ms'], '.0f'):>10} | {_n(r['cpu_ms'] / fixed['cpu_ms'], '.1f'):>9} |"
        )
    lines.append("")
    lines.append(f"server RSS MB (before / peak / {SETTLE_LABEL}): Corredor {corredor.rss_before:.0f} / "
                 f"{corredor.rss_peak:.0f} / {corredor.rss_after:.0f}; reference {reference.rss_before:.0f} / "
                 f"{reference.rss_peak:.0f} / {reference.rss_after:.0f}")
    for name, measured in (("Corredor", corredor), ("reference", reference)):
        kinds = Counter(r.error for r in measured.runs if r.error)
        if kinds:
            lines.append(f"{name} errors: " + ", ".join(f"{n} × {kind}" for kind, n in kinds.most_common()))
    ok, ref_ok = sum(r.ok for r in corredor.runs), sum(r.ok for r in reference.runs)
    if ok and ref_ok:
        mine, theirs = 1000 * corredor.cpu / ok, 1000 * reference.cpu / ref_ok
        lines.append(f"server CPU per page run, whole load (ms): Corredor {mine:.0f}, reference {theirs:.0f} "
                     f"(× {mine / theirs:.1f}); load average {open('/proc/loadavg').read().split()[0]} "
                     "(other work on the machine slows both)")
    if corredor.browsers:
        shown = ", ".join("did not draw" if t != t else f"{t:.1f}" for t in corredor.browsers)
        lines.append(f"Chromium, navigation to map drawn during the load (s): {shown}")
    if corredor.browsers_idle:
        shown = ", ".join("did not draw" if t != t else f"{t:.1f}" for t in corredor.browsers_idle)
        lines.append(f"Chromium, the same pages opened the same way with the server idle (reference; the browsers share this machine's cores) (s): {shown}")
    return "\n".join(lines)


SETTLE_LABEL = "after close"


def reference_visits(visits: list[Visit]) -> list[Visit]:
    """The reference app opened by as many users: one page, the same labels, no query."""
    return [Visit("reference" if len(set(v.label for v in visits)) > 1 else v.label, "", "") for v in visits]


def run_scenario(name: str, corredor: Server, reference: Server, args) -> tuple[str, Measured, Measured]:
    users, spread, runs, opens = SCENARIOS[name]
    users = args.users if args.users is not None and name != "single" else users
    spread = args.spread if args.spread is not None and name != "single" else spread
    if opens == "scene":
        visits = [scene_visit(args.scene)] * users
        browser_path = visits[0].path + "?" + visits[0].query
    else:
        pages = [page_visit(p) for p in args.pages]
        visits = pages if name == "single" else [pages[i % len(pages)] for i in range(users)]
        browser_path = ""
    repeat = args.repeat if name == "single" else 0
    ref_visits = [Visit(v.label, "", "") for v in visits] if name == "single" else reference_visits(visits)
    ref = measure(reference, ref_visits if name != "single" else ref_visits[:1], runs, spread, args.timeout,
                  repeat=repeat)
    browsers = args.browsers if name != "single" else 0
    browser_url = f"{corredor.url}/{browser_path}"
    idle = browser_reference(browser_url, browsers, spread, args.timeout) if browsers else []
    ours = measure(corredor, visits, runs, spread, args.timeout, repeat=repeat, browsers=browsers,
                   browser_url=browser_url)
    ours.browsers_idle = idle
    time.sleep(args.settle)  # every session of both loads is closed: what memory is given back?
    ours.rss_after, ref.rss_after = corredor.rss_mb(), reference.rss_mb()
    if name == "single":  # one reference row per page, all the same floor
        ref.runs = [Run(v.label, r.again, r.seconds, r.received, r.ok, r.error, r.timed_out, r.start, r.end, r.cpu)
                    for v in visits for r in ref.runs]
        ref.cpu *= len(visits)  # as if the reference had been opened as often
    what = {"single": f"one user at a time, {args.repeat} visits per page",
            "burst": f"{users} users at once, pages mixed",
            "scene": f"{users} users arriving over {spread:g} s, each opening scene {args.scene} once",
            "scene-twice": f"{users} users arriving over {spread:g} s, each opening scene {args.scene} and running it once more"}
    title = f"## {name}: {what[name]} (timeout {args.timeout:g} s)"
    return format_scenario(title, ours, ref), ours, ref


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--users", type=int, help="users per scenario (default: the scenario's own)")
    parser.add_argument("--spread", type=float, help="seconds over which users arrive (0: all at once)")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--scene", default="darien-2021-2025", help="the scene link the room opens")
    parser.add_argument("--repeat", type=int, default=5, help="visits per page in the single scenario")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a page run may take")
    parser.add_argument("--settle", type=float, default=120.0, help="seconds after the sessions close before RSS is read")
    parser.add_argument("--browsers", type=int, default=5, help="Chromium pages opened during each load (0: none)")
    parser.add_argument("--option", action="append", default=[], help="extra Corredor server option, e.g. --option=--runner.postScriptGC=false")
    return parser.parse_args(argv)


def main(argv=None) -> dict[str, tuple[Measured, Measured]]:
    args = parse(argv)
    global SETTLE_LABEL
    SETTLE_LABEL = f"{args.settle:g} s after close"
    corredor = Server(ROOT / "app.py", args.option)
    reference = Server(REFERENCE_APP)
    results = {}
    try:
        print(f"Corredor {corredor.url} and the reference app {reference.url}; {os.cpu_count()} CPUs; "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n", flush=True)
        for name in args.scenario:
            text, ours, ref = run_scenario(name, corredor, reference, args)
            results[name] = (ours, ref)
            print(text + "\n", flush=True)
    finally:
        corredor.stop()
        reference.stop()
    return results


if __name__ == "__main__":
    main()
