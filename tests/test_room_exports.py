"""Exports for the room: the map as one offline HTML file, charts as PNG, the map as a table."""

from __future__ import annotations

import re

import altair as alt
import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from charts.common import finish, with_data_date
from charts.png import PNG_SIGNATURE, chart_png, chart_svg, png_size, png_spec
from mapping import assets, standalone, tables
from mapping.elements import GeoJsonOverlay, Legend, OfflineMap, PackedPoints
from mapping.overview import incident_spec, stable_ids
from mapping.packing import pack_incidents
from tests.apptest import open_app

TITLE = "Shelters <near> the Darién & more"
DATE = "2026-11-23"
SOURCES = ["Natural Earth", "SNM Panama", "Natural Earth", "IOM <DTM>"]


def basemap() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[[-80, 7], [-77, 7], [-77, 9.5], [-80, 9.5], [-80, 7]]]},
                "properties": {"iso3": "PAN", "name": "Panama"},
            }
        ],
    }


def shelters() -> dict:
    def point(lon, lat, title, kind, demo=False):
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"title": title, "type": kind, "place": "Metetí", "source": "SNM Panama", "precision": "Town level", "is_demo": demo},
        }

    return {"type": "FeatureCollection", "features": [point(-77.98, 8.5, "ERM Lajas Blancas", "Reception station"), point(-82.83, 8.53, "Albergue <b>", "Shelter", True)]}


SHELTER_SPEC = {
    "style": {"base": {"radius": 6, "color": "#332288"}},
    "tooltip": "title",
    "cluster": {"className": "shelters", "radius": 40},
    "popup": {"title": "title", "rows": [["Type", "type"], ["Place", "place"], ["Source", "source"], ["Location precision", "precision"]]},
}


def incidents() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "dead": [3, 0],
            "missing": [1, 2],
            "date": ["2023-05-04", "2024-01-31"],
            "precision": ["approximate", "town"],
            "source_quality": [2, 5],
            "is_demo": [True, True],
            "cause": ["Drowning", "Violence"],
            "route": ["Darién", "Darién"],
            "country_iso3": ["PAN", "COL"],
            "source_id": ["mmp", "mmp"],
        },
        geometry=[shapely.Point(-77.5, 8.25), shapely.Point(-77.1, 8.6)],
        crs="EPSG:4326",
    )


def small_map(with_points: bool = True) -> OfflineMap:
    m = OfflineMap(location=[8.3, -78], zoom_start=6, height=400, width="100%")
    GeoJsonOverlay(basemap(), {"style": {"base": {"color": "#8a8a8a"}}, "tooltip": "name", "pane": "tilePane"}, name="Countries", control=False).add_to(m)
    GeoJsonOverlay(shelters(), SHELTER_SPEC, name="Shelters and services").add_to(m)
    if with_points:
        data, lookups = pack_incidents(incidents(), {"source": {"mmp": "Missing Migrants Project"}, "country": {"PAN": "Panama", "COL": "Colombia"}})
        PackedPoints(data, incident_spec(lookups), name="Dead and missing migrants").add_to(m)
    Legend({"title": "Legend", "sections": [], "note": None, "open": True}).add_to(m)
    folium.LayerControl().add_to(m)
    m.fit_bounds([[7, -83], [9.5, -77]])
    stable_ids(m)
    return m


# ------------------------------------------------------------------ the map as one HTML file


