"""The shared filters, and how they are written to and read from the URL.

Pure Python (no Streamlit) so the round trip can be tested on its own:
a copied link carries ?countries=COL,PAN&years=2019-2024&layers=routes,incidents
and reopens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registry.layers import DEFAULT_KEYS, KEYS

LAYER_KEYS = KEYS  # the map layers' toggles (registry.layers), in the sidebar's order
YEAR_MIN = 2010
YEAR_MAX = 2026
QUERY_KEYS = ("countries", "years", "layers")  # the URL keys the shared filters own


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()  # ISO3; empty means all of the Americas
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX)
    layers: tuple[str, ...] = field(default=DEFAULT_KEYS)

    @property
    def country_filter(self) -> list[str] | None:
        return list(self.countries) or None


def to_query(filters: Filters) -> dict[str, str]:
    """Query parameters for `filters`; defaults are left out to keep links short."""
    query = {}
    if filters.countries:
        query["countries"] = ",".join(filters.countries)
    if filters.years != (YEAR_MIN, YEAR_MAX):
        query["years"] = f"{filters.years[0]}-{filters.years[1]}"
    if tuple(filters.layers) != DEFAULT_KEYS:
        query["layers"] = ",".join(filters.layers) or "none"
    return query


def from_query(query: dict[str, str], known_countries: set[str]) -> Filters:
    """Filters from query parameters; unknown or malformed values fall back to the defaults."""
    countries = tuple(
        dict.fromkeys(c.strip().upper() for c in query.get("countries", "").split(",") if c.strip().upper() in known_countries)
    )
    years = (YEAR_MIN, YEAR_MAX)
    first, _, last = query.get("years", "").partition("-")
    if first.isdigit() and last.isdigit():
        a, b = sorted((int(first), int(last)))
        years = (max(a, YEAR_MIN), min(b, YEAR_MAX))
        if years[0] > years[1]:
            years = (YEAR_MIN, YEAR_MAX)
    layers = DEFAULT_KEYS
    if "layers" in query:
        wanted = {x.strip() for x in query["layers"].split(",")}
        layers = tuple(k for k in LAYER_KEYS if k in wanted)
    return Filters(countries=countries, years=years, layers=layers)
