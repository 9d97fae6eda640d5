"""The router and the shared sidebar, run by Streamlit's AppTest (it cannot drive the map itself)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import loaders
from registry import layers as registry
from tests.apptest import open_app

HERE = Path(__file__).resolve().parent
APP = HERE.parent / "app.py"
SIDEBAR_APP = HERE / "apps" / "sidebar_app.py"
RCM = ["BLZ", "CAN", "CRI", "DOM", "GTM", "HND", "MEX", "NIC", "PAN", "SLV", "USA"]
SACM = ["ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PER", "PRY", "SUR", "URY", "VEN"]


def start(script: Path = APP, query: dict | None = None) -> AppTest:
    return open_app(None, query, script=script)


def number(at: AppTest, words: str) -> int:
    return int(next(m.value for m in at.metric if words in m.label).replace(",", ""))


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.sidebar.button if b.label == label).click().run()


# The router: the Overview opens by default, with its figures and the sidebar.


def test_overview_opens_with_its_figures():
    at = start()
    assert not at.exception
    assert at.title[0].value == "Migration in the Americas"
    assert number(at, "Shelters") >= 40
    assert number(at, "Dead and missing") > 0
    assert not any("illustrative" in m.label.lower() for m in at.metric)
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Source: IOM's Missing Migrants Project (missingmigrants.iom.int), CC BY 4.0" in captions
    assert "Published by IOM: 2020 798 (records 836)" in captions and "MMP revises past years" in captions
    assert [t.label for t in at.sidebar.toggle] == list(registry.titles().values())  # one toggle per map layer, in the registry's order
    assert [t.value for t in at.sidebar.toggle] == [layer.default for layer in registry.MAP_LAYERS]


def test_a_link_reopens_the_same_view():
    at = start(query={"countries": "PAN,COL", "years": "2021-2024", "layers": "routes,incidents"})
    assert at.sidebar.multiselect[0].value == ["PAN", "COL"]
    assert at.sidebar.slider[0].value == (2021, 2024)
    toggles = {t.label: t.value for t in at.sidebar.toggle}
    assert toggles == {
        "Migration routes": True,
        "Shelters and services": False,
        "Dead and missing migrants": True,
        "Disaster displacement zones": False,
        "Border crossings and reception stations": False,
    }


def test_country_filter_changes_the_figures():
    everywhere = number(start(), "Shelters")
    panama = number(start(query={"countries": "PAN"}), "Shelters")
    assert 0 < panama < everywhere


def test_year_range_filters_incidents():
    all_years = number(start(), "Dead and missing")
    one_year = number(start(query={"years": "2016-2016"}), "Dead and missing")
    assert 0 < one_year < all_years


def test_a_country_with_nothing_in_it_shows_zeros_not_an_error():
    at = start(query={"countries": "GRL"})
    assert not at.exception
    assert number(at, "Shelters") == 0
    assert number(at, "Dead and missing") == 0


# The sidebar: presets, and every change written to the link.


def test_rcm_preset_selects_the_eleven_members_and_writes_the_link():
    at = click(start(SIDEBAR_APP), "RCM")
    assert sorted(at.sidebar.multiselect[0].value) == RCM
    assert sorted(at.query_params["countries"].split(",")) == RCM


def test_sacm_preset_then_all_clears_the_selection():
    at = click(start(SIDEBAR_APP), "SACM")
    assert sorted(at.session_state["filters"].countries) == SACM
    at = click(at, "All")
    assert at.session_state["filters"].countries == ()
    assert "countries" not in at.query_params


def test_turning_a_layer_off_goes_into_the_link():
    at = start(SIDEBAR_APP)
    at = next(t for t in at.sidebar.toggle if t.label == "Dead and missing migrants").set_value(False).run()
    assert at.session_state["filters"].layers == ("routes", "shelters", "zones")
    assert at.query_params["layers"] == "routes,shelters,zones"


def test_years_go_into_the_link():
    at = start(SIDEBAR_APP)
    at = at.sidebar.slider[0].set_range(2018, 2022).run()
    assert at.session_state["filters"].years == (2018, 2022)
    assert at.query_params["years"] == "2018-2022"


def test_the_sidebar_leaves_page_keys_in_the_link_alone():
    at = start(SIDEBAR_APP, query={"hazards": "Storm", "countries": "HND"})
    at = click(at, "All")
    assert "countries" not in at.query_params
    assert at.query_params["hazards"] == "Storm"


# Languages: the link chooses, the menu switches, the filters stay.


def test_a_link_in_spanish_opens_in_spanish_with_its_filters():
    at = start(query={"lang": "es", "countries": "PAN"})
    assert not at.exception
    assert at.title[0].value != "Migration in the Americas"
    assert next(s for s in at.sidebar.selectbox if s.key == "language_menu").value == "es"
    assert at.sidebar.multiselect[0].value == ["PAN"]
    assert any("Panamá" in str(o) for o in at.sidebar.multiselect[0].options)


def test_switching_language_keeps_every_filter():
    at = start(SIDEBAR_APP, query={"countries": "PAN,COL", "years": "2019-2024"})
    at = next(s for s in at.sidebar.selectbox if s.key == "language_menu").select("fr").run()
    assert at.query_params["lang"] == "fr"
    assert at.query_params["countries"] == "PAN,COL"
    assert at.query_params["years"] == "2019-2024"


def test_the_displacement_figure_sums_idmcs_rows_and_names_its_source():
    at = start(query={"countries": "HTI"})
    events = loaders.read_layer("disaster_events", countries=["HTI"], years=(2010, 2026))
    assert number(at, "Disaster displacements (IDMC)") == int(events["displacements"].sum()) > 1_500_000
    assert any("Displacement figures of the drawn zones:" in c.value and "Haiti" in c.value for c in at.caption)
    shown = [c.value.replace("\\", "") for c in at.caption]  # data in Markdown is escaped: read it as shown
    assert any("Internal Displacement Monitoring Centre (IDMC)" in c and "non-commercial" in c for c in shown)


def test_a_selection_without_idmc_rows_says_so_rather_than_zero():
    at = start(query={"countries": "HND", "years": "2025-2026"})
    assert not at.exception
    figure = next(m for m in at.metric if m.label.startswith("Disaster displacements"))
    assert figure.value == "no sourced figure"
