"""The one schema of every layer in the Corredor GeoPackage.

This module is the single source of truth: the build script checks the
source files against it, the loaders check every layer read against it, and
`docs/schema.md` is generated from it (a test keeps the two in sync).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRECISIONS = ("exact", "street", "town", "approximate", "schematic", "country")
ROUTE_MODES = ("foot", "boat", "bus", "train", "mixed")
DIRECTIONS = ("northbound", "southbound")
PLACE_KINDS = ("town", "border_crossing", "reception_station", "port", "airport")
SHELTER_TYPES = (
    "shelter",
    "reception_station",
    "return_reception",
    "soup_kitchen",
    "health",
    "legal_aid",
)
SHELTER_SERVICES = (
    "lodging",
    "food",
    "health",
    "psychosocial",
    "legal",
    "information",
    "phone",
    "hygiene",
    "transport",
    "registration",
)
POPULATIONS = ("all", "families", "unaccompanied_children", "women", "lgbti", "men")
INCIDENT_TYPES = ("Incident", "Split Incident", "Cumulative Incident")
CAUSES = (
    "Drowning",
    "Harsh environmental conditions / lack of adequate shelter, food, water",
    "Vehicle accident / death linked to hazardous transport",
    "Violence",
    "Sickness / lack of access to adequate healthcare",
    "Accidental death",
    "Mixed or unknown",
)
HAZARD_CATEGORIES = ("Geophysical", "Weather related")


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty and what it may hold."""

    name: str
    dtype: str  # text, int, float, bool, date, year
    description: str
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    multi: bool = False  # values joined by ";" each from `allowed`
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Layer:
    """One layer of the GeoPackage: spatial (with a geometry type) or a plain table."""

    name: str
    description: str
    columns: tuple[Column, ...]
    geometry: str | None = None  # Point, LineString, MultiPolygon or None for tables
    date_column: str | None = None  # the column that dates a feature
    # The columns giving the first and last year a feature covers, which the year filter reads;
    # default: the date column alone. () = never filtered by year. An empty last year means
    # "still going", or with `open_end_when` (column, value) only on the rows that hold that value.
    period: tuple[str, ...] | None = None
    open_end_when: tuple[str, str] | None = None
    key: str | None = None
    provenance: bool = True  # carries source_id, precision, is_demo
    extra_notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def year_columns(self) -> tuple[str, ...]:
        if self.period is not None:
            return self.period
        return (self.date_column,) if self.date_column else ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.all_columns]

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + (PROVENANCE if self.provenance else ())

    def column(self, name: str) -> Column:
        for col in self.all_columns:
            if col.name == name:
                return col
        raise KeyError(name)


PROVENANCE = (
    Column("source_id", "text", "Key of the row in `sources` that reports this feature."),
    Column(
        "precision",
        "text",
        "How exactly the location is known: exact, street, town, approximate, schematic "
        "(drawn to show a connection, not traced) or country (known only to the country).",
        allowed=PRECISIONS,
    ),
    Column("is_demo", "bool", "True only for illustrative rows that are not real records."),
)

ISO3 = Column("country_iso3", "text", "ISO 3166-1 alpha-3 code of the country.")

LAYERS: dict[str, Layer] = {}


def _register(layer: Layer) -> Layer:
    LAYERS[layer.name] = layer
    return layer


SOURCES = _register(
    Layer(
        "sources",
        "Every publication, dataset or organisation that a feature cites.",
        (
            Column("source_id", "text", "Short stable key, cited by `source_id` in every layer."),
            Column("name", "text", "Title of the publication or dataset."),
            Column("publisher", "text", "Organisation that published it."),
            Column("url", "text", "Where it can be read; empty when no stable address is known.", nullable=True),
            Column("published", "date", "Date of publication (YYYY-MM-DD); empty when unknown.", nullable=True),
            Column("accessed", "date", "Date the figures were taken from it (YYYY-MM-DD).", nullable=True),
            Column("licence", "text", "Terms of use as stated by the publisher; empty when not stated.", nullable=True),
            Column("notes", "text", "Caveats: definitions, revisions, how the figure was reported.", nullable=True),
        ),
        key="source_id",
        provenance=False,
    )
)

