"""Generate invented incidents in the `incidents` schema, for tests and benchmarks only.

Corredor ships IOM's real Missing Migrants Project records; these generated
rows exist to measure the maps at sizes the real data does not reach and to
give the importer tests a small, known layer to replace. Every row has
`is_demo = true`, an id starting with DEMO- and the `demo-incidents` source,
and says in its text that it is not a real incident. Places and causes follow
the areas where deaths are publicly reported, but no row is a real incident.
"""

from __future__ import annotations

import datetime as dt
import random

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

SEED = 20241231
SOURCE_ID = "demo-incidents"

# (label, country, route, (min lon, min lat, max lon, max lat), weight, causes with weights)
HOTSPOTS = [
    ("Darién jungle, Panama", "PAN", "Darien", (-77.75, 7.9, -77.2, 8.6), 14,
     {"Drowning": 4, "Harsh environmental conditions / lack of adequate shelter, food, water": 4, "Violence": 2, "Sickness / lack of access to adequate healthcare": 2, "Accidental death": 1}),
    ("Acandí area, Colombia", "COL", "Darien", (-77.4, 8.2, -77.1, 8.65), 4,
     {"Drowning": 3, "Harsh environmental conditions / lack of adequate shelter, food, water": 2, "Mixed or unknown": 1}),
    ("Sonoran Desert, Arizona", "USA", "US-Mexico border crossing", (-113.2, 31.4, -111.0, 32.3), 16,
     {"Harsh environmental conditions / lack of adequate shelter, food, water": 8, "Mixed or unknown": 3, "Accidental death": 1}),
    ("Brooks County, Texas", "USA", "US-Mexico border crossing", (-98.5, 26.9, -98.0, 27.4), 8,
     {"Harsh environmental conditions / lack of adequate shelter, food, water": 6, "Mixed or unknown": 2}),
    ("Rio Grande near Eagle Pass, Texas", "USA", "US-Mexico border crossing", (-100.55, 28.6, -100.4, 28.78), 6,
     {"Drowning": 6, "Mixed or unknown": 1}),
    ("Rio Bravo near Ciudad Juárez", "MEX", "US-Mexico border crossing", (-106.55, 31.55, -106.3, 31.68), 4,
     {"Drowning": 3, "Accidental death": 2, "Violence": 1}),
    ("Tijuana border area", "MEX", "US-Mexico border crossing", (-117.05, 32.45, -116.9, 32.52), 4,
     {"Accidental death": 3, "Drowning": 1, "Violence": 1}),
    ("Freight rail, Veracruz", "MEX", None, (-97.2, 18.6, -96.0, 19.2), 5,
     {"Vehicle accident / death linked to hazardous transport": 5, "Violence": 2}),
    ("Highway, Chiapas", "MEX", None, (-93.8, 15.3, -92.3, 16.6), 6,
     {"Vehicle accident / death linked to hazardous transport": 6, "Violence": 2, "Mixed or unknown": 1}),
    ("Tamaulipas", "MEX", None, (-99.2, 24.8, -97.9, 26.0), 4,
     {"Violence": 4, "Vehicle accident / death linked to hazardous transport": 2}),
    ("Western Guatemala", "GTM", None, (-91.9, 14.6, -90.6, 15.3), 3,
     {"Vehicle accident / death linked to hazardous transport": 3, "Violence": 1}),
    ("Haiti–Dominican Republic border", "DOM", "Haiti to Dominican Republic", (-71.7, 18.6, -71.45, 19.6), 3,
     {"Violence": 2, "Mixed or unknown": 2, "Drowning": 1}),
    ("North-east coast, Dominican Republic", "DOM", "Dominican Republic to Puerto Rico", (-69.3, 18.75, -68.75, 19.0), 3,
     {"Drowning": 5}),
    ("Western coast, Puerto Rico", "PRI", "Dominican Republic to Puerto Rico", (-67.25, 18.05, -67.1, 18.5), 2,
     {"Drowning": 4}),
    ("Florida Keys", "USA", "Caribbean to US", (-81.8, 24.54, -80.4, 25.3), 3,
     {"Drowning": 4, "Mixed or unknown": 1}),
    ("Gulf of Paria coast, Venezuela", "VEN", "Venezuela to Caribbean", (-62.6, 10.45, -61.9, 10.7), 2,
     {"Drowning": 4}),
]
YEAR_WEIGHTS = {2014: 3, 2015: 3, 2016: 4, 2017: 4, 2018: 5, 2019: 6, 2020: 5, 2021: 8, 2022: 10, 2023: 10, 2024: 9, 2025: 5}
COUNT = 400


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _point_in(rng: random.Random, country: shapely.Geometry, box: tuple) -> shapely.Point:
    area = shapely.box(*box).intersection(country)
    if area.is_empty:
        raise ValueError(f"hotspot {box} lies outside its country")
    minx, miny, maxx, maxy = area.bounds
    for _ in range(1000):
        point = shapely.Point(round(rng.uniform(minx, maxx), 4), round(rng.uniform(miny, maxy), 4))
        if area.contains(point):
            return point
    raise ValueError(f"no point found in hotspot {box}")


