"""The load benchmark's harness measures something real: a short run of it against real servers.

`benchmarks/bench_load.py` prints numbers and asserts nothing; this smoke run
checks what the numbers rest on: every virtual user gets `script_finished` for
each run, a run once more (with the browser's cached message hashes) is
answered with references rather than the page again, the reference app is
measured beside Corredor, and a real Chromium page sees the map drawn.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks import bench_load

pytestmark = pytest.mark.browser


def run_benchmark(argv: list[str]):
    """Run the benchmark in a thread of its own, as from its command line.

    The browser tests' Playwright session keeps an event loop running in the
    test thread, and the benchmark starts loops of its own (asyncio, Playwright).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(bench_load.main, argv).result()


def test_a_short_room_gets_every_page_run_finished(capsys):
    results = run_benchmark(
        ["--scenario", "scene-twice", "--users", "3", "--spread", "1", "--settle", "0", "--browsers", "1", "--timeout", "90"]
    )
    ours, reference = results["scene-twice"]
    for measured in (ours, reference):
        assert len(measured.runs) == 6  # 3 users x 2 runs, each one ended by script_finished
        assert all(run.ok and run.error is None for run in measured.runs), [run.error for run in measured.runs]
        assert all(run.seconds > 0 for run in measured.runs)
    first = [run.received for run in ours.runs if not run.again]
    again = [run.received for run in ours.runs if run.again]
    assert min(first) > 50_000  # the page itself: map, sidebar, figures
    assert max(again) < min(first) / 5  # cached messages were referenced, not sent again
    assert ours.rss_peak >= ours.rss_before > 0
    assert len(ours.browsers) == 1 and not math.isnan(ours.browsers[0])  # Chromium saw the map drawn
    assert len(ours.browsers_idle) == 1 and not math.isnan(ours.browsers_idle[0])  # and with the server idle, beside it
    printed = capsys.readouterr().out
    assert "scene darien-2021-2025 (again)" in printed and "p95 × ref" in printed and "with the server idle" in printed


def test_the_single_page_scenario_measures_each_page_and_the_reference():
    results = run_benchmark(["--scenario", "single", "--pages", "overview", "data", "--repeat", "1", "--settle", "0"])
    ours, reference = results["single"]
    assert sorted(run.label for run in ours.runs) == ["data", "overview"]
    assert all(run.ok for run in ours.runs + reference.runs)
    assert {run.label for run in reference.runs} == {"data", "overview"}  # one reference row beside each page
