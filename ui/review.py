"""The staff's review queue of 'Report a problem' reports (on the Import data page, after sign-in)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from i18n import _, format_number
from importers import feedback as store
from importers.errors import ImportFileError
from loaders.schema import SHELTER_SERVICES
from ui import data
from ui.deaths import md
from ui.feedback import problem_labels
from i18n.vocabulary import service_labels

SHOWN = 20  # open reports listed at once, oldest first


def _entry_title(layer: str, entry_id: str) -> str:
    frame = data.layer(layer)
    key = "shelter_id" if layer == "shelters" else "incident_id"
    found = frame[frame[key].astype(str) == entry_id]
    if found.empty:
        return entry_id
    row = found.iloc[0]
    if layer == "shelters":
        return f"{row['name']} — {row['municipality']}, {row['country_iso3']}"
    return f"{row['date']} — {row['location'] or ''} ({row['country_iso3']})"


def _shelter_changes(report: pd.Series, key: str) -> dict:
    """Fields the reviewer sets when accepting a shelter report (prefilled with the current entry)."""
    shelters = data.layer("shelters", exact=True)  # staff edit the entry as stored
    row = shelters[shelters["shelter_id"].astype(str) == report["entry_id"]].iloc[0]
    labels = service_labels()
    changes: dict = {}
    closed_now = not pd.isna(row["closed"])
    closed = st.checkbox(_("Closed"), value=closed_now or report["problem"] == "closed", key=f"{key}_closed")
    if closed:
        when = st.date_input(_("Closure date"), value=dt.date.fromisoformat(str(row["closed"])[:10]) if closed_now else dt.date.today(), key=f"{key}_closed_on")
        changes["closed"] = when.isoformat()
    else:
        changes["closed"] = None
    changes["contact"] = st.text_input(_("Contact"), value="" if pd.isna(row["contact"]) else str(row["contact"]), max_chars=300, key=f"{key}_contact")
    current = [s for s in str(row["services"] or "").split(";") if s]
    changes["services"] = st.multiselect(_("Services"), list(SHELTER_SERVICES), default=current, format_func=lambda s: labels.get(s, s), key=f"{key}_services")
    changes["municipality"] = st.text_input(_("Town"), value=str(row["municipality"]), max_chars=200, key=f"{key}_town")
    if report["problem"] == "moved":
        c1, c2 = st.columns(2)
        lat = c1.number_input(_("Latitude"), value=float(row.geometry.y), min_value=-60.0, max_value=85.0, format="%.5f", key=f"{key}_lat")
        lon = c2.number_input(_("Longitude"), value=float(row.geometry.x), min_value=-180.0, max_value=-10.0, format="%.5f", key=f"{key}_lon")
        changes["lat"], changes["lon"] = lat, lon
    return changes


def queue(user: str) -> None:
    gpkg = data.store()
    open_reports = store.reports(gpkg, "new").iloc[::-1]  # oldest first
    st.header(_("Reports of a problem"))
    if open_reports.empty:
        st.caption(_("No report is waiting for review."))
        return
    st.caption(_("{n} reports waiting. Accepting a report about a shelter writes your changes as an import signed with your name; reports never change the data by themselves.").format(n=format_number(len(open_reports))))
    labels = problem_labels()
    for report in list(open_reports.itertuples(index=False))[:SHOWN]:
        report = pd.Series(report._asdict())
        key = f"review_{report['report_id']}"
        title = _entry_title(report["entry_layer"], report["entry_id"])
        with st.expander(f"{labels.get(report['problem'], report['problem'])} · {md(title)} · {report['submitted_at']}"):
            st.text(_("What the visitor wrote:"))
            st.text(report["details"] or "—")  # plain text: never markup
            if not pd.isna(report["contact"]) and report["contact"]:
                st.text(_("Contact: {contact}").format(contact=report["contact"]))
            changes = _shelter_changes(report, key) if report["entry_layer"] == "shelters" else {}
            if report["entry_layer"] == "incidents":
                st.caption(_("Incident records come from the Missing Migrants Project: accepting records the report; the correction arrives with the next export."))
            row = st.container(horizontal=True, gap="small")
            accept = row.button(_("Accept"), type="primary", key=f"{key}_accept")
            decline = row.button(_("Decline"), key=f"{key}_decline")
            duplicate = row.button(_("Mark as duplicate"), key=f"{key}_duplicate")
            try:
                if accept:
                    import_id = store.accept(gpkg, report["report_id"], user, changes)
                    st.session_state["review_done"] = _("Report accepted; import {import_id} written.").format(import_id=import_id) if import_id else _("Report accepted.")
                    st.rerun()
                if decline:
                    store.decline(gpkg, report["report_id"], user)
                    st.session_state["review_done"] = _("Report declined.")
                    st.rerun()
                if duplicate:
                    same = store.reports(gpkg)
                    same = same[(same["entry_id"] == report["entry_id"]) & (same["report_id"] != report["report_id"])]
                    store.mark_duplicate(gpkg, report["report_id"], user, same["report_id"].iloc[0] if len(same) else None)
                    st.session_state["review_done"] = _("Report marked as a duplicate.")
                    st.rerun()
            except (store.FeedbackError, ImportFileError) as err:
                st.error(str(err))


def notice() -> None:
    done = st.session_state.pop("review_done", None)
    if done:
        st.success(done)