COUNTRIES = _register(
    Layer(
        "countries",
        "Countries and territories of the Americas (Natural Earth 10 m admin-0, simplified for the web).",
        (
            Column("iso3", "text", "ISO 3166-1 alpha-3 code (Natural Earth ADM0_A3 where ISO has none)."),
            Column("name_en", "text", "Name in English."),
            Column("name_es", "text", "Name in Spanish."),
            Column("name_fr", "text", "Name in French."),
            Column("name_pt", "text", "Name in Portuguese."),
            Column("rcm_member", "bool", "Member of the Regional Conference on Migration."),
            Column("sacm_member", "bool", "Member of the South American Conference on Migration."),
        ),
        geometry="MultiPolygon",
        key="iso3",
    )
)

PLACES = _register(
    Layer(
        "places",
        "Named towns, border crossings and reception stations that the routes pass through.",
        (
            Column("place_id", "text", "Short stable key, used by the routes' waypoints."),
            Column("name", "text", "Name as used locally."),
            Column("kind", "text", "What the place is.", allowed=PLACE_KINDS),
            ISO3,
            Column("admin1", "text", "First-level administrative division.", nullable=True),
        ),
        geometry="Point",
        key="place_id",
    )
)

ROUTES = _register(
    Layer(
        "routes",
        "Migration routes, one feature per segment between two places.",
        (
            Column("segment_id", "text", "Unique key of the segment."),
            Column("route_id", "text", "Key of the route the segment belongs to."),
            Column("route_name", "text", "Name of the route."),
            Column("segment_order", "int", "Position of the segment along its route, from 1.", minimum=1),
            Column("from_place", "text", "Name of the place where the segment starts."),
            Column("to_place", "text", "Name of the place where the segment ends."),
            Column("mode", "text", "How people travel the segment.", allowed=ROUTE_MODES),
            Column("direction", "text", "Direction of travel.", allowed=DIRECTIONS),
            Column("countries", "text", "ISO3 codes of the countries crossed, joined by ';'."),
            Column("year_start", "int", "First year the segment was in common use.", minimum=1900, maximum=2100),
            Column("year_end", "int", "Last year of common use; empty while in use.", nullable=True, minimum=1900, maximum=2100),
            Column("notes", "text", "What happens on the segment: risks, checkpoints, typical duration.", nullable=True),
        ),
        geometry="LineString",
        date_column="year_start",
        period=("year_start", "year_end"),
        key="segment_id",
    )
)

SHELTERS = _register(
    Layer(
        "shelters",
        "Shelters, reception stations, return-reception centres, soup kitchens, health and legal-aid points.",
        (
            Column("shelter_id", "text", "Unique key."),
            Column("name", "text", "Name as published by the operator."),
            Column("type", "text", "Kind of service point.", allowed=SHELTER_TYPES),
            Column("operator", "text", "Organisation that runs it.", nullable=True),
            ISO3,
            Column("municipality", "text", "Town or municipality."),
            Column("services", "text", "Services offered, joined by ';'.", allowed=SHELTER_SERVICES, multi=True),
            Column("populations", "text", "Populations served, joined by ';'.", allowed=POPULATIONS, multi=True),
            Column("languages", "text", "ISO 639-1 codes of languages spoken, joined by ';'.", nullable=True),
            Column("capacity", "int", "Beds or places, only where published.", nullable=True, minimum=0),
            Column("contact", "text", "Public contact (website or phone), only where published.", nullable=True),
            Column(
                "sensitive",
                "bool",
                "True where an exact location could put residents at risk: public pages show it at town level only.",
            ),
            Column("last_verified", "date", "Date the entry was last checked against its source; empty if never.", nullable=True),
            Column("closed", "date", "Date its closure was reported; empty while no closure is known.", nullable=True),
        ),
        geometry="Point",
        date_column="last_verified",
        period=(),  # a directory, not events: every entry stays whatever the years
        key="shelter_id",
    )
)

