"""Each page's own controls travel in the link: opening the link restores them,
and changing them rewrites it (AppTest through app.py, as a visitor would arrive)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from tests.apptest import open_app

APP = Path(__file__).resolve().parents[1] / "app.py"


def open_page(page: str, query: dict[str, str | list[str]] | None = None) -> AppTest:
    return open_app(page, query, check=True)


def link(at: AppTest, key: str) -> list[str]:
    """Every value of `key` in the app's link (AppTest gives a repeated key as a list)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def no_widget_warnings(at: AppTest) -> bool:
    return not any("Session State API" in w.value for w in at.warning)


def test_the_deaths_page_reopens_its_map_view_routes_and_causes():
    at = open_page("deaths", {"map": "heat", "route": "Darien", "cause": ["Drowning", "Violence"]})
    assert at.radio(key="deaths_view").value == "heat"
    assert at.multiselect(key="deaths_routes").value == ["Darien"]
    assert at.multiselect(key="deaths_causes").value == ["Drowning", "Violence"]
    assert no_widget_warnings(at)


def test_a_cause_with_a_comma_survives_the_link():
    cause = "Harsh environmental conditions / lack of adequate shelter, food, water"
    at = open_page("deaths", {"cause": cause})
    assert at.multiselect(key="deaths_causes").value == [cause]


def test_changing_a_control_writes_the_link_and_the_default_leaves_it():
    at = open_page("deaths")
    assert "map" not in at.query_params and "cause" not in at.query_params
    at = at.radio(key="deaths_view").set_value("hexagons").run()
    at = at.multiselect(key="deaths_causes").select("Drowning").select("Violence").run()
    assert at.query_params["map"] == "hexagons"
    assert sorted(link(at, "cause")) == ["Drowning", "Violence"]
    at = at.radio(key="deaths_view").set_value("points").run()
    assert "map" not in at.query_params


def test_values_the_page_does_not_offer_are_dropped():
    at = open_page("deaths", {"map": "satellite", "cause": ["Drowning", "<script>"], "route": "Nowhere"})
    assert at.radio(key="deaths_view").value == "points"
    assert at.multiselect(key="deaths_causes").value == ["Drowning"]
    assert at.multiselect(key="deaths_routes").value == []
    assert link(at, "cause") == ["Drowning"]
    assert "map" not in at.query_params and "route" not in at.query_params


def test_the_shelters_page_reopens_its_search_filters_detail_and_distance():
    at = open_page(
        "shelters",
        {"countries": "PAN,GTM", "q": "casa", "type": "shelter", "hide_closed": "1", "shelter": "gtm_casa_migrante_tecun_uman", "km": "50"},
    )
    assert at.text_input(key="shelters_search").value == "casa"
    assert at.multiselect(key="shelters_types").value == ["shelter"]
    assert at.toggle(key="shelters_hide_closed").value is True
    assert at.selectbox(key="shelters_detail").value == "gtm_casa_migrante_tecun_uman"
    assert at.slider(key="shelters_km").value == 50
    assert no_widget_warnings(at)


def test_a_distance_off_the_sliders_steps_falls_back_to_the_default():
    at = open_page("shelters", {"km": "37"})
    assert at.slider(key="shelters_km").value == 25
    assert "km" not in at.query_params


def test_the_displacement_page_reopens_its_hazard_types_and_an_empty_choice():
    at = open_page("displacement", {"hazard": ["Storm", "Flood"]})
    assert sorted(at.multiselect(key="displacement_hazards").value) == ["Flood", "Storm"]
    at = open_page("displacement", {"hazard": ""})
    assert at.multiselect(key="displacement_hazards").value == []
    assert any("Choose at least one hazard type" in i.value for i in at.info)
    assert no_widget_warnings(at)


def test_choosing_every_hazard_type_again_clears_the_link():
    at = open_page("displacement", {"hazard": "Storm"})
    for hazard in ("Earthquake", "Drought", "Flood"):
        at = at.multiselect(key="displacement_hazards").select(hazard).run()
    assert "hazard" not in at.query_params


@pytest.mark.parametrize("key, name, value", [("darien_km", "km", 60), ("darien_nat_year", "nationality_year", 2023)])
def test_the_darien_page_reopens_its_distance_and_years(key, name, value):
    at = open_page("darien", {name: str(value)})
    widget = at.slider(key=key) if key == "darien_km" else at.selectbox(key=key)
    assert widget.value == value
    assert no_widget_warnings(at)
