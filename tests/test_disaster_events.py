"""The bundled `disaster_events` layer against IDMC's own workbook: every Americas row, every displacement."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import openpyxl
import pandas as pd
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


# --- the zones matched to IDMC's rows, and IDMC's terms in every export ----------------------

from analysis import displacement as analysis  # noqa: E402


def test_drawn_zones_show_idmc_figures_matched_by_glide_else_name_and_date(events):
    zones = loaders.read_layer("displacement_zones")
    matches = analysis.match_zones(zones, events).set_index("zone_id")
    assert matches.loc["eta-2020", "method"] == analysis.MATCH_GLIDE
    # Eta's GLIDE rows in the zone's own countries (Nicaragua, Honduras, Guatemala), not Iota's
    assert matches.loc["eta-2020", "displacements"] == 71_000 + 175_000 + 184_000
    assert "Iota" not in matches.loc["eta-2020", "event_names"]
    assert matches.loc["hti-eq-2010", "method"] == analysis.MATCH_NAME_DATE and matches.loc["hti-eq-2010", "displacements"] == 1_500_000
    assert matches.loc["bol-fl-2014", "event_names"] == "Beni floods"
    assert pd.isna(matches.loc["dry-corridor-ca", "method"]) and pd.isna(matches.loc["dry-corridor-ca", "displacements"])


def test_a_zone_an_idmc_import_drew_matches_by_event_id(events):
    zone = pd.DataFrame(
        {"zone_id": ["idmc-27229-USA-2024"], "event_name": ["Milton"], "hazard_type": ["Storm"], "start_date": ["2020-01-01"], "countries": ["USA"], "notes": [None]}
    )
    match = analysis.match_zones(zone, events).iloc[0]
    assert match["method"] == analysis.MATCH_EVENT_ID and match["displacements"] == 5_900_000


def test_the_download_readme_gives_idmcs_attribution_terms_and_definition(events):
    import datetime as dt

    import exports

    sources = loaders.read_sources()
    readme = exports.readme_text("disaster_events", events, "csv", sources=sources, selection=exports.Selection(), built=dt.datetime(2026, 1, 1))
    assert "Internal Displacement Monitoring Centre (IDMC), Global Internal Displacement Database – Disasters, internal-displacement.org, CC BY-NC 4.0, accessed 2025-11-03" in readme
    assert "NON-COMMERCIAL USE ONLY" in readme and "movements, not people" in readme
    routes = exports.readme_text("routes", loaders.read_layer("routes"), "csv", sources=sources, selection=exports.Selection(), built=dt.datetime(2026, 1, 1))
    assert "NON-COMMERCIAL" not in routes


def test_the_hazard_chart_png_carries_the_attribution_and_definition(events):
    from charts import displacement as charts
    from charts.png import chart_svg

    chart = charts.hazard_chart(analysis.by_hazard_and_year(events[events["year"] >= 2020]), (2020, 2024))
    exported = charts.with_lines(chart, charts.idmc_source_lines("Internal Displacement Monitoring Centre (IDMC), accessed 2025-11-03"))
    svg = chart_svg(exported)
    assert "accessed 2025-11-03" in svg and "Non-commercial use only (CC BY-NC 4.0)" in svg and "movements, not people" in svg


def test_the_offline_map_names_idmc_with_its_terms(events):
    from mapping import displacement as dmap
    from mapping import features, standalone
    from mapping.tables import map_sources

    countries = loaders.read_layer("countries")
    in_2024 = events[events["year"] == 2024]
    credit = "Internal Displacement Monitoring Centre (IDMC), Global Internal Displacement Database – Disasters, internal-displacement.org, CC BY-NC 4.0, accessed 2025-11-03"
    choropleth = dmap.choropleth_features(features.basemap_features(countries, "en"), analysis.by_country_and_year(in_2024), credit, "Country level")
    usa = next(f for f in choropleth["features"] if f["properties"]["iso3"] == "USA")
    assert usa["properties"]["band"] == "c6" and usa["properties"]["by_year"].startswith("2024: ")
    m = dmap.build_displacement_map(dmap.DisplacementLayers(basemap=features.basemap_features(countries, "en"), zones={"type": "FeatureCollection", "features": []}, choropleth=choropleth))
    sources = map_sources(m)
    assert credit in sources
    page = standalone.inline(standalone.render_map(m), title="Disaster displacement", data_date="2025-11-03", sources=sources + ["Non-commercial use only."], language="en")
    assert "CC BY-NC 4.0, accessed 2025-11-03" in page and "Non-commercial use only." in page