def test_standalone_map_inlines_every_asset_and_links_nothing():
    page = standalone.standalone_html(small_map(), title=TITLE, data_date=DATE, sources=SOURCES)
    assert re.findall(r"<script[^>]*\ssrc\s*=", page) == []
    assert re.findall(r"<link[^>]*stylesheet", page) == []
    assert re.findall(r"""<(?:script|link)[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", page) == []
    assert assets.remote_assets(page) == []
    assert standalone.PLACEHOLDER not in page and "app/static" not in page
    # each of our files is in the page: Leaflet, markercluster, Corredor's code and styles
    for key in (assets.LEAFLET_JS, assets.CLUSTER_JS, assets.CORREDOR_JS):
        assert standalone._inline_script(key) in page, key
    for key in (assets.LEAFLET_CSS, *assets.CLUSTER_CSS, assets.CORREDOR_CSS):
        assert standalone._inline_style(key) in page, key
    assert "https:\\/\\/leafletjs.com" in page  # Leaflet's attribution link, no longer read as a remote asset
    assert ".corredor-legend" in page and ".marker-cluster" in page
    # Leaflet's stylesheet images become data: URIs (the layer-control icon)
    assert 'url("data:image/png;base64,' in page and "url(images/layers.png)" not in page


def test_a_map_page_lets_readers_zoom_and_names_its_main_landmark():
    m = small_map()
    shown = m.get_root().render()
    page = standalone.standalone_html(small_map(), title=TITLE, data_date=DATE, sources=SOURCES)
    for html in (shown, page):
        assert "width=device-width" in html
        assert "user-scalable=no" not in html and "maximum-scale" not in html
    assert 'Corredor.landmark(' in shown and '"Map"' in shown


def test_standalone_map_has_a_visible_header_with_title_date_and_sources():
    page = standalone.standalone_html(small_map(), title=TITLE, data_date=DATE, sources=SOURCES)
    header = page[page.index("<header") : page.index("</header>")]
    assert "<h1>Shelters &lt;near&gt; the Darién &amp; more</h1>" in header
    assert DATE in header
    assert "Natural Earth; SNM Panama; IOM &lt;DTM&gt;" in header  # once each, escaped
    assert "<title>Shelters &lt;near&gt; the Darién &amp; more</title>" in page
    assert '<html lang="en">' in page
    assert page.index("</header>") < page.index('class="folium-map"')


def test_a_long_source_list_is_folded_so_the_map_stays_in_view():
    many = [f"Source {i} <{i}>" for i in range(12)]
    page = standalone.standalone_html(small_map(), title=TITLE, data_date=DATE, sources=many)
    header = page[page.index("<header") : page.index("</header>")]
    assert "Source 0 &lt;0&gt;; Source 1 &lt;1&gt;; Source 2 &lt;2&gt;; Source 3 &lt;3&gt;; and 8 more</p>" in header
    assert "<summary>All 12 sources</summary>" in header
    assert header.count("<li>") == 12 and "<li>Source 11 &lt;11&gt;</li>" in header


def test_standalone_map_is_byte_identical_for_the_same_inputs_and_leaves_the_map_alone():
    m = small_map()
    before = m.get_root().render()
    first = standalone.standalone_html(m, title=TITLE, data_date=DATE, sources=SOURCES)
    assert standalone.standalone_html(m, title=TITLE, data_date=DATE, sources=SOURCES) == first
    assert standalone.standalone_html(small_map(), title=TITLE, data_date=DATE, sources=SOURCES) == first
    assert m.get_root().render() == before  # the app's own map still links app/static
    assert "../../app/static/vendor/leaflet/leaflet.js" in before
    assert standalone.standalone_html(m, title=TITLE, data_date="2026-11-24", sources=SOURCES) != first


def test_a_map_linking_a_cdn_cannot_be_exported():
    m = folium.Map(tiles=None)  # folium's own Leaflet comes from a CDN
    with pytest.raises(standalone.NotInlinable, match="https://"):
        standalone.standalone_html(m, title=TITLE, data_date=DATE, sources=SOURCES)


# ------------------------------------------------------------------ the map as a table


def test_map_table_lists_every_drawn_feature_with_its_popup_but_not_the_basemap():
    table = tables.map_table(small_map())
    assert list(table.columns) == list(tables.COLUMNS)
    assert list(table["layer"]) == ["Shelters and services", "Shelters and services", "Dead and missing migrants", "Dead and missing migrants"]
    shelter = table.iloc[0]
    assert shelter["name"] == "ERM Lajas Blancas"
    assert shelter["details"] == "Type: Reception station; Place: Metetí"
    assert (shelter["where"], shelter["source"], shelter["precision"], shelter["illustrative"]) == ("8.500, -77.980", "SNM Panama", "Town level", False)
    assert table.iloc[1]["name"] == "Albergue <b>" and table.iloc[1]["illustrative"]
    # the packed incident points, decoded: date, country, dead, missing, cause, quality
    first = table.iloc[2]
    assert first["name"] == "2023-05-04 · Panama"
    assert first["details"].startswith("Dead: 3; Missing: 1; Cause: Drowning; Route: Darién")
    assert first["details"].endswith("Source quality: 2 / 5")
    assert (first["where"], first["source"], first["precision"], first["illustrative"]) == ("8.250, -77.500", "Missing Migrants Project", "approximate", True)
    assert table.iloc[3]["name"] == "2024-01-31 · Colombia"


@pytest.mark.parametrize("start, stop", [(0, 1), (1, 3), (2, 4), (3, 10), (4, 6), (0, None)])
def test_a_slice_of_the_map_table_is_that_slice_of_the_whole_table(start, stop):
    m = small_map()
    whole = tables.map_table(m)
    assert tables.feature_count(m) == len(whole) == 4
    part = tables.map_table(m, start, stop)
    assert part.to_dict("records") == whole.iloc[start:stop].to_dict("records")


def test_the_overview_map_table_is_read_a_page_at_a_time(monkeypatch):


    monkeypatch.setattr(tables, "PAGE_ROWS", 100)
    at = open_app()
    (expander,) = [e for e in at.expander if e.label.startswith("Map as a table")]
    total = int(re.search(r"\(([\d,]+) features\)", expander.label).group(1).replace(",", ""))
    assert total > 400  # the incidents and the other layers
    page = at.number_input(key="overview_map_table_page")
    assert page.max == -(-total // 100)
    at = page.set_value(3).run()
    table = next(d.value for d in at.dataframe if "where" in d.value.columns)
    assert len(table) == 100
    assert any(f"Features 201–300 of {total:,}." == c.value for c in at.caption)


def test_map_sources_are_the_features_sources_once_each_then_the_basemap():
    assert tables.map_sources(small_map(), "Natural Earth") == ["SNM Panama", "Missing Migrants Project", "Natural Earth"]
    assert tables.map_sources(small_map(with_points=False)) == ["SNM Panama"]


# ------------------------------------------------------------------ charts: data date, text alternative, PNG


def bars() -> alt.Chart:
    frame = pd.DataFrame({"year": ["2022", "2023"], "count": [248284, 520085]})
    return alt.Chart(frame).mark_bar().encode(x=alt.X("year:O", title="Year"), y=alt.Y("count:Q", title="People"))


def test_finish_adds_a_data_date_line_only_when_asked():
    plain = finish(bars(), "Crossings per year", ["SNM", "SNM", ""]).to_dict()
    assert plain["title"]["subtitle"] == ["Source: SNM"]
    assert plain["description"] == "Crossings per year. Source: SNM."
    dated = finish(bars(), "Crossings per year", ["SNM"], data_date=DATE).to_dict()
    assert dated["title"]["subtitle"] == ["Source: SNM", f"Data date: {DATE}"]
    assert dated["description"] == f"Crossings per year. Source: SNM. Data date: {DATE}."


def test_with_data_date_copies_the_chart_and_adds_the_line_once():
    chart = finish(bars(), ["Crossings", "Illustrative"], ["SNM"])
    dated = with_data_date(chart, DATE)
    assert chart.to_dict()["title"]["subtitle"] == ["Source: SNM"]  # the page's chart is left alone
    assert dated.to_dict()["title"]["subtitle"] == ["Source: SNM", f"Data date: {DATE}"]
    assert with_data_date(dated, DATE).to_dict()["title"]["subtitle"] == ["Source: SNM", f"Data date: {DATE}"]
    assert dated.to_dict()["description"] == f"Crossings Illustrative. Source: SNM. Data date: {DATE}."
    assert with_data_date(chart, None).to_dict() == chart.to_dict()


def test_png_spec_fixes_the_width_and_paints_white():
    spec = png_spec(finish(bars(), "Crossings per year", ["SNM"]))
    assert spec["width"] == 800 and spec["background"] == "white"


def test_chart_png_is_a_sharp_png_carrying_title_source_and_date():
    chart = with_data_date(finish(bars(), "Crossings per year", ["Servicio Nacional de Migración"]), DATE)
    png = chart_png(chart)
    assert png[:8] == PNG_SIGNATURE
    width, height = png_size(png)
    assert 1400 <= width <= 2000 and 500 <= height <= 1400, (width, height)
    assert 10_000 < len(png) < 2_000_000
    assert chart_png(chart) == png  # same chart, same bytes
    svg = chart_svg(chart)  # the same drawing, as text
    for line in ("Crossings per year", "Source: Servicio Nacional de Migración", f"Data date: {DATE}", "People", "Year"):
        assert line in svg, line


def test_png_size_refuses_what_is_not_a_png():
    with pytest.raises(ValueError):
        png_size(b"GIF89a" + b"\0" * 30)


def test_export_a_snapshot_taken_before_st_folium_changes_the_map():
    from streamlit_folium import generate_leaflet_string

    m = small_map()
    kept = standalone.snapshot(m)
    generate_leaflet_string(m)  # what st_folium does to the map it shows: renames every element
    with pytest.raises(ValueError, match="snapshot"):
        standalone.standalone_html(m, title=TITLE, data_date=DATE, sources=SOURCES)
    page = standalone.standalone_html(kept, title=TITLE, data_date=DATE, sources=SOURCES)
    assert page == standalone.standalone_html(small_map(), title=TITLE, data_date=DATE, sources=SOURCES)
    assert page.count("L.map(") == 1
    assert len(tables.map_table(kept)) == 4


def test_chart_text_is_dark_enough_to_read():
    from charts.common import TEXT_COLOUR

    config = finish(bars(), "Crossings per year", ["SNM"]).to_dict()["config"]
    assert config["axis"]["labelColor"] == config["axis"]["titleColor"] == TEXT_COLOUR
    assert config["legend"]["labelColor"] == config["legend"]["titleColor"] == TEXT_COLOUR
    assert config["title"]["subtitleColor"] == TEXT_COLOUR


# ------------------------------------------------------------------ on the pages


@pytest.mark.parametrize(
    "page, query, charts",
    [
        ("overview", {}, 0),
        ("darien", {}, 4),
        ("shelters", {"countries": "PAN,COL"}, 1),
        ("deaths", {}, 2),
        ("displacement", {}, 2),
    ],
)
def test_each_topic_page_offers_its_map_and_charts_for_download_and_the_map_as_a_table(page, query, charts):


    at = open_app(page, query, check=True)
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert labels.count("Download map (HTML, works offline)") == 1
    assert labels.count("Download chart (PNG)") >= charts, labels
    assert all(b.proto.type == "tertiary" and b.proto.ignore_rerun for b in buttons)  # small, and no rerun on click
    tables_shown = [e.label for e in at.expander if e.label.startswith("Map as a table")]
    assert len(tables_shown) == 1 and int(re.search(r"\(([\d,]+) features\)", tables_shown[0]).group(1).replace(",", "")) > 0, tables_shown
