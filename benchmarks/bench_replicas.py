"""Benchmark replicas: page runs per second and p95 through HAProxy with 1 and with 2 replicas.

Both configurations are measured in the same run, on the same throw-away
PostGIS database (loaded from the bundled GeoPackage), with the same load:
200 websocket-level users (`benchmarks/virtual_user.py`) arriving evenly over
30 s (a room opening the presenter's link), each opening its view's page and,
if asked, changing the view a few times 10 s apart. Loopback only, bounded in users and
time. Prints a table and the ratio of runs per second, 2 replicas / 1.

Run: .venv/bin/python benchmarks/bench_replicas.py [--users 200] [--arrival 30] [--changes 0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.virtual_user import VirtualUser  # noqa: E402
from deploy import pgcluster  # noqa: E402
from deploy.serve import Deployment  # noqa: E402
from importers import store_postgis  # noqa: E402
from loaders import BUNDLED_GPKG  # noqa: E402

VIEWS = [("", "lang=en"), ("deaths", "lang=es"), ("shelters", "lang=fr&countries=MEX"), ("data", "lang=pt"), ("darien", "lang=en")]
PAUSE_S = 10.0  # a person reads the map about this long before changing the view
RUN_TIMEOUT_S = 600.0  # a run slower than this counts as an error (bounded, never hangs)


async def _load(url: str, users: int, arrival: float, changes: int) -> dict:
    """Users arrive evenly over `arrival` seconds, open their view, then change it `changes` times, 10 s apart.

    runs/s = page runs completed / seconds from the first arrival to the last
    finish: the rate the replicas got through the work, queueing included.
    """
    started = time.monotonic()
    latencies: list[float] = []
    errors: list[str] = []
    finished = [started]

    async def one(index: int) -> None:
        await asyncio.sleep(arrival * index / users)
        user = VirtualUser(url, timeout=RUN_TIMEOUT_S)
        for step in range(1 + changes):
            page, query = VIEWS[(index + step) % len(VIEWS)]
            try:
                latencies.append(await user.run(page, query))
                finished.append(time.monotonic())
            except Exception as err:  # counted, never hidden; the next step reloads
                errors.append(repr(err))
                user.websocket = None
            if step < changes:
                await asyncio.sleep(PAUSE_S)
        await user.close()

    await asyncio.gather(*(one(i) for i in range(users)))
    ordered = sorted(latencies)
    return {
        "runs": len(latencies),
        "seconds": max(finished) - started,
        "runs_per_s": len(latencies) / (max(finished) - started),
        "p50": statistics.median(ordered) if ordered else float("nan"),
        "p95": ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan"),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


async def _warm(url: str, replicas: int) -> None:
    """Every replica runs every view once (cold caches are not what is measured)."""
    users = [VirtualUser(url) for _ in range(replicas * 2)]
    for user in users:
        for page, query in VIEWS:
            await user.run(page, query)
        await user.close()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(replicas: int, database_url: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="corredor-bench-") as folder:
        deployment = Deployment(
            replicas=replicas,
            port=pgcluster.free_port(),
            first_replica_port=args.first_replica_port,
            address="127.0.0.1",
            run_dir=Path(folder),
            env={"CORREDOR_DATABASE_URL": database_url, "CORREDOR_COOKIE_SECRET": "benchmark"},
        ).start()
        try:
            asyncio.run(_warm(deployment.url, replicas))
            pids = [r.process.pid for r in deployment.members]
            cpu_before, load_before = cpu_seconds(pids), os.getloadavg()[0]
            result = asyncio.run(_load(deployment.url, args.users, args.arrival, args.changes))
            result["cpu_per_run"] = (cpu_seconds(pids) - cpu_before) / max(result["runs"], 1)
            result["load"] = (load_before + os.getloadavg()[0]) / 2
            result["rss"] = max(rss_mb(pid) for pid in pids)  # sessions are still open: the users closed only their sockets
            return result
        finally:
            deployment.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--arrival", type=float, default=30.0, help="seconds over which the users arrive")
    parser.add_argument("--changes", type=int, default=0, help="view changes per user after opening (10 s apart)")
    parser.add_argument("--first-replica-port", type=int, default=8751)
    args = parser.parse_args()
    cluster = pgcluster.Cluster().start()
    try:
        url = cluster.create("corredor_bench")
        store_postgis.init_db(url, BUNDLED_GPKG)
        results = {n: measure(n, url, args) for n in (1, 2)}
    finally:
        cluster.stop()
    print(f"\n{args.users} users arriving over {args.arrival:.0f} s, each opening its view then changing it {args.changes} times; PostGIS; HAProxy")
    print(f"{'replicas':>8} | {'page runs':>9} | {'done in s':>9} | {'runs/s':>7} | {'p50 s':>6} | {'p95 s':>6} | {'errors':>6} | {'CPU s/run':>9} | {'MB/replica':>10} | {'load avg':>8}")
    print("-" * 109)
    for n, r in results.items():
        print(
            f"{n:>8} | {r['runs']:>9} | {r['seconds']:>9.1f} | {r['runs_per_s']:>7.2f} | {r['p50']:>6.2f} | {r['p95']:>6.2f} | {r['errors']:>6} | "
            f"{r['cpu_per_run']:>9.2f} | {r['rss']:>10.0f} | {r['load']:>8.1f}"
        )
    print("CPU s/run: replica CPU time per page run (what a core buys); MB/replica: largest replica's resident memory after the load;")
    print("load avg: the machine's during the run, other work included")
    print(f"\nruns/s, 2 replicas / 1 replica: {results[2]['runs_per_s'] / results[1]['runs_per_s']:.2f}x (goal 1.7x)")
    for n, r in results.items():
        if r["first_error"]:
            print(f"first error with {n} replica(s): {r['first_error']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
