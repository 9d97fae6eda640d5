"""The bundled `disaster_events` layer against IDMC's own workbook: every Americas row, every displacement."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import openpyxl
import pytest

import loaders
from importers import geo, idmc
from scripts import build_geodata

SHARED_README = Path("/work/shared/data/README.md")


@pytest.fixture(scope="module")
def workbook_rows():
    """The Americas rows of IDMC's sheet, read plainly with openpyxl (not through the importer)."""
    book = openpyxl.load_workbook(build_geodata.IDMC_WORKBOOK, read_only=True, data_only=True)
    rows = list(book["1_Disaster_Displacement_data"].iter_rows(values_only=True))
    book.close()
    header, data = rows[0], rows[1:]
    americas = set(loaders.read_layer("countries")["iso3"])
    return [dict(zip(header, r)) for r in data if r[0] in americas], len(data)


@pytest.fixture(scope="module")
def events():
    return loaders.read_layer("disaster_events")


def test_the_bundled_workbook_is_the_publishers_bytes():
    digest = hashlib.sha256(build_geodata.IDMC_WORKBOOK.read_bytes()).hexdigest()
    if SHARED_README.is_file():  # the checksum list kept with the reference copies
        listed = re.search(r"([0-9a-f]{64})\s+" + re.escape(build_geodata.IDMC_WORKBOOK.name), SHARED_README.read_text(encoding="utf-8"))
        assert listed and listed.group(1) == digest
    assert digest == "b692501d55f0b82d0861c56775fb34ee76b8d8c7833eb5105c645b1ac3e740f7"


def test_every_americas_row_is_in_the_layer_or_reported(workbook_rows, events):
    rows, total = workbook_rows
    report = idmc.read_events(build_geodata.IDMC_WORKBOOK, geo.Countries.from_frame(loaders.read_layer("countries"))).report
    assert report.rows_read == total and report.balanced
    invalid = report.invalid
    assert report.accepted == len(events) and report.accepted + invalid == len(rows)
    assert report.set_aside_count == total - len(rows)
    assert all(i.reason for i in report.problems())  # each rejected row names its reason
    assert invalid == 0  # none of this workbook's Americas rows is lost
    assert int(events["displacements"].sum()) == sum(r["Disaster Internal Displacements"] or 0 for r in rows)
    # the rows IDMC gives without an Event ID but with a shared name and date are all there, with their own figures
    brazil = events[(events["country_iso3"] == "BRA") & (events["event_name"] == "Brazil: Flood - 01/01/2011")]
    assert len(brazil) == sum(1 for r in rows if r["ISO3"] == "BRA" and r["Event Name"] == "Brazil: Flood - 01/01/2011") >= 3


def test_americas_2024_total_and_hurricane_milton(workbook_rows, events):
    rows, _total = workbook_rows
    in_2024 = events[events["year"] == 2024]
    expected = sum(r["Disaster Internal Displacements"] for r in rows if r["Year"] == 2024)
    assert int(in_2024["displacements"].sum()) == expected
    assert 13_000_000 < expected < 13_200_000
    milton = in_2024[(in_2024["country_iso3"] == "USA") & in_2024["event_name"].str.contains("Milton")]
    assert int(milton["displacements"].sum()) == 5_900_000


def test_every_event_carries_source_date_and_country_precision(events):
    assert (events["precision"] == "country").all() and not events["is_demo"].any()
    sources = loaders.read_sources()
    source = sources.loc[events["source_id"].unique()]
    assert len(source) == 1
    assert source.iloc[0]["licence"] == "CC BY-NC 4.0" and source.iloc[0]["accessed"] == "2025-11-03"
    assert events["start_date"].notna().all()
