"""Draw `geodata/sources/displacement_zones.geojson`: approximate areas of disaster displacement.

No official footprint of these events is bundled (IDMC publishes figures by
country and event, not polygons), so each area is drawn here, reproducibly and
honestly, from a few well-known facts about the event:

* earthquakes: a circle around the reported epicentre (USGS);
* tropical cyclones: a band either side of the landfall point and the storm's
  path over land (NHC tropical cyclone reports), widened where the worst
  flooding was reported;
* the Bolivian floods of 2014: a band along the Mamoré and Beni rivers in the
  Beni lowlands (FAO GIEWS);
* the Central American Dry Corridor: a hand-drawn schematic belt.

Buffers are computed in metres in a local azimuthal equidistant projection
centred on each event, brought back to EPSG:4326, then clipped to the land of
the affected countries in `countries.geojson` so no area sprawls over the sea
or into a neighbour that is not listed. Every feature is marked `approximate`
or `schematic` and its `notes` say how it was drawn. Coordinates are snapped to
a 0.001° grid (about 100 m), which keeps the polygons valid.

Displacement figures are filled in only where a sourced figure is known with
confidence; otherwise they stay empty.

Run: python scripts/draw_displacement_zones.py
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import CRS, Transformer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "geodata" / "sources"
OUT = SOURCES / "displacement_zones.geojson"
GRID = 0.001  # degrees; coordinates are written with 3 decimals

COLUMNS = [
    "zone_id", "event_name", "hazard_category", "hazard_type", "hazard_subtype", "start_date", "end_date",
    "countries", "displacement", "displacement_measure", "figure_source_id", "notes", "source_id", "precision", "is_demo",
]


def buffered(lonlats: list[tuple[float, float]], km: float):
    """Buffer a point or a path (lon, lat pairs) by `km` kilometres, in a local equidistant projection."""
    lon0 = sum(p[0] for p in lonlats) / len(lonlats)
    lat0 = sum(p[1] for p in lonlats) / len(lonlats)
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", local, always_xy=True).transform
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True).transform
    geom = shapely.Point(lonlats[0]) if len(lonlats) == 1 else shapely.LineString(lonlats)
    projected = shapely.transform(geom, lambda x, y: fwd(x, y), interleaved=False)
    return shapely.transform(projected.buffer(km * 1000, quad_segs=16), lambda x, y: back(x, y), interleaved=False)


def hand_drawn(lonlats: list[tuple[float, float]]):
    return shapely.Polygon(lonlats)


# Each zone: its attributes and how its raw area is drawn (before clipping to land).
ZONES = [
    {
        "zone_id": "hti-eq-2010",
        "event_name": "Haiti earthquake 2010",
        "hazard_category": "Geophysical",
        "hazard_type": "Earthquake",
        "hazard_subtype": "Earthquake",
        "start_date": "2010-01-12",
        "end_date": "2010-01-12",
        "countries": "HTI",
        "displacement": 1500000,
        "displacement_measure": (
            "People displaced: about 1.5 million people living in displacement sites at the peak (July 2010), "
            "as reported by IOM's DTM (rounded figure)"
        ),
        "figure_source_id": "fg-iom-dtm-haiti",
        "notes": (
            "Approximate area: 60 km around the epicentre near Léogâne, about 25 km west-southwest of "
            "Port-au-Prince (magnitude 7.0); covers Port-au-Prince, Léogâne, Petit-Goâve and Jacmel. "
            "Not an official footprint; clipped to Haiti's land."
        ),
        "source_id": "fg-usgs-eq",
        "precision": "approximate",
        "area": lambda: buffered([(-72.55, 18.45)], 60),
    },
    {
        "zone_id": "bol-fl-2014",
        "event_name": "Bolivia floods 2014 (Beni)",
        "hazard_category": "Weather related",
        "hazard_type": "Flood",
        "hazard_subtype": "Riverine flood",
        "start_date": "2014-01-27",
        "end_date": None,
        "countries": "BOL",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic area: 60 km either side of the Mamoré (Puerto Villarroel – Trinidad – Guayaramerín) and "
            "Beni (Rurrenabaque – Riberalta) rivers, standing for the flooded lowlands of Beni and its borders with "
            "Cochabamba and Santa Cruz (FAO GIEWS, 27 February 2014). Not a flood extent. Start date: the "
            "government's emergency declaration of 27 January 2014; heavy rains fell in January and the first half "
            "of February 2014 (the rainy season began in October 2013). End date left empty because no sourced "
            "end is known: the floods are over, not ongoing. Named as an example of disaster displacement at the "
            "2017 High-Level Forum on Irregular Migration Flows in the Americas."
        ),
        "source_id": "fg-fao-giews-bol-2014",
        "precision": "schematic",
        "area": lambda: buffered([(-64.78, -16.84), (-64.90, -14.83), (-65.05, -12.80), (-65.36, -10.82)], 60).union(
            buffered([(-67.53, -14.44), (-66.90, -12.70), (-66.07, -11.00)], 60)
        ),
    },
    {
        "zone_id": "otto-2016",
        "event_name": "Hurricane Otto 2016",
        "hazard_category": "Weather related",
        "hazard_type": "Storm",
        "hazard_subtype": "Tropical cyclone",
        "start_date": "2016-11-24",
        "end_date": "2016-11-25",
        "countries": "NIC;CRI",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic area: 50 km either side of Otto's path over land, from its landfall near San Juan de "
            "Nicaragua (24 November 2016) westward along the Nicaragua–Costa Rica border, over Upala and Bijagua, "
            "to the Pacific (25 November). Clipped to Nicaragua and Costa Rica. Not an official footprint; Panama "
            "was also affected by the storm's outer bands."
        ),
        "source_id": "fg-nhc-tcr",
        "precision": "schematic",
        "area": lambda: buffered([(-83.75, 11.0), (-84.40, 10.95), (-85.02, 10.88), (-85.70, 10.95), (-86.20, 11.0)], 50),
    },
    {
        "zone_id": "matthew-2016-hti",
        "event_name": "Hurricane Matthew 2016 (Haiti)",
        "hazard_category": "Weather related",
        "hazard_type": "Storm",
        "hazard_subtype": "Tropical cyclone",
        "start_date": "2016-10-04",
        "end_date": "2016-10-05",
        "countries": "HTI",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic area: 90 km either side of Matthew's path from its landfall near Les Anglais (Sud, "
            "4 October 2016, category 4) northward across the Tiburon peninsula and the western tip of Haiti, "
            "covering Grand'Anse, western Sud (Les Cayes) and the west of Nord-Ouest. Clipped to Haiti's land. "
            "Not an official footprint; Cuba, the Bahamas and the United States were also hit and are not drawn."
        ),
        "source_id": "fg-nhc-tcr",
        "precision": "schematic",
        "area": lambda: buffered([(-74.25, 17.90), (-74.22, 18.30), (-74.30, 19.10), (-74.20, 20.00)], 90),
    },
    {
        "zone_id": "maria-2017",
        "event_name": "Hurricane Maria 2017",
        "hazard_category": "Weather related",
        "hazard_type": "Storm",
        "hazard_subtype": "Tropical cyclone",
        "start_date": "2017-09-18",
        "end_date": "2017-09-21",
        "countries": "DMA;PRI",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic area: the whole of Dominica (landfall 18 September 2017, category 5: 30 km around the "
            "island's centre) and 60 km either side of Maria's path across Puerto Rico, from its landfall near "
            "Yabucoa (20 September, category 4) to the north-west coast, which covers nearly the whole island. "
            "Clipped to the land of Dominica and Puerto Rico. Not an official footprint."
        ),
        "source_id": "fg-nhc-tcr",
        "precision": "schematic",
        "area": lambda: buffered([(-61.35, 15.42)], 30).union(
            buffered([(-65.83, 18.05), (-66.40, 18.30), (-66.90, 18.50)], 60)
        ),
    },
    {
        "zone_id": "eta-2020",
        "event_name": "Hurricane Eta 2020",
        "hazard_category": "Weather related",
        "hazard_type": "Storm",
        "hazard_subtype": "Tropical cyclone",
        "start_date": "2020-11-03",
        "end_date": "2020-11-06",
        "countries": "NIC;HND;GTM",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic area: 70 km either side of a line from Eta's landfall south of Puerto Cabezas (Bilwi), "
            "Nicaragua (3 November 2020, category 4), across northern Nicaragua and Honduras to the Sula valley, "
            "continued west through Izabal to Alta Verapaz, Guatemala, where the worst floods and landslides "
            "were reported. Clipped to Nicaragua, Honduras and Guatemala. Not an official footprint or a traced "
            "track. Iota struck the same area two weeks later (zone iota-2020). End date approximate."
        ),
        "source_id": "fg-nhc-tcr",
        "precision": "schematic",
        "area": lambda: buffered(
            [(-83.45, 13.85), (-84.60, 14.00), (-85.80, 14.50), (-86.80, 15.00), (-87.90, 15.50), (-89.00, 15.50), (-90.40, 15.40)], 70
        ),
    },
    {
        "zone_id": "iota-2020",
        "event_name": "Hurricane Iota 2020",
        "hazard_category": "Weather related",
        "hazard_type": "Storm",
        "hazard_subtype": "Tropical cyclone",
        "start_date": "2020-11-16",
        "end_date": "2020-11-18",
        "countries": "NIC;HND;SLV",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic area: 70 km either side of a line from Iota's landfall near Haulover, Nicaragua "
            "(16 November 2020, category 4, a few km south of Eta's landfall), west across Nicaragua and "
            "southern Honduras to El Salvador, where it dissipated on 18 November. Clipped to Nicaragua, Honduras "
            "and El Salvador. Not an official footprint or a traced track; rains also reached Guatemala."
        ),
        "source_id": "fg-nhc-tcr",
        "precision": "schematic",
        "area": lambda: buffered([(-83.55, 13.70), (-84.70, 13.55), (-85.80, 13.40), (-86.70, 13.60), (-87.50, 13.80), (-88.30, 13.80)], 70),
    },
    {
        "zone_id": "hti-eq-2021",
        "event_name": "Haiti earthquake 2021",
        "hazard_category": "Geophysical",
        "hazard_type": "Earthquake",
        "hazard_subtype": "Earthquake",
        "start_date": "2021-08-14",
        "end_date": "2021-08-14",
        "countries": "HTI",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Approximate area: 80 km around the epicentre near Petit-Trou-de-Nippes (magnitude 7.2), which covers "
            "the three departments hit hardest: Sud (Les Cayes), Nippes and Grand'Anse (Jérémie). Not an official "
            "footprint; clipped to Haiti's land. Tropical Storm Grace brought heavy rain to the same area on "
            "16–17 August 2021."
        ),
        "source_id": "fg-usgs-eq",
        "precision": "approximate",
        "area": lambda: buffered([(-73.48, 18.41)], 80),
    },
    {
        "zone_id": "dry-corridor-ca",
        "event_name": "Central American Dry Corridor drought",
        "hazard_category": "Weather related",
        "hazard_type": "Drought",
        "hazard_subtype": "Drought",
        "start_date": "2014-07-01",
        "end_date": None,
        "countries": "GTM;SLV;HND;NIC",
        "displacement": None,
        "displacement_measure": None,
        "figure_source_id": None,
        "notes": (
            "Schematic belt drawn by hand: eastern Guatemala (Baja Verapaz and El Progreso to Zacapa, Chiquimula, "
            "Jalapa and Jutiapa), most of El Salvador, southern and central Honduras and western Nicaragua; "
            "clipped to the land of the four countries. The Dry Corridor has no single official boundary. "
            "Slow-onset: the start date stands for the 2014 drought (rains failed from late June to August 2014, "
            "World Bank), the first of several drought years; no end date."
        ),
        "source_id": "fg-worldbank-drought-2014",
        "precision": "schematic",
        "area": lambda: hand_drawn([
            (-90.70, 15.20), (-89.30, 15.20), (-88.70, 14.70), (-87.60, 14.70), (-86.40, 14.40), (-85.60, 13.70),
            (-85.60, 12.40), (-85.90, 11.60), (-86.60, 11.20), (-87.80, 12.30), (-89.00, 13.00), (-90.70, 13.60),
        ]),
    },
]


def main() -> None:
    countries = gpd.read_file(SOURCES / "countries.geojson").set_index("iso3")
    features = []
    for zone in ZONES:
        isos = zone["countries"].split(";")
        land = shapely.union_all(list(countries.loc[isos].geometry))
        geom = shapely.set_precision(zone["area"]().intersection(land), GRID)
        geom = shapely.multipolygons([p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty])
        assert geom.is_valid and not geom.is_empty, zone["zone_id"]
        props = {c: zone.get(c) for c in COLUMNS}
        props["is_demo"] = False
        mapping = shapely.geometry.mapping(geom)
        mapping = json.loads(json.dumps(mapping), parse_float=lambda s: round(float(s), 3))
        features.append({"type": "Feature", "properties": props, "geometry": mapping})
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n", encoding="utf-8")
    print(f"wrote {len(features)} zones to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
