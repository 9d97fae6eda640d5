"""Key figures for a selection of countries and years."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class KeyFigures:
    """The headline numbers above the Overview map."""

    shelters: int
    dead_and_missing: int
    incidents: int
    incidents_illustrative: bool  # True if any counted incident is an illustrative row
    displacement: int  # sum of the sourced displacement figures
    zones: int
    zones_without_figure: int


def key_figures(shelters: pd.DataFrame, incidents: pd.DataFrame, zones: pd.DataFrame) -> KeyFigures:
    """Count shelters, sum dead + missing and sourced displacement figures in the selection.

    Every incident record counts once, split and cumulative MMP incidents
    included (IOM's published totals are the plain sum over all rows).
    """
    counted = incidents
    known = zones["displacement"].dropna()
    return KeyFigures(
        shelters=len(shelters),
        dead_and_missing=int((counted["dead"].fillna(0) + counted["missing"].fillna(0)).sum()),
        incidents=len(counted),
        incidents_illustrative=bool(counted["is_demo"].any()),
        displacement=int(known.sum()),
        zones=len(zones),
        zones_without_figure=int(zones["displacement"].isna().sum()),
    )
