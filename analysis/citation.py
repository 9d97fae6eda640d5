"""The one way a source is cited in text: by its name and publisher, or its publisher alone.

`sources` is the sources table indexed by source_id (names in the reader's
language, `ui.data.sources()`). A source the table does not know is cited by
its id, so nothing is silently left out.
"""

from __future__ import annotations

import pandas as pd


def _known(value) -> str | None:
    return None if value is None or pd.isna(value) or not str(value) else str(value)


def cite(source_id, sources: pd.DataFrame, short: int | None = None) -> str:
    """'Name (publisher)'; with `short`, the publisher alone when the name is longer than `short` characters."""
    if source_id not in sources.index:
        return str(source_id)
    name, publisher = _known(sources.at[source_id, "name"]) or str(source_id), _known(sources.at[source_id, "publisher"])
    if publisher is None:
        return name
    return publisher if short is not None and len(name) > short else f"{name} ({publisher})"


def citations(source_ids, sources: pd.DataFrame, short: int | None = None) -> list[str]:
    """`cite` for each source (empty ids skipped), once each, in order."""
    return list(dict.fromkeys(cite(s, sources, short) for s in source_ids if _known(s) is not None))


def publishers(source_ids, sources: pd.DataFrame) -> list[str]:
    """The publishers of `source_ids` (the name when no publisher is known, the id when the source is not), once each, in order."""
    out = []
    for source_id in source_ids:
        if _known(source_id) is None:
            continue
        if source_id in sources.index:
            out.append(_known(sources.at[source_id, "publisher"]) or str(sources.at[source_id, "name"]))
        else:
            out.append(str(source_id))
    return list(dict.fromkeys(out))