INCIDENTS = _register(
    Layer(
        "incidents",
        "Reports of dead and missing migrants, compatible with the IOM Missing Migrants Project.",
        (
            Column("incident_id", "text", "Unique key (MMP Incident ID for imported records)."),
            Column(
                "incident_type",
                "text",
                "MMP incident type; several joined by ';' as the source gives them (e.g. 'Incident;Split Incident'). "
                "Every record counts once in every total, whatever its type.",
                allowed=INCIDENT_TYPES,
                multi=True,
            ),
            Column(
                "date",
                "date",
                "Date of the incident (YYYY-MM-DD); where the source gives only the year and month (or only the year) "
                "the first day of that month (or year), noted in the import report.",
            ),
            Column("year", "int", "Year of the incident.", minimum=1990, maximum=2100),
            Column("dead", "int", "Number of dead (a negative number is a correction in the source, kept as given)."),
            Column(
                "missing",
                "int",
                "Minimum estimated number of missing. Negative where MMP records a correction (people counted missing "
                "elsewhere); kept as given so totals match IOM's.",
            ),
            Column("survivors", "int", "Number of survivors.", nullable=True, minimum=0),
            Column("females", "int", "Number of females among dead and missing.", nullable=True, minimum=0),
            Column("males", "int", "Number of males among dead and missing.", nullable=True, minimum=0),
            Column("children", "int", "Number of children among dead and missing.", nullable=True, minimum=0),
            Column("cause", "text", "Cause of death (MMP categories).", allowed=CAUSES),
            Column("route", "text", "MMP migration route.", nullable=True),
            ISO3,
            Column(
                "country_origin",
                "text",
                "MMP Country of Origin of the dead and missing, names joined by ';' as the source lists them "
                "('Guatemala;Honduras'; 'Unknown' and 'Mixed' kept as given). A record that names several countries "
                "counts once for each of them among a country's nationals elsewhere. Empty when not given.",
                nullable=True,
            ),
            Column("location", "text", "Location description.", nullable=True),
            Column(
                "source_quality",
                "int",
                "MMP Source Quality, 1 (one media source) to 5 (official); where the source lists several grades, the "
                "highest (the best source), which drives the map symbol. Empty when not given.",
                nullable=True,
                minimum=1,
                maximum=5,
            ),
            Column("source_quality_grades", "text", "Every Source Quality grade the source lists, joined by ';' (e.g. '3;5').", nullable=True),
            Column("info_source", "text", "Information source as reported.", nullable=True),
            Column("url", "text", "Link to the report.", nullable=True),
        ),
        geometry="Point",
        date_column="date",
        period=("year",),
        key="incident_id",
    )
)

DISPLACEMENT_ZONES = _register(
    Layer(
        "displacement_zones",
        "Areas of disaster displacement, by event (hazard hierarchy as in IDMC's GIDD).",
        (
            Column("zone_id", "text", "Unique key."),
            Column("event_name", "text", "Name of the disaster event."),
            Column("hazard_category", "text", "IDMC hazard category.", allowed=HAZARD_CATEGORIES),
            Column("hazard_type", "text", "IDMC hazard type, e.g. Storm, Flood, Earthquake, Drought."),
            Column("hazard_subtype", "text", "IDMC hazard sub-type.", nullable=True),
            Column("start_date", "date", "Start of the event (YYYY-MM-DD)."),
            Column(
                "end_date",
                "date",
                "End of the event. Empty for a continuing drought; for other events empty means no sourced end, "
                "and the event counts in its start year.",
                nullable=True,
            ),
            Column("countries", "text", "ISO3 codes of the affected countries, joined by ';'."),
            Column("displacement", "int", "Displacement figure; empty when no sourced figure is known.", nullable=True, minimum=0),
            Column("displacement_measure", "text", "What the figure counts (people, or movements).", nullable=True),
            Column("figure_source_id", "text", "Key in `sources` of the displacement figure.", nullable=True),
            Column("notes", "text", "How the area was drawn; caveats.", nullable=True),
        ),
        geometry="MultiPolygon",
        date_column="start_date",
        # an empty end date means "continuing" only for slow-onset drought;
        # any other event without a sourced end counts in its start year
        period=("start_date", "end_date"),
        open_end_when=("hazard_type", "Drought"),
        key="zone_id",
    )
)

