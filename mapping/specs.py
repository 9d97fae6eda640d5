"""What `Corredor.geojson` and `Corredor.packedPoints` draw of each layer: style rules and popup rows.

No Streamlit here. Every map shows a layer's features with the same popup,
whatever page it is on; a map that needs more adds rows (`extra_rows`).
"""

from __future__ import annotations

from i18n import _
from loaders.schema import PRECISIONS
from mapping import styles
from mapping.packing import RECORD_SIZE


def popup_labels() -> dict[str, str]:
    return {
        "source": _("Source"),
        "precision": _("Location precision"),
        "date": _("Date"),
    }


def feature_spec(style: dict, rows: list) -> dict:
    """A Corredor.geojson spec: tooltip and popup titled by the feature's `title`,
    the given rows, then its source and location precision, and the demo badge."""
    p = popup_labels()
    return {
        "style": style,
        "tooltip": "title",
        "popup": {
            "title": "title",
            "rows": [[label, prop] for label, prop in rows] + [[p["source"], "source"], [p["precision"], "precision"]],
            "demoBadge": _("Illustrative data"),
        },
    }


def route_spec() -> dict:
    return feature_spec(
        styles.route_style_rules(),
        [(_("Mode"), "mode_label"), (_("Direction"), "direction_label"), (_("Years"), "years"), (_("Notes"), "notes")],
    )


def shelter_spec(*, cluster: bool = True, extra_rows: tuple = ()) -> dict:
    """Shelters as points (clustered unless told not to); `extra_rows` go before the source rows."""
    rows = [
        (_("Type"), "type"),
        (_("Operator"), "operator"),
        (_("Place"), "place"),
        (_("Services"), "services"),
        (_("Serves"), "populations"),
        (_("Languages"), "languages"),
        (_("Capacity"), "capacity"),
        (_("Contact"), "contact"),
        (_("Closure reported"), "closed"),
        (_("Last verified"), "verified"),
        *extra_rows,
    ]
    spec = feature_spec(styles.shelter_style_rules(), rows)
    if cluster:
        spec["cluster"] = {"className": "shelters", "radius": 40, "disableAtZoom": 9}
    return spec


def zone_spec() -> dict:
    rows = [
        (_("Hazard"), "hazard"),
        (popup_labels()["date"], "dates"),
        (_("Countries"), "countries"),
        (_("Displacement"), "displacement"),
        (_("How the area was drawn"), "notes"),
    ]
    return feature_spec(styles.zone_style_rules(), rows)


def place_spec() -> dict:
    """Places (towns, ports, border crossings, reception stations), coloured by kind."""
    style = {"base": {"radius": 6, "weight": 2, "fillOpacity": 1, "opacity": 1}, "by": [{"property": "kind", "values": styles.PLACE_STYLES}]}
    return feature_spec(style, [(_("Kind"), "kind_label"), (_("Region"), "admin1"), (_("Country"), "country")])


def incident_spec(lookups: dict, report_ids: list[str] | None = None) -> dict:
    """The incident points' popup; with `report_ids` (the records' ids, in packed order) a 'Report a problem' link on each."""
    p = popup_labels()
    spec = {
        "recordSize": RECORD_SIZE,
        "lookups": lookups,
        "fill": styles.INCIDENT_FILL,
        "stroke": styles.INCIDENT_STROKE,
        "approximateFrom": PRECISIONS.index("approximate"),
        "cluster": {"className": "incidents", "radius": 45},
        "demoBadge": _("Illustrative record, not a real incident"),
        "labels": {
            "title": _("Dead and missing migrants"),  # registry.layers' title of `incidents` (specs sit beneath the registry)
            "date": p["date"],
            "dead": _("Dead"),
            "missing": _("Missing"),
            "cause": _("Cause"),
            "route": _("Route"),
            "country": _("Country"),
            "source": p["source"],
            "quality": _("Source quality"),
            "precision": p["precision"],
        },
    }
    if report_ids is not None:
        spec["report"] = {"label": _("Report a problem"), "base": "/deaths?report=1&incident=", "ids": [str(i) for i in report_ids]}
    return spec