def generate(countries: gpd.GeoDataFrame, count: int = COUNT, seed: int = SEED) -> gpd.GeoDataFrame:
    """`count` illustrative incidents, the same for the same seed and countries."""
    rng = random.Random(seed)
    shapes = dict(zip(countries["iso3"], countries.geometry))
    hotspot_weights = {i: h[4] for i, h in enumerate(HOTSPOTS)}
    rows, points = [], []
    for n in range(1, count + 1):
        label, iso3, route, box, _, causes = HOTSPOTS[_pick(rng, hotspot_weights)]
        year = _pick(rng, YEAR_WEIGHTS)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        cause = _pick(rng, causes)
        dead = _pick(rng, {1: 70, 2: 12, 3: 6, 4: 3, 6: 2, 9: 1})
        missing = _pick(rng, {0: 80, 1: 8, 3: 4, 8: 2}) if cause == "Drowning" else _pick(rng, {0: 95, 1: 5})
        total = dead + missing
        children = _pick(rng, {0: 80, 1: 15, 2: 5}) if total > 1 else _pick(rng, {0: 90, 1: 10})
        known_sex = rng.random() < 0.6
        females = min(total, _pick(rng, {0: 60, 1: 30, 2: 10})) if known_sex else None
        rows.append(
            {
                "incident_id": f"DEMO-{n:04d}",
                "incident_type": "Incident",
                "date": day.isoformat(),
                "year": year,
                "dead": dead,
                "missing": missing,
                "survivors": _pick(rng, {0: 70, 1: 10, 3: 10, 10: 5, 25: 5}) if cause == "Drowning" else None,
                "females": females,
                "males": total - females if known_sex else None,
                "children": min(children, total),
                "cause": cause,
                "route": route,
                "country_iso3": iso3,
                "country_origin": None,
                "location": f"Illustrative record near {label}",
                "source_quality": (quality := _pick(rng, {1: 20, 2: 25, 3: 20, 4: 20, 5: 15})),
                "source_quality_grades": str(quality),
                "info_source": "Illustrative record, not a real incident",
                "url": None,
                "source_id": SOURCE_ID,
                "precision": "approximate",
                "is_demo": True,
            }
        )
        points.append(_point_in(rng, shapes[iso3], box))
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=points, crs="EPSG:4326")


SOURCE = {
    "source_id": SOURCE_ID,
    "name": "Generated incidents (tests and benchmarks only)",
    "publisher": "Corredor",
    "url": None,
    "published": None,
    "accessed": None,
    "licence": None,
    "notes": "Generated reproducibly by benchmarks/demo_incidents.py. Not real incidents: every row is flagged is_demo.",
}


def write_copy(bundled: Path, out: Path, count: int = COUNT, seed: int = SEED) -> Path:
    """A copy of the GeoPackage `bundled` whose `incidents` are `count` generated rows (and their source)."""
    import loaders
    from scripts import build_geodata

    layers = {name: loaders.read_layer(name, path=bundled) for name in build_geodata.LAYER_ORDER}
    layers["incidents"] = generate(layers["countries"], count=count, seed=seed)
    layers["sources"] = pd.concat([layers["sources"], pd.DataFrame([SOURCE])], ignore_index=True)
    build_geodata.write_gpkg(layers, out)
    return out
