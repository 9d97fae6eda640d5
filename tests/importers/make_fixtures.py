"""Write the binary fixtures of the importer tests (the text ones are written by hand beside them).

    .venv/bin/python tests/importers/make_fixtures.py

Every row is invented for the tests ("Fixture: …"), none is a real record.
Output: fixtures/mmp_2025.xlsx (MMP, 2024–2026 header, typed cells),
fixtures/idmc_gidd.xlsx (GIDD disaster events), fixtures/zones_utm.zip (a
Shapefile of displacement zones in UTM 17N, with a .prj). `shelters_gpkg`
writes a small GeoPackage on demand (tests put it in a temporary folder).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import shapely

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)

MMP_2025_HEADER = [
    "Main ID", "Incident ID", "Region of Incident", "Incident Date", "Incident Year", "Reported Month", "Number of Dead",
    "Minimum Estimated Number of Missing", "Number of Survivors", "Number of Females", "Number of Males", "Number of Children",
    "Region of Origin", "Cause of Death", "Country of Origin", "Country of Incident", "Location of Incident",
    "Information Source", "Coordinates", "Migration route", "URL", "UNSD Geographical Grouping", "Source Quality",
]
MMP_2025_ROWS = [
    ["2025.MMP0201", "2025.MMP0201", "Central America", dt.datetime(2025, 3, 2), 2025, "March", 1, 0, None, None, 1, None,
     "South America", "Drowning", "Venezuela", "Panama", "Fixture: Canaán Membrillo", "Fixture media", "8.1, -77.6", "Darien", None, "Central America", 3],
    ["2025.MMP0202", "2025.MMP0202", "North America", dt.datetime(2025, 4, 12), 2025, "April", 2, 1, 4, 1, 2, 0,
     "Central America", "Vehicle accident / death linked to hazardous transport", "Honduras", "Mexico", "Fixture: Chiapas highway", "Fixture media", "16.2, -93.1", None, "https://example.org/fixture/0202", "Central America", 2],
    ["2025.MMP0203", "2025.MMP0203", "Caribbean", 45800.0, 2025, "May", 3, None, None, None, None, None,
     "Caribbean", "Drowning", "Haiti", "Dominican Republic", "Fixture: north-east coast", "Fixture coast guard", "19.0, -69.0", "Dominican Republic to Puerto Rico", None, "Caribbean", 4],
    ["2025.MMP0204", "2025.MMP0204", "South America", "June 1, 2025", 2025, "June", 1, 0, None, None, None, None,
     "South America", "Violence", "Venezuela", "Chile", "Fixture: Colchane", "Fixture media", "-19.27, -68.64", None, None, "South America", 2],
    ["2025.MMP0205", "2025.MMP0205", "South America", dt.datetime(2025, 7, 1), 2025, "July", None, None, None, None, None, None,
     "South America", "Drowning", "Venezuela", "Peru", "Fixture: no figures", "Fixture media", "-12.05, -77.04", None, None, "South America", 2],
]

IDMC_HEADER = [
    "ISO3", "Country / Territory", "Year", "Event Name", "Date of Event (start)", "Disaster Internal Displacements",
    "Disaster Internal Displacements (Raw)", "Hazard Category", "Hazard Type", "Hazard Sub Type", "Event Codes (Code:Type)",
    "Event ID", "Displacement occurred",
]
IDMC_ROWS = [
    ["HTI", "Haiti", 2016, "Fixture: Hurricane Matthew", dt.datetime(2016, 10, 4), 175000, 175509, "Weather related", "Storm", "Tropical cyclone", "GLIDE:TC-2016-000108-HTI", 91001, "Displacement reported"],
    ["DOM", "Dominican Republic", 2016, "Fixture: Hurricane Matthew", dt.datetime(2016, 10, 4), 36000, 35933, "Weather related", "Storm", "Tropical cyclone", "GLIDE:TC-2016-000108-DOM", 91001, "Displacement reported"],
    ["NIC", "Nicaragua", 2016, "Fixture: Hurricane Otto", dt.datetime(2016, 11, 24), 13000, 12962, "Weather related", "Storm", "Tropical cyclone", None, 91002, "Pre-emptive evacuations reported"],
    ["BOL", "Bolivia", 2014, "Fixture: Beni floods", "2014-01-27", 40000, None, "Weather related", "Flood", "Riverine flood", None, 91003, "Displacement reported"],
    ["FRA", "France", 2016, "Fixture: outside the Americas", dt.datetime(2016, 6, 1), 1000, 1000, "Weather related", "Flood", "Flood", None, 91004, "Displacement reported"],
    ["GTM", "Guatemala", 2018, "Fixture: Volcán de Fuego", dt.datetime(2018, 6, 3), "many", None, "Geophysical", "Volcanic activity", "Volcanic eruption", None, 91005, "Displacement reported"],
]


def _workbook(path: Path, title: str, header: list, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet["D"][1:] if title == "MMP" else sheet["E"][1:]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "yyyy-mm-dd"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.save(path)


def zones_frame() -> gpd.GeoDataFrame:
    rows = [
        {"zone_id": "fixture-utm-eta", "event_name": "Fixture: Eta floods, Bocas del Toro", "hazard_category": "Weather related", "hazard_type": "Flood", "start_date": "2020-11-04"},
        {"zone_id": "fixture-utm-iota", "event_name": "Fixture: Iota floods, Chiriquí", "hazard_category": "Weather related", "hazard_type": "Flood", "start_date": "2020-11-16"},
    ]
    polygons = [
        shapely.box(-82.4, 8.9, -82.0, 9.3),
        # a self-crossing ring: invalid, repaired by the importer
        shapely.Polygon([(-82.6, 8.3), (-82.2, 8.6), (-82.2, 8.3), (-82.6, 8.6), (-82.6, 8.3)]),
    ]
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=polygons, crs="EPSG:4326").to_crs("EPSG:32617")


def zipped_shapefile(path: Path, frame: gpd.GeoDataFrame, stem: str = "zones") -> None:
    with tempfile.TemporaryDirectory() as folder:
        shp = Path(folder) / f"{stem}.shp"
        pyogrio.write_dataframe(frame, shp, driver="ESRI Shapefile")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                info = zipfile.ZipInfo(f"{stem}/{part.name}", date_time=FIXED_TIME.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, part.read_bytes())


def shelters_gpkg(path: Path) -> Path:
    """A small GeoPackage with a `shelters` layer in the schema's columns, less the provenance ones."""
    rows = [
        {"shelter_id": "fixture-gpkg-1", "name": "Fixture shelter one", "type": "shelter", "operator": "Fixture", "country_iso3": "CRI",
         "municipality": "Paso Canoas", "services": "lodging;food", "populations": "all", "sensitive": True},
        {"shelter_id": "fixture-gpkg-2", "name": "Fixture legal aid", "type": "legal_aid", "operator": None, "country_iso3": "CRI",
         "municipality": "San José", "services": "legal;information", "populations": "all", "sensitive": False},
    ]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=[shapely.Point(-82.84, 8.54), shapely.Point(-84.08, 9.93)], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, layer="shelters", driver="GPKG")
    return path


def main() -> int:
    FIXTURES.mkdir(exist_ok=True)
    _workbook(FIXTURES / "mmp_2025.xlsx", "MMP", MMP_2025_HEADER, MMP_2025_ROWS)
    _workbook(FIXTURES / "idmc_gidd.xlsx", "GIDD", IDMC_HEADER, IDMC_ROWS)
    zipped_shapefile(FIXTURES / "zones_utm.zip", zones_frame())
    for name in ("mmp_2025.xlsx", "idmc_gidd.xlsx", "zones_utm.zip"):
        print(f"{name}: {(FIXTURES / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
