"""Controlled vocabularies of the data, shown in the reader's language: the one home of every code-to-label table.

The data keeps the codes of its schema and the English values of its sources
(the Missing Migrants Project's causes and routes, IDMC's hazard hierarchy);
`tables()` gives the text to show for each. Values a table does not know
(from a newer export) are shown as they are.
"""

from __future__ import annotations

import functools

from babel import Locale

from i18n import _, current_language


def _all_tables() -> dict[str, dict[str, str]]:
    return {
        "mode": {"foot": _("On foot"), "boat": _("Boat"), "bus": _("Bus"), "train": _("Train"), "mixed": _("Mixed")},
        "precision": {
            "exact": _("Exact"),
            "street": _("Street level"),
            "town": _("Town level"),
            "approximate": _("Approximate"),
            "schematic": _("Schematic (not traced)"),
            "country": _("Country level"),
        },
        "direction": {"northbound": _("Northbound"), "southbound": _("Southbound")},  # a route segment's direction of travel
        "crossing_direction": {"northbound": _("Northbound"), "southbound": _("Southbound (reverse flow)")},  # the Darién crossings, as charted
        "place_kind": {
            "town": _("Town"),
            "port": _("Port"),
            "airport": _("Airport"),
            "border_crossing": _("Border crossing"),
            "reception_station": _("Migrant reception station"),
        },
        "measure": {"dead_and_missing": _("Dead and missing"), "deaths": _("Deaths")},  # what a published total counts
        "incident_type": {"Incident": _("Incident"), "Split Incident": _("Split incident"), "Cumulative Incident": _("Cumulative incident")},
        "cause": {
            "Drowning": _("Drowning"),
            "Harsh environmental conditions / lack of adequate shelter, food, water": _("Harsh conditions, lack of shelter, food or water"),
            "Vehicle accident / death linked to hazardous transport": _("Vehicle accident, hazardous transport"),
            "Violence": _("Violence"),
            "Sickness / lack of access to adequate healthcare": _("Sickness, lack of health care"),
            "Accidental death": _("Accidental death"),
            "Mixed or unknown": _("Mixed or unknown"),
        },
        "route": {
            "Darien": _("Darién"),
            "US-Mexico border crossing": _("US–Mexico border crossing"),
            "Caribbean to US": _("Caribbean to US"),
            "Venezuela to Caribbean": _("Venezuela to Caribbean"),
            "Caribbean to Central America": _("Caribbean to Central America"),
            "Dominican Republic to Puerto Rico": _("Dominican Republic to Puerto Rico"),
            "Haiti to Dominican Republic": _("Haiti to Dominican Republic"),
        },
        "hazard_type": {
            "Earthquake": _("Earthquake"),
            "Volcanic activity": _("Volcanic activity"),
            "Mass movement": _("Mass movement"),
            "Storm": _("Storm"),
            "Flood": _("Flood"),
            "Drought": _("Drought"),
            "Wildfire": _("Wildfire"),
            "Extreme temperature": _("Extreme temperature"),
            "Wet mass movement": _("Wet mass movement"),
            # as IDMC's database writes them
            "Mass Movement": _("Mass movement"),
            "Extreme Temperature": _("Extreme temperature"),
            "Erosion": _("Erosion"),
            "Mixed disasters": _("Mixed disasters"),
            "Sea level Rise": _("Sea level rise"),
            "Wave action": _("Wave action"),
        },
        "hazard_category": {"Geophysical": _("Geophysical"), "Weather related": _("Weather related"), "Mixed disasters": _("Mixed disasters")},
        "hazard_subtype": {
            "Earthquake": _("Earthquake"),
            "Tropical cyclone": _("Tropical cyclone"),
            "Riverine flood": _("Riverine flood"),
            "Flash flood": _("Flash flood"),
            "Drought": _("Drought"),
        },
        # shelters: the schema's codes (loaders/schema.py)
        "shelter_type": {
            "shelter": _("Shelter"),
            "reception_station": _("Reception station"),
            "return_reception": _("Return reception centre"),
            "soup_kitchen": _("Soup kitchen"),
            "health": _("Health point"),
            "legal_aid": _("Legal aid"),
        },
        "service": {
            "lodging": _("lodging"),
            "food": _("food"),
            "health": _("health care"),
            "psychosocial": _("psychosocial support"),
            "legal": _("legal advice"),
            "information": _("information"),
            "phone": _("phone and internet"),
            "hygiene": _("hygiene"),
            "transport": _("transport"),
            "registration": _("registration"),
        },
        "population": {
            "all": _("everyone"),
            "families": _("families"),
            "unaccompanied_children": _("unaccompanied children"),
            "women": _("women"),
            "lgbti": _("LGBTI people"),
            "men": _("men"),
        },
        # what a reader may report about a shelter (ui.feedback)
        "problem": {
            "closed": _("It has closed"),
            "moved": _("It has moved"),
            "services": _("Wrong services"),
            "contact": _("Wrong contact"),
            "other": _("Something else"),
        },
        # the columns of the table under a map (mapping.tables)
        "map_column": {
            "layer": _("Layer"),
            "name": _("Name"),
            "details": _("Details"),
            "where": _("Where (latitude, longitude)"),
            "source": _("Source"),
            "precision": _("Location precision"),
            "illustrative": _("Illustrative data"),
        },
    }


