"""Benchmark the Missing Migrants Project import: 50,000 rows of the current header generation.

Generates a global-looking export (mostly the Americas, some rows of other
regions, a few broken rows), then times a dry run and a real write into a
temporary copy of the bundled GeoPackage. Prints the figures; asserts nothing.

Run: .venv/bin/python benchmarks/bench_import.py [--rows 50000] [--keep FILE.csv]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders import BUNDLED_GPKG  # noqa: E402

HEADER = [
    "Main ID", "Incident ID", "Region", "Incident Date", "Year", "Reported Month", "Number Dead", "Minimum Estimated Number of Missing",
    "Number of Survivors", "Number of Females", "Number of Males", "Number of Children", "Region of Origin", "Cause of Death",
    "Country of Origin", "Country of Incident", "Location of death", "Information Source", "Coordinates", "Migration route", "URL",
    "UNSD Geographical Grouping", "Source Quality",
]
# (region, country of incident, route, (min lon, min lat, max lon, max lat), weight): inland boxes, so points fall in their country
PLACES = [
    ("North America", "United States of America", "US-Mexico border crossing", (-112.8, 31.5, -111.2, 32.2), 20),
    ("North America", "United States of America", "US-Mexico border crossing", (-98.45, 26.95, -98.05, 27.35), 10),
    ("North America", "Mexico", "US-Mexico border crossing", (-106.5, 31.3, -106.2, 31.6), 6),
    ("Central America", "Mexico", None, (-97.0, 18.6, -96.2, 19.1), 8),
    ("Central America", "Mexico", None, (-93.6, 15.5, -92.6, 16.5), 8),
    ("Central America", "Guatemala", None, (-91.7, 14.7, -90.8, 15.2), 4),
    ("Central America", "Panama", "Darien", (-77.9, 7.95, -77.5, 8.4), 12),
    ("South America", "Colombia", "Darien", (-76.9, 8.2, -76.7, 8.5), 4),
    ("Caribbean", "Dominican Republic", "Dominican Republic to Puerto Rico", (-70.9, 18.6, -70.2, 19.3), 3),
    ("Caribbean", "Haiti", "Haiti to Dominican Republic", (-72.5, 18.6, -72.0, 19.3), 3),
    ("Mediterranean", "Libya", "Central Mediterranean", (12.0, 32.0, 14.0, 33.5), 15),
    ("Northern Africa", "Morocco", "Western Mediterranean", (-6.0, 34.0, -5.0, 35.0), 5),
    ("South-eastern Asia", "Malaysia", None, (101.0, 3.0, 102.0, 4.0), 2),
]
CAUSES = [
    "Drowning", "Harsh environmental conditions / lack of adequate shelter, food, water", "Vehicle accident / death linked to hazardous transport",
    "Violence", "Sickness / lack of access to adequate healthcare", "Accidental death", "Mixed or unknown",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def rows(n: int, seed: int = 50_000, broken_share: float = 0.01):
    """`n` invented rows in MMP's 2024–2026 header generation (dates written three ways)."""
    import datetime as dt

    rng = random.Random(seed)
    weights = [p[4] for p in PLACES]
    for i in range(1, n + 1):
        region, country, route, (x0, y0, x1, y1), _w = rng.choices(PLACES, weights)[0]
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(365 * 11))
        style = i % 3
        if style == 0:
            date = f"{WEEKDAYS[day.weekday()]}, {day:%m/%d/%Y} - 12:00"
        elif style == 1:
            date = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        else:
            date = day.isoformat()
        lat, lon = round(rng.uniform(y0, y1), 4), round(rng.uniform(x0, x1), 4)
        dead = rng.choice([1, 1, 1, 1, 2, 3, 5])
        missing = rng.choice([0, 0, 0, 1, 4])
        row = [
            f"{day.year}.MMP{i:06d}", f"{day.year}.MMP{i:06d}", region, date, day.year, MONTHS[day.month - 1], dead, missing or "",
            rng.choice(["", 0, 3]), "", "", "", "Latin America / Caribbean (P)", rng.choice(CAUSES), "Unknown", country,
            f"Benchmark row {i}", "Benchmark", f"{lat}, {lon}", route or "", "", region, rng.randint(1, 5),
        ]
        if rng.random() < broken_share:
            row[rng.choice([3, 6, 18, 22])] = rng.choice(["n/a", "-3", "99, 999", "Feb 30, 2020", "7"])
        yield row


def write_mmp_csv(path: Path, n: int, seed: int = 50_000) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows(n, seed))
    return path


def main(argv: list[str] | None = None) -> int:
    from importers.importer import run_import

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="also keep the generated CSV here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="corredor-bench-") as folder:
        folder = Path(folder)
        csv_path = write_mmp_csv(folder / "mmp_export.csv", args.rows)
        gpkg = folder / "corredor.gpkg"
        shutil.copyfile(BUNDLED_GPKG, gpkg)
        print(f"{args.rows:,} MMP rows, {csv_path.stat().st_size / 2**20:.1f} MiB CSV")
        started = time.perf_counter()
        dry = run_import("mmp", csv_path, gpkg=gpkg, dry_run=True)
        dry_s = time.perf_counter() - started
        started = time.perf_counter()
        written = run_import("mmp", csv_path, gpkg=gpkg, user="benchmark")
        write_s = time.perf_counter() - started
        figures = written.figures()
        print(
            f"rows read {figures['rows_read']:,}: accepted {figures['accepted']:,}, rejected {figures['rejected']:,} "
            f"({figures['invalid']:,} invalid, {figures['set_aside']:,} set aside), warnings {figures['warnings']:,}"
        )
        print(f"dry run (read, check, preview): {dry_s:.1f} s")
        print(f"write (read, check, merge, write, verify, replace): {write_s:.1f} s")
        print(f"GeoPackage after the import: {gpkg.stat().st_size / 2**20:.1f} MiB")
        assert dry.figures() == figures
        if args.keep:
            shutil.copyfile(csv_path, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