DISASTER_EVENTS = _register(
    Layer(
        "disaster_events",
        "IDMC's Global Internal Displacement Database (GIDD), disaster events of the Americas: one row per row of "
        "IDMC's table (an event in one country for one figure year), every column kept. Internal displacements "
        "count movements, not people: one person displaced twice in a year counts twice.",
        (
            Column(
                "event_key",
                "text",
                "Unique key: idmc-<Event ID>-<ISO3>-<year> where IDMC gives an Event ID; otherwise the row itself, "
                "idmc-<ISO3>-<year>-<event name>-<start date>-<n>, n counting rows of the same country, year, name "
                "and date in the order of IDMC's table.",
            ),
            Column("event_id", "int", "IDMC's Event ID; empty where IDMC gives none (most rows of 2008–2015).", nullable=True, minimum=0),
            ISO3,
            Column("country_name", "text", "Country / Territory as IDMC names it."),
            Column("year", "int", "Year for which IDMC reports the figure.", minimum=1990, maximum=2100),
            Column("event_name", "text", "Event Name as IDMC gives it."),
            Column("start_date", "date", "Date of Event (start), approximate (YYYY-MM-DD)."),
            Column(
                "displacements",
                "int",
                "Disaster Internal Displacements: IDMC's rounded figure for the country and year (movements, not people); "
                "empty where IDMC gives none.",
                nullable=True,
                minimum=0,
            ),
            Column("displacements_raw", "int", "Disaster Internal Displacements (Raw): the figure before rounding.", nullable=True, minimum=0),
            Column("hazard_category", "text", "Hazard Category (CRED EM-DAT classification), e.g. Weather related, Geophysical."),
            Column("hazard_type", "text", "Hazard Type, e.g. Flood, Storm, Wildfire, Earthquake."),
            Column("hazard_subtype", "text", "Hazard Sub Type.", nullable=True),
            Column("event_codes", "text", "Event Codes (Code:Type) as IDMC gives them, e.g. GLIDE numbers, joined by '; '.", nullable=True),
            Column("glide", "text", "The GLIDE numbers among the event codes, joined by ';' (derived, for matching events).", nullable=True),
            Column("displacement_occurred", "text", "Displacement occurred: whether preventive evacuations were reported.", nullable=True),
        ),
        date_column="start_date",
        period=("year",),  # the year IDMC reports the figure for
        key="event_key",
    )
)

DARIEN_CROSSINGS = _register(
    Layer(
        "darien_crossings",
        "Irregular transits through the Darién recorded by Panama's National Migration Service (SNM).",
        (
            Column("year", "int", "Year.", minimum=2010, maximum=2100),
            Column("month", "int", "Month 1–12; empty for a yearly total.", nullable=True, minimum=1, maximum=12),
            Column("direction", "text", "Direction of travel.", allowed=DIRECTIONS),
            Column("nationality", "text", "Nationality; empty for all nationalities.", nullable=True),
            Column("count", "int", "Number of people.", minimum=0),
            Column("source_id", "text", "Key of the row in `sources`."),
            Column("notes", "text", "How the figure was reported.", nullable=True),
        ),
        period=("year",),
        provenance=False,
    )
)

REPORTED_TOTALS = _register(
    Layer(
        "reported_totals",
        "Published aggregate figures (for example Missing Migrants Project totals by region and route).",
        (
            Column("region", "text", "Region the figure covers, e.g. Americas."),
            Column("route", "text", "Route the figure covers; empty for the whole region.", nullable=True),
            Column("year", "int", "Year.", minimum=1990, maximum=2100),
            Column("measure", "text", "What is counted, e.g. dead_and_missing, deaths."),
            Column("value", "int", "The figure.", minimum=0),
            Column("source_id", "text", "Key of the row in `sources`."),
            Column("as_of", "date", "Date the figure was reported; figures are revised.", nullable=True),
            Column("definition", "text", "What the publisher counts under this measure.", nullable=True),
        ),
        period=("year",),
        provenance=False,
    )
)
