"""Write fixtures/mmp_hdx_hxl.csv: real rows of the bundled MMP export in the Humanitarian Data Exchange edition.

    .venv/bin/python tests/importers/make_mmp_hxl.py

The HDX edition's header row is HXL hashtags only. The rows are real records
(CC BY 4.0, IOM's Missing Migrants Project), copied unchanged from
geodata/sources/mmp-global-2014-2025-04-29.xlsx: every Americas row with one
of the known quirks (several Source Quality grades, "Incident,Split
Incident", no date nor year, a negative count), the first Americas rows of
each year, and a few rows elsewhere (set aside by the importer).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXPORT = ROOT / "geodata" / "sources" / "mmp-global-2014-2025-04-29.xlsx"
OUT = HERE / "fixtures" / "mmp_hdx_hxl.csv"
AMERICAS = ("North America", "Central America", "South America", "Caribbean")
# The export's column -> its HXL hashtag in the HDX edition (coordinates split into #geo+lat / #geo+lon).
TAGS = {
    "Main ID": "#event+id",  # as the HDX edition and the feed key records (a split incident: one id)
    "Incident Type": "#event+type",
    "Region of Incident": "#region+incident",
    "Incident Date": "#date+reported",
    "Incident Year": "#date+year",
    "Month": "#date+month",
    "Number of Dead": "#affected+dead",
    "Minimum Estimated Number of Missing": "#affected+missing",
    "Total Number of Dead and Missing": "#affected+killed+missing+total",
    "Number of Survivors": "#affected+survivors",
    "Number of Females": "#affected+f",
    "Number of Males": "#affected+m",
    "Number of Children": "#affected+children",
    "Country of Origin": "#country+origin",
    "Region of Origin": "#region+origin",
    "Cause of Death": "#cause+type",
    "Country of Incident": "#country+event",
    "Migration Route": "#route+description",
    "Location of Incident": "#loc+description",
    "UNSD Geographical Grouping": "#region+unsd+name",
    "Information Source": "#meta+source+name",
    "URL": "#meta+url",
    "Source Quality": "#meta+source+reliability",
}


def rows() -> pd.DataFrame:
    frame = pd.read_excel(EXPORT, dtype=object)
    americas = frame["Region of Incident"].isin(AMERICAS)
    quality = frame["Source Quality"].astype(str).str.contains(",")
    kind = frame["Incident Type"].astype(str).str.contains(",")
    undated = frame["Incident Date"].isna() & frame["Incident Year"].isna()
    negative = pd.to_numeric(frame["Minimum Estimated Number of Missing"], errors="coerce").lt(0)
    quirks = americas & (quality | kind | undated | negative)
    firsts = frame[americas].groupby("Incident Year", dropna=True).head(3).index
    elsewhere = frame[~frame["Region of Incident"].astype(str).str.contains("America|Caribbean")].head(5).index
    keep = frame.index.isin(frame[quirks].index.union(firsts).union(elsewhere))
    return frame[keep]


def main() -> int:
    frame = rows()
    header = [*TAGS.values(), "#geo+lat", "#geo+lon"]
    with open(OUT, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for _i, row in frame.iterrows():
            lat, _sep, lon = str(row["Coordinates"] if pd.notna(row["Coordinates"]) else "").partition(",")
            cells = ["" if pd.isna(row[c]) else (row[c].date().isoformat() if hasattr(row[c], "date") else str(row[c])) for c in TAGS]
            writer.writerow([*cells, lat.strip(), lon.strip()])
    print(f"{OUT}: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
