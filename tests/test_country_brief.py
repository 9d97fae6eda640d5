"""Country briefs: figures from the bundled layers (every record counted once, 'no sourced figure' never 0), and the one-page PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest

import loaders
from analysis import country
from exports import brief as brief_export
from i18n import set_language
from mapping import features

NAMES = ("countries", "routes", "places", "shelters", "incidents", "displacement_zones", "darien_crossings")


@pytest.fixture(scope="module")
def layers():
    out = {n: loaders.read_layer(n) for n in NAMES}
    out["shelters"] = features.generalise_sensitive(out["shelters"], out["places"])
    return out


@pytest.fixture(scope="module")
def sources():
    return loaders.read_layer("sources").set_index("source_id")


def test_every_incident_record_counts_once_split_and_cumulative_included(layers, sources):
    incidents = layers["incidents"].copy()
    gtm = incidents[incidents["country_iso3"] == "GTM"].index
    incidents.loc[gtm[0], "incident_type"] = "Split Incident"
    incidents.loc[gtm[1], "incident_type"] = "Cumulative Incident"
    incidents["year"] = incidents["year"].astype("Int64")
    incidents.loc[gtm[2], "year"] = pd.NA  # MMP has records without a year: they count in the total
    brief = country.build("GTM", {**layers, "incidents": incidents}, sources, "en")
    rows = incidents.loc[gtm]
    assert brief.deaths.value == {"dead": int(rows["dead"].sum()), "missing": int(rows["missing"].sum()), "records": len(rows)}
    by_year = brief.deaths_by_year.value
    assert int(by_year["records"].sum()) == len(rows) - 1
    assert int(by_year["dead_and_missing"].sum()) == int(rows["dead"].sum() + rows["missing"].sum()) - int(rows.loc[gtm[2], "dead"] + rows.loc[gtm[2], "missing"])
    assert 0 not in set(by_year["year"])
    assert not brief.deaths.illustrative  # IOM's records: none flagged
    assert "Illustrative" not in country.sourced_line(brief.deaths)
    generated = country.build("GTM", {**layers, "incidents": incidents.assign(is_demo=True)}, sources, "en")
    assert generated.deaths.illustrative and "Illustrative" in country.sourced_line(generated.deaths)  # generated rows are said to be


def test_no_sourced_figure_is_none_not_zero(layers, sources):
    brief = country.build("SUR", layers, sources, "en")  # Suriname: no incident record and no shelter in the bundled data
    assert brief.deaths.value is None and brief.deaths.missing
    assert brief.shelters.value is None
    assert brief.darien_nationals.value is None and brief.darien_nationals.note
    assert brief.nationals_elsewhere.value is None and brief.nationals_elsewhere.note  # no record names Suriname as origin


def test_darien_nationals_and_membership(layers, sources):
    venezuela = country.build("VEN", layers, sources, "en")
    crossings = layers["darien_crossings"]
    expected = crossings[(crossings["nationality"] == "Venezuela") & crossings["month"].isna()]
    assert venezuela.darien_nationals.value["count"].sum() == expected["count"].sum()
    assert venezuela.sacm and not venezuela.rcm
    assert "South American Conference on Migration" in country.membership_text(venezuela)
    mexico = country.build("MEX", layers, sources, "en")
    assert mexico.rcm and "Mexico lies on" in mexico.corridor


def test_nationals_elsewhere_read_from_an_origin_column_when_present(layers, sources):
    incidents = layers["incidents"].copy()
    incidents["country_origin"] = None
    usa = incidents[incidents["country_iso3"] == "USA"].index[:3]
    incidents.loc[usa, "country_origin"] = "Guatemala;Honduras"
    brief = country.build("GTM", {**layers, "incidents": incidents}, sources, "en")
    assert brief.nationals_elsewhere.value["records"] == 3
    assert brief.nationals_elsewhere.value["dead_and_missing"] == int((incidents.loc[usa, "dead"] + incidents.loc[usa, "missing"]).sum())
    honduras = country.build("HND", {**layers, "incidents": incidents}, sources, "en")
    assert honduras.nationals_elsewhere.value["records"] == 3  # a record naming several origins counts once for each
    assert "several countries of origin" in brief.nationals_elsewhere.note


def test_nationals_elsewhere_from_the_bundled_records(layers, sources):
    incidents = layers["incidents"]
    named = incidents["country_origin"].fillna("").str.split(";").map(lambda names: "Venezuela (Bolivarian Republic of)" in names)
    abroad = incidents[named & (incidents["country_iso3"] != "VEN")]
    brief = country.build("VEN", layers, sources, "en")  # MMP writes "Venezuela (Bolivarian Republic of)"
    value = brief.nationals_elsewhere.value
    assert value["records"] == len(abroad) > 100
    assert value["dead_and_missing"] == int((abroad["dead"] + abroad["missing"]).sum())
    assert brief.nationals_elsewhere.as_of == str(abroad["date"].max())[:10]
    assert brief.nationals_elsewhere.sources and "Missing Migrants Project" in brief.nationals_elsewhere.sources[0]
    unstated = incidents["country_origin"].fillna("Unknown").str.split(";").map(lambda names: set(names) <= {"Unknown", "Mixed", "Mixed/Unknown"})
    assert f"({int(unstated.sum()):,} of {len(incidents):,})" in brief.nationals_elsewhere.note


def test_displacement_reads_an_events_table_when_the_data_has_one(layers, sources):
    zones_only = country.displacement_events("HTI", layers["displacement_zones"])
    assert len(zones_only) == 3 and zones_only["displacement"].notna().sum() == 1
    events = pd.DataFrame(
        {"iso3": ["HTI", "HTI", "CUB"], "year": [2024, 2021, 2024], "event_name": ["Flood A", "Earthquake B", "Storm C"],
         "hazard_type": ["Flood", "Earthquake", "Storm"], "displacement": [1200, 300000, 5], "source_id": ["fg-idmc"] * 3}
    )
    from_table = country.displacement_events("HTI", layers["displacement_zones"], events)
    assert list(from_table["event"]) == ["Flood A", "Earthquake B"]
    by_year, largest = country.displacement(from_table, False, sources)
    assert largest.value.iloc[0]["event"] == "Earthquake B"
    assert dict(zip(by_year.value["year"], by_year.value["displacement"])) == {2021: 300000, 2024: 1200}


def test_map_is_framed_on_the_countrys_data_not_its_territory(layers, sources):
    usa = country.build("USA", layers, sources, "en")
    minx, miny, maxx, maxy = usa.bounds
    assert maxy < 56 and minx > -130  # the records from border to border, not Alaska (71° N, 168° W)
    guatemala = country.build("GTM", layers, sources, "en")
    gx0, gy0, gx1, gy1 = guatemala.bounds
    assert -93.5 < gx0 < gx1 < -87 and 12.5 < gy0 < gy1 < 18.5


@pytest.mark.parametrize(("language", "page", "title"), [("en", "A4", "Country brief: Panama"), ("es", "Letter", "Informe de país: Panamá")])
def test_pdf_is_one_page_in_the_readers_language_with_sources_and_date(layers, sources, tmp_path, language, page, title):
    set_language(language)
    try:
        brief = country.build("PAN", layers, sources, language)
        pdf = brief_export.pdf(brief, layers, page=page, data_date="2026-01-02")
        png = brief_export.png(pdf)
    finally:
        set_language("en")
    assert pdf.startswith(b"%PDF")
    assert png.startswith(b"\x89PNG")
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert ("A4" in info) == (page == "A4") and ("letter" in info) == (page == "Letter")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert title in text
    assert "2026-01-02" in text  # the data date in the footer
    assert "Natural Earth" in text and "mmp-global-2014-2025-04-29.xlsx" in text  # sources in the footer
    words = {"en": "do not imply official endorsement", "es": "no implican"}[language]
    assert words in " ".join(text.split()), text  # the map disclaimer for boundaries and names, translated
