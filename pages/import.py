"""Import data (staff only): sign in, upload a file, read the dry-run report, then write it.

Sign-in: users and PBKDF2 hashes from `st.secrets["auth"]["users"]` (made with
`scripts/hash_password.py`), or Streamlit's OIDC login (`st.login`) when the
[auth] secrets configure a provider. Without a signed-in user the page shows
only the sign-in form. Everything the import does lives in `importers`; this
page only collects the choices and shows the report. The public pages read
the GeoPackage keyed by its modification time, so they show the new data on
their next run, without a restart.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

import loaders
from exports.files import csv_text
from i18n import _, format_number
from importers import auth, safety, store
from importers.errors import ImportFileError
from importers.importer import Options, run_import
from importers.ogr import SPATIAL_LAYERS
from importers.report import units_name
from loaders.schema import PRECISIONS
from ui import review

MAX_FAILED_SIGN_INS = 5
LOCKOUT_S = 60
KINDS = {
    "mmp": (_("Missing Migrants Project export (CSV or XLSX)"), ["csv", "xlsx"]),
    "idmc": (_("IDMC GIDD disaster events (CSV or XLSX)"), ["csv", "xlsx"]),
    "hxl": (_("HXL-tagged shelter list (CSV or XLSX)"), ["csv", "xlsx"]),
    "ogr": (_("GIS file (GeoJSON, zipped Shapefile, KML, GeoPackage)"), ["geojson", "json", "zip", "kml", "kmz", "gpkg"]),
}

st.title(_("Import data"))


# --- sign-in ------------------------------------------------------------------


def _auth_section() -> dict:
    try:
        section = st.secrets.get("auth", {})
    except Exception:  # no secrets file at all
        return {}
    return dict(section) if section else {}


def _password_users(section: dict) -> dict[str, str]:
    users = section.get("users") or {}
    return {str(k): str(v) for k, v in dict(users).items()}


def _oidc_configured(section: dict) -> bool:
    needed = ("redirect_uri", "cookie_secret")
    if not all(section.get(k) for k in needed):
        return False
    provider = ("client_id", "client_secret", "server_metadata_url")
    if all(section.get(k) for k in provider):
        return True
    return any(hasattr(v, "keys") and all(k in v for k in provider) for k, v in section.items() if k != "users")


def _oidc_user(section: dict) -> str | None:
    """The OIDC-signed-in user allowed to import, if any (`auth.import_emails` may restrict who)."""
    try:
        if not st.user.is_logged_in:
            return None
    except Exception:
        return None
    email = str(st.user.get("email") or st.user.get("name") or "oidc-user")
    allowed = section.get("import_emails")
    if allowed and email not in list(allowed):
        return None
    return email


def signed_in_user() -> str | None:
    section = _auth_section()
    user = st.session_state.get("import_user")
    if user and user in _password_users(section):
        return user
    if _oidc_configured(section):
        return _oidc_user(section)
    return None


def sign_in_form() -> None:
    section = _auth_section()
    users = _password_users(section)
    oidc = _oidc_configured(section)
    if not users and not oidc:
        st.warning(_("Importing is switched off: no staff sign-in is configured on this server (see the README, 'Importing real data')."))
        return
    st.info(_("Importing data changes what every visitor sees: sign in first."))
    if oidc:
        if st.button(_("Sign in with your organisation's account"), type="primary"):
            st.login()
    if not users:
        return
    failures = st.session_state.get("import_failures", [])
    recent = [t for t in failures if time.monotonic() - t < LOCKOUT_S]
    locked = len(recent) >= MAX_FAILED_SIGN_INS
    with st.form("sign-in"):
        username = st.text_input(_("User name"))
        password = st.text_input(_("Password"), type="password")
        submitted = st.form_submit_button(_("Sign in"), disabled=locked)
    if submitted and not locked:
        if auth.check_user(users, username.strip(), password):
            st.session_state["import_user"] = username.strip()
            st.session_state.pop("import_failures", None)
            st.rerun()
        recent.append(time.monotonic())
        st.session_state["import_failures"] = recent
        locked = len(recent) >= MAX_FAILED_SIGN_INS
        if not locked:
            st.error(_("Wrong user name or password."))
    if locked:
        st.error(_("Too many failed attempts: wait a minute and try again."))


user = signed_in_user()
if user is None:
    sign_in_form()
    st.stop()

left, right = st.columns([4, 1])
left.caption(_("Signed in as {user}. Imports write to {path}.").format(user=user, path=loaders.shown(loaders.location())))
if right.button(_("Sign out")):
    st.session_state.pop("import_user", None)
    st.session_state.pop("import_preview", None)
    if _oidc_configured(_auth_section()):
        st.logout()
    st.rerun()

review.notice()
review.queue(user)
st.header(_("Import a file"))

# --- choose and upload ----------------------------------------------------------

kind = st.selectbox(_("What are you importing?"), list(KINDS), format_func=lambda k: KINDS[k][0])
options = Options()
if kind == "ogr":
    options.layer = st.selectbox(_("Into which layer?"), SPATIAL_LAYERS, index=SPATIAL_LAYERS.index("displacement_zones"))
    options.precision = st.selectbox(_("Location precision of features that do not give one"), PRECISIONS, index=PRECISIONS.index("approximate"))
if kind in ("hxl", "ogr"):
    options.source_name = st.text_input(_("Name of the source (optional)")) or None
    options.publisher = st.text_input(_("Publisher (optional)")) or None
limit_mb = safety.max_file_bytes() / safety.MiB
uploaded = st.file_uploader(
    _("File (at most {limit:.0f} MiB)").format(limit=limit_mb),
    type=KINDS[kind][1],
    help=_("Nothing is written until you have read the report and confirmed."),
)
if uploaded is None:
    st.caption(_("The report of a dry run appears here before anything is written."))
    st.stop()

data = uploaded.getvalue()
if len(data) > safety.max_file_bytes():
    st.error(_("The file is {size:.1f} MiB; the limit is {limit:.0f} MiB. Nothing was changed.").format(size=len(data) / safety.MiB, limit=limit_mb))
    st.stop()


def _run(dry_run: bool):
    """Run the import on a private temporary copy of the upload (its name kept for the report)."""
    with tempfile.TemporaryDirectory(prefix="corredor-upload-") as folder:
        path = Path(folder) / store.safe_name(uploaded.name)
        path.write_bytes(data)
        return run_import(kind, path, dry_run=dry_run, user=user, options=options, display_name=uploaded.name)


def show_report(report, written: bool) -> None:
    figures = report.figures()
    cols = st.columns(4)
    cols[0].metric(_("Rows read"), format_number(figures["rows_read"]))
    cols[1].metric(_("Accepted"), format_number(figures["accepted"]))
    cols[2].metric(_("Rejected"), format_number(figures["rejected"]))
    cols[3].metric(_("Warnings"), format_number(figures["warnings"]))
    st.caption(
        _("Accepted + rejected = rows read. Of the rejected rows, {invalid} are invalid and {aside} were set aside as outside the Americas.").format(
            invalid=format_number(figures["invalid"]), aside=format_number(figures["set_aside"])
        )
    )
    if report.changes:
        changes = report.changes
        text = _("{verb}: {inserted} new rows, {updated} updated by key, {removed} illustrative rows removed; {total} rows in '{layer}' afterwards.")
        st.write(
            text.format(
                verb=_("Written") if written else _("Writing would make these changes"),
                inserted=format_number(changes.get("inserted", 0)),
                updated=format_number(changes.get("updated", 0)),
                removed=format_number(changes.get("removed_demo", 0)),
                total=format_number(changes.get("total", 0)),
                layer=report.layer,
            )
        )
    for note in report.notes:
        st.caption(note)
    rejected = report.rejected_frame()
    if len(rejected):
        st.header(_("Rejected rows"))
        st.caption(_("Row numbers count the {units} of the file. Rejected rows are kept in the quarantine table when the import is written.").format(units=units_name(report.unit)))
        st.dataframe(rejected.rename(columns={"row": _("Row"), "column": _("Column"), "value": _("Value"), "reason": _("Reason")}), hide_index=True, width="stretch")
        st.download_button(
            _("Download the rejected rows (CSV)"),
            csv_text(report.rejected_frame(include_set_aside=True)).encode("utf-8-sig"),
            file_name=f"rejected-{store.safe_name(report.file_name)}.csv",
            mime="text/csv",
            key=f"rejected-csv-{'written' if written else 'preview'}",
        )
    if report.warnings:
        st.header(_("Warnings"))
        counts = pd.DataFrame(report.warning_counts(), columns=[_("Warning"), _("Rows")])
        st.dataframe(counts, hide_index=True, width="stretch")
        with st.expander(_("Every warning"), key=f"warnings-{'written' if written else 'preview'}"):
            st.dataframe(report.warnings_frame().rename(columns={"row": _("Row"), "column": _("Column"), "value": _("Value"), "reason": _("Reason")}), hide_index=True, width="stretch")


key = (hashlib.sha256(data).hexdigest(), kind, options.layer, options.precision, options.source_name, options.publisher)
preview = st.session_state.get("import_preview")
if not preview or preview[0] != key:
    try:
        with st.spinner(_("Checking the file…")):
            report = _run(dry_run=True)
    except (ImportFileError, loaders.LayerError) as err:
        st.error(_("The file cannot be imported: {reason}. Nothing was changed.").format(reason=getattr(err, "message", str(err))))
        st.stop()
    preview = (key, report)
    st.session_state["import_preview"] = preview

report = preview[1]
preview_box = st.empty()
with preview_box.container():
    st.header(_("Dry run: nothing written yet"))
    show_report(report, written=False)

if report.accepted == 0:
    st.warning(_("No row can be imported: correct the file and upload it again."))
    st.stop()

if st.button(_("Write to the GeoPackage"), type="primary"):
    preview_box.empty()
    try:
        with st.spinner(_("Writing…")):
            result = _run(dry_run=False)
    except (ImportFileError, loaders.LayerError) as err:
        st.error(_("The import failed and nothing was changed: {reason}").format(reason=getattr(err, "message", str(err))))
        st.stop()
    st.session_state.pop("import_preview", None)
    st.success(
        _("Imported {accepted} rows into '{layer}' (import {id}). The public pages show them on their next refresh.").format(
            accepted=format_number(result.accepted), layer=result.layer, id=result.import_id
        )
    )
    show_report(result, written=True)

imports = store.read_table("imports", loaders.location())
if len(imports):
    st.header(_("Recent imports"))
    shown = imports.tail(10).iloc[::-1][["imported_at", "imported_by", "kind", "layer", "file_name", "rows_read", "accepted", "rejected", "warnings"]]
    st.dataframe(
        shown.rename(
            columns={
                "imported_at": _("When (UTC)"),
                "imported_by": _("Who"),
                "kind": _("Kind"),
                "layer": _("Layer"),
                "file_name": _("File"),
                "rows_read": _("Rows read"),
                "accepted": _("Accepted"),
                "rejected": _("Rejected"),
                "warnings": _("Warnings"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
