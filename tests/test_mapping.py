"""Map builders: offline assets, escaped data, reproducible output, compact points."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
import shapely

import loaders
from mapping import assets, features
from mapping.elements import to_js
from mapping.overview import OverviewLayers, build_overview_map
from registry import layers as registry
from mapping.packing import RECORD, pack_incidents

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def bundle(bundled_gpkg):
    return {name: loaders.read_layer(name, path=bundled_gpkg) for name in loaders.LAYERS}


def overview_layers(bundle, **overrides) -> OverviewLayers:
    sources = bundle["sources"].set_index("source_id")
    names = dict(zip(bundle["countries"]["iso3"], bundle["countries"]["name_en"]))
    overlays = dict(
        routes=features.route_features(bundle["routes"], sources),
        shelters=features.shelter_features(features.generalise_sensitive(bundle["shelters"], bundle["places"]), sources, names),
        zones=features.zone_features(bundle["displacement_zones"], sources, names),
        incidents=bundle["incidents"],
    )
    layers = dict(
        basemap=features.basemap_features(bundle["countries"], "en"),
        incident_display={"source": sources["name"].to_dict(), "country": names},
        has_demo_incidents=True,
    )
    for key, value in overrides.items():
        (overlays if key in registry.BY_KEY else layers)[key] = value
    return OverviewLayers(**layers, overlays={k: v for k, v in overlays.items() if v is not None})


def render(m) -> str:
    return m.get_root().render()


def test_map_loads_nothing_from_outside(bundle):
    html = render(build_overview_map(overview_layers(bundle)))
    assert assets.remote_assets(html) == []
    assert "app/static/vendor/leaflet/leaflet.js" in html
    assert "app/static/vendor/markercluster/leaflet.markercluster.js" in html


def test_a_plugin_with_cdn_assets_is_refused_before_rendering(bundle):
    import folium.plugins

    m = build_overview_map(overview_layers(bundle))
    folium.plugins.MarkerCluster().add_to(m)
    with pytest.raises(assets.RemoteAssetError, match="cdnjs"):
        assets.assert_map_offline(m)


def test_assert_offline_fails_loudly_on_a_cdn_link():
    with pytest.raises(assets.RemoteAssetError, match="cdn.jsdelivr.net"):
        assets.assert_offline('<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>')


def test_every_overlay_is_in_the_map(bundle):
    html = render(build_overview_map(overview_layers(bundle)))
    for call in ("Corredor.basemap", "Corredor.geojson", "Corredor.packedPoints", "Corredor.legend", "L.control.layers"):
        assert call in html
    assert html.count("Corredor.geojson(") == 3  # zones, routes, shelters (the countries come with the basemap)


def test_a_layer_left_out_is_not_drawn(bundle):
    html = render(build_overview_map(overview_layers(bundle, incidents=None, zones=None)))
    assert "Corredor.packedPoints(" not in html
    assert html.count("Corredor.geojson(") == 2


def test_same_inputs_give_byte_identical_output(bundle):
    first = render(build_overview_map(overview_layers(bundle)))
    second = render(build_overview_map(overview_layers(bundle)))
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first), "random uuid-style ids leaked into the map"


def test_script_in_data_never_becomes_markup(bundle):
    shelters = bundle["shelters"].head(3).copy()
    shelters["name"] = SCRIPT
    shelters["operator"] = '"><img src=x onerror=alert(1)>'
    sources = bundle["sources"].set_index("source_id")
    layers = overview_layers(bundle, shelters=features.shelter_features(shelters, sources, {}))
    html = render(build_overview_map(layers))
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert "\\u003cscript\\u003ealert('x')\\u003c/script\\u003e" in html


def test_to_js_cannot_close_a_script_block_or_open_a_template_tag():
    value = {"name": "</script><script>alert(1)</script>", "amp": "a & b", "tpl": "{{ 7*7 }} {% x %} {# c #}", "nested": [{"a": {}}]}
    text = to_js(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "{{" not in text and "{%" not in text and "{#" not in text
    assert json.loads(text) == value


def test_template_syntax_in_data_is_shown_not_evaluated(bundle):
    shelters = bundle["shelters"].head(1).copy()
    shelters["name"] = "{{ 7*7 }}"
    sources = bundle["sources"].set_index("source_id")
    html = render(build_overview_map(overview_layers(bundle, shelters=features.shelter_features(shelters, sources, {}))))
    assert '"title":"\\u007b{ 7*7 }}"' in html  # Jinja never sees a tag opener


def test_sensitive_shelters_are_shown_at_town_level(bundle):
    shelters = bundle["shelters"].head(2).copy()
    shelters["sensitive"] = [True, False]
    shelters["precision"] = ["street", "street"]
    exact = shapely.Point(-92.26789, 14.90123)
    shelters = shelters.set_geometry([exact, exact])
    shelters["municipality"] = ["Nowhere-in-places", "Nowhere-in-places"]
    out = features.generalise_sensitive(shelters, bundle["places"])
    assert out.geometry.iloc[0].equals(shapely.Point(-92.25, 14.9))
    assert out["precision"].tolist() == ["town", "street"]
    assert out.geometry.iloc[1].equals(exact)


def test_sensitive_shelter_snaps_to_its_town_in_places(bundle):
    place = bundle["places"].iloc[0]
    shelters = bundle["shelters"].head(1).copy()
    shelters["sensitive"], shelters["precision"] = [True], ["exact"]
    shelters["municipality"], shelters["country_iso3"] = [place["name"]], [place["country_iso3"]]
    out = features.generalise_sensitive(shelters, bundle["places"])
    assert out.geometry.iloc[0].equals(place.geometry)


def test_popups_carry_source_date_and_precision(bundle):
    sources = bundle["sources"].set_index("source_id")
    routes = features.route_features(bundle["routes"], sources)
    props = routes["features"][0]["properties"]
    assert props["source"] in set(sources["name"])
    assert props["years"] and props["precision"]


def test_packed_incidents_decode_to_the_same_values(bundle):
    incidents = bundle["incidents"].head(50)
    data, lookups = pack_incidents(incidents, {"source": {"mmp-20250429-2fba916c": "MMP"}})
    records = np.frombuffer(base64.b64decode(data), dtype=RECORD)
    assert len(records) == 50
    np.testing.assert_allclose(records["lat"] / 1e5, incidents.geometry.y, atol=1e-5)
    np.testing.assert_allclose(records["lon"] / 1e5, incidents.geometry.x, atol=1e-5)
    assert (records["dead"] == incidents["dead"].to_numpy()).all()
    assert [lookups["cause"][i] for i in records["cause"]] == incidents["cause"].tolist()
    assert lookups["source"] == ["MMP"]
    assert not ((records["flags"] >> 6) & 1).any()  # IOM's records: none is flagged as generated
    assert ((records["flags"] & 7) == incidents["source_quality"].to_numpy()).all()


def test_packing_costs_under_30_bytes_a_point(bundle):
    incidents = bundle["incidents"]
    data, _ = pack_incidents(incidents)
    assert len(data) / len(incidents) <= 30


def test_packing_an_empty_selection(bundle):
    data, lookups = pack_incidents(bundle["incidents"].head(0))
    assert data == "" and lookups["cause"] == []


def test_basemap_names_countries_in_the_chosen_language(bundle):
    fc = features.basemap_features(bundle["countries"], "es")
    names = {f["properties"]["iso3"]: f["properties"]["name"] for f in fc["features"]}
    assert names["MEX"] == "México"


def test_install_static_copies_every_asset(tmp_path):
    copied = assets.install_static(tmp_path)
    assert set(copied) == set(assets.FILES) | {"basemap"}
    assert (tmp_path / "vendor/leaflet/leaflet.js").stat().st_size > 100_000
    assert assets.install_static(tmp_path) == []  # already identical: nothing copied
