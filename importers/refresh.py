"""Keep the bundled Missing Migrants Project records current from MMP's JSON data feed.

    python -m importers.importer refresh mmp [--url URL] [--year YEAR] [--timeout S] [--dry-run]

Fetches the feed for one year (the current year by default) once, with a
timeout and no retries (a conference Wi-Fi must not be flooded), imports it
as an update by Incident ID through the ordinary MMP import, and says what
changed: new and revised records, records of that year no longer in the feed
(kept: a part of a year's feed is not proof that MMP withdrew a record), and
the year's dead and missing before and after. Offline, it says so and changes
nothing. The feed's address is `$CORREDOR_MMP_FEED_URL` or --url; `{year}` in
it is replaced by the year.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import loaders
from i18n import _, format_number
from importers import safety, store
from importers.errors import ImportFileError

FEED_URL = "https://missingmigrants.iom.int/global-figures/{year}/json"
URL_ENV = "CORREDOR_MMP_FEED_URL"
TIMEOUT_S = 20.0
REFRESHABLE = frozenset({"incidents"})  # layers kept current by `refresh`
COMPARED = ("incident_type", "date", "dead", "missing", "survivors", "females", "males", "children", "cause", "route", "country_iso3", "country_origin", "location", "source_quality", "source_quality_grades", "info_source", "url")


class Offline(Exception):
    """The feed could not be reached: nothing was changed."""


@dataclass
class Changes:
    """What a refresh changed in the incidents layer."""

    year: int
    new: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    not_in_feed: list[str] = field(default_factory=list)
    before: dict[int, int] = field(default_factory=dict)  # dead and missing per year
    after: dict[int, int] = field(default_factory=dict)

    def to_text(self) -> str:
        lines = [
            _("{new} new records, {revised} revised, {gone} of {year} no longer in the feed (kept)").format(
                new=format_number(len(self.new)), revised=format_number(len(self.revised)), gone=format_number(len(self.not_in_feed)), year=self.year
            )
        ]
        for label, ids in ((_("new"), self.new), (_("revised"), self.revised), (_("no longer in the feed"), self.not_in_feed)):
            if ids:
                shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
                lines.append(f"  {label}: {shown}")
        for year in sorted(set(self.before) | set(self.after)):
            lines.append(
                _("dead and missing in {year}: {before} before, {after} after").format(
                    year=year, before=format_number(self.before.get(year, 0)), after=format_number(self.after.get(year, 0))
                )
            )
        return "\n".join(lines)


def feed_url(year: int, url: str | None = None) -> str:
    return (url or os.environ.get(URL_ENV) or FEED_URL).replace("{year}", str(year))


def fetch(url: str, timeout: float = TIMEOUT_S) -> bytes:
    """The feed's bytes, fetched once (no retry); `Offline` when it cannot be reached."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Corredor"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the URL is the operator's)
            data = response.read(safety.max_file_bytes() + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise Offline(str(getattr(err, "reason", err))) from None
    if len(data) > safety.max_file_bytes():
        raise ImportFileError("too_large", _("the feed sent more than {n} bytes").format(n=format_number(safety.max_file_bytes())))
    return data


def _per_year(frame: pd.DataFrame) -> dict[int, int]:
    if frame.empty:
        return {}
    people = frame["dead"].astype("int64") + frame["missing"].astype("int64")
    return {int(y): int(v) for y, v in people.groupby(frame["year"].astype(int)).sum().items()}


def compare(before: pd.DataFrame, incoming: pd.DataFrame, year: int) -> Changes:
    """New and revised records of `incoming`, and the records of `year` it no longer has."""
    old = before.set_index("incident_id")
    changes = Changes(year)
    for _i, row in incoming.iterrows():
        key = row["incident_id"]
        if key not in old.index:
            changes.new.append(key)
            continue
        was = old.loc[key]
        moved = not was.geometry.equals_exact(row.geometry, 1e-9) if was.geometry is not None and row.geometry is not None else False
        if moved or any(_differs(was[c], row[c]) for c in COMPARED):
            changes.revised.append(key)
    in_feed = set(incoming["incident_id"])
    of_year = before[(before["year"] == year) & ~before["is_demo"].fillna(False).astype(bool)]
    changes.not_in_feed = sorted(set(of_year["incident_id"]) - in_feed)
    years = set(incoming["year"].astype(int)) | {year}
    changes.before = {y: v for y, v in _per_year(before).items() if y in years}
    return changes


def _differs(a, b) -> bool:
    a_na, b_na = a is None or (not isinstance(a, str) and pd.isna(a)), b is None or (not isinstance(b, str) and pd.isna(b))
    if a_na or b_na:
        return a_na != b_na
    return str(a) != str(b)


def refresh(kind: str, *, gpkg: Path | None = None, url: str | None = None, year: int | None = None, timeout: float = TIMEOUT_S, dry_run: bool = False, user: str = "refresh"):
    """Fetch, import by id and compare: (the import's report, the `Changes`). Raises `Offline` with nothing changed."""
    from importers import importer

    if kind != "mmp":
        raise ImportFileError("unknown_kind", _("only the Missing Migrants Project (mmp) can be refreshed from a feed, not {kind!r}").format(kind=kind))
    started = time.perf_counter()
    year = year or dt.date.today().year
    gpkg = Path(gpkg) if gpkg else loaders.default_path()
    address = feed_url(year, url)
    data = fetch(address, timeout)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mmp-feed-{year}.json"
        path.write_bytes(data)
        before = store.read_existing(loaders.LAYERS["incidents"], gpkg)
        prepared = importer.prepare("mmp", path, gpkg, display_name=_("MMP data feed {year} ({url})").format(year=year, url=address))
        changes = compare(before, prepared.frame, year)
        if dry_run:
            store.preview(prepared, gpkg)
            report = prepared.report
            merged, _counts = store.merge(before, prepared.frame, prepared.layer, replace_demo=prepared.replace_demo)
        else:
            report = store.write(prepared, gpkg, path, user=user)
            merged = store.read_existing(loaders.LAYERS["incidents"], gpkg)
    report.seconds = time.perf_counter() - started
    changes.after = {y: v for y, v in _per_year(merged).items() if y in set(changes.before) | set(prepared.frame["year"].astype(int)) | {year}}
    return report, changes
