"""Cell values as plain Python: what JSON and database drivers accept."""

from __future__ import annotations

import numpy as np
import pandas as pd


def plain_value(value: object) -> object:
    """None for every kind of missing (None, NaN, NA, NaT); Python scalars for numpy ones."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists and arrays are not missing values
        pass
    return value.item() if isinstance(value, np.generic) else value