@functools.cache
def _tables_in(language: str) -> dict[str, dict[str, str]]:
    return _all_tables()


def tables() -> dict[str, dict[str, str]]:
    """Every code-to-label table in the current language (made once per language: labels are read per row)."""
    return _tables_in(current_language())


# Which table labels each column that holds codes (`allowed` in loaders/schema.py): by column name,
# or by (layer, column) where one name means different things. A test checks every allowed value
# has a label in every language.
COLUMN_TABLES: dict = {
    "precision": "precision",
    "mode": "mode",
    "direction": "direction",
    ("darien_crossings", "direction"): "crossing_direction",
    "kind": "place_kind",
    "type": "shelter_type",
    "services": "service",
    "populations": "population",
    "incident_type": "incident_type",
    "cause": "cause",
    "hazard_category": "hazard_category",
}


def labels(table: str) -> dict[str, str]:
    """One table: code -> label, in the current language (a copy, free to change)."""
    return dict(tables()[table])


def label(table: str, value: str) -> str:
    """The label of `value` in `table`; a value the table does not know is shown as it is."""
    return tables()[table].get(value, value)


mode_label = functools.partial(label, "mode")
precision_label = functools.partial(label, "precision")
direction_label = functools.partial(label, "direction")
place_kind_label = functools.partial(label, "place_kind")
measure_label = functools.partial(label, "measure")
cause_label = functools.partial(label, "cause")  # short display name of an MMP cause of death
hazard_type_label = functools.partial(label, "hazard_type")
hazard_category_label = functools.partial(label, "hazard_category")
hazard_subtype_label = functools.partial(label, "hazard_subtype")
type_labels = functools.partial(labels, "shelter_type")  # readable names of the shelter types
service_labels = functools.partial(labels, "service")
population_labels = functools.partial(labels, "population")
crossing_direction_labels = functools.partial(labels, "crossing_direction")
incident_type_labels = functools.partial(labels, "incident_type")
problem_labels = functools.partial(labels, "problem")  # what a reader may report about a shelter
map_column_labels = functools.partial(labels, "map_column")  # the columns of a map's table


def route_label(route: str) -> str:
    """Display name of an MMP route value; records without one say so."""
    return label("route", route) if route else _("No route recorded")


@functools.cache
def _english_territories() -> dict[str, str]:
    return {name: code for code, name in Locale("en").territories.items()}


def nationality_label(name: str) -> str:
    """A nationality the data records by its country's English name (e.g. Panama's figures), in the reader's language.

    Names Babel does not know are shown as they are.
    """
    code = _english_territories().get(name)
    return Locale.parse(current_language()).territories.get(code, name) if code else name
