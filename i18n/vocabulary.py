"""Controlled vocabularies of the data, shown in the reader's language.

The data keeps the English values of its sources (the Missing Migrants
Project's causes and routes, IDMC's hazard hierarchy); these functions give
the text to show. Values they do not know (from a newer export) are shown as
they are.
"""

from __future__ import annotations

import functools

from babel import Locale

from i18n import _, current_language


def cause_label(cause: str) -> str:
    """Short display name of an MMP cause of death."""
    return {
        "Drowning": _("Drowning"),
        "Harsh environmental conditions / lack of adequate shelter, food, water": _("Harsh conditions, lack of shelter, food or water"),
        "Vehicle accident / death linked to hazardous transport": _("Vehicle accident, hazardous transport"),
        "Violence": _("Violence"),
        "Sickness / lack of access to adequate healthcare": _("Sickness, lack of health care"),
        "Accidental death": _("Accidental death"),
        "Mixed or unknown": _("Mixed or unknown"),
    }.get(cause, cause)

def route_label(route: str) -> str:
    """Display name of an MMP route value; records without one say so."""
    if not route:
        return _("No route recorded")
    return {
        "Darien": _("Darién"),
        "US-Mexico border crossing": _("US–Mexico border crossing"),
        "Caribbean to US": _("Caribbean to US"),
        "Venezuela to Caribbean": _("Venezuela to Caribbean"),
        "Caribbean to Central America": _("Caribbean to Central America"),
        "Dominican Republic to Puerto Rico": _("Dominican Republic to Puerto Rico"),
        "Haiti to Dominican Republic": _("Haiti to Dominican Republic"),
    }.get(route, route)

def hazard_type_label(hazard_type: str) -> str:
    return {
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
    }.get(hazard_type, hazard_type)

def hazard_category_label(category: str) -> str:
    return {"Geophysical": _("Geophysical"), "Weather related": _("Weather related"), "Mixed disasters": _("Mixed disasters")}.get(category, category)

def hazard_subtype_label(subtype: str) -> str:
    return {
        "Earthquake": _("Earthquake"),
        "Tropical cyclone": _("Tropical cyclone"),
        "Riverine flood": _("Riverine flood"),
        "Flash flood": _("Flash flood"),
        "Drought": _("Drought"),
    }.get(subtype, subtype)


def place_kind_label(kind: str) -> str:
    return {
        "town": _("Town"),
        "port": _("Port"),
        "airport": _("Airport"),
        "border_crossing": _("Border crossing"),
        "reception_station": _("Migrant reception station"),
    }.get(kind, kind)


# Shelters: the schema's codes (loaders/schema.py) as readers see them.


def type_labels() -> dict[str, str]:
    """Readable names of the shelter types."""
    return {
        "shelter": _("Shelter"),
        "reception_station": _("Reception station"),
        "return_reception": _("Return reception centre"),
        "soup_kitchen": _("Soup kitchen"),
        "health": _("Health point"),
        "legal_aid": _("Legal aid"),
    }


def service_labels() -> dict[str, str]:
    return {
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
    }


def population_labels() -> dict[str, str]:
    return {
        "all": _("everyone"),
        "families": _("families"),
        "unaccompanied_children": _("unaccompanied children"),
        "women": _("women"),
        "lgbti": _("LGBTI people"),
        "men": _("men"),
    }


@functools.cache
def _english_territories() -> dict[str, str]:
    return {name: code for code, name in Locale("en").territories.items()}


def nationality_label(name: str) -> str:
    """A nationality the data records by its country's English name (e.g. Panama's figures), in the reader's language.

    Names Babel does not know are shown as they are.
    """
    code = _english_territories().get(name)
    return Locale.parse(current_language()).territories.get(code, name) if code else name
