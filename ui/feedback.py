"""'Report a problem' with an entry: the short form, the sender's session and address. Storage is importers.feedback."""

from __future__ import annotations

import ipaddress

import streamlit as st

from i18n import _
from importers import feedback as store
from i18n.markdown import md
from i18n.vocabulary import problem_labels
from ui import data



def client_address(peer: str | None, forwarded_for: str | None) -> str:
    """The sender's address: the peer's, or, behind our own proxy (a loopback or private peer), the
    address that proxy appended last to X-Forwarded-For (earlier entries can be forged by the sender)."""
    peer = (peer or "").strip()
    try:
        behind_proxy = not peer or ipaddress.ip_address(peer).is_private or ipaddress.ip_address(peer).is_loopback
    except ValueError:
        behind_proxy = False
    if behind_proxy and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return peer or "unknown"


def _address() -> str:
    try:
        peer = st.context.ip_address
    except Exception:  # no browser behind this run
        peer = None
    headers = st.context.headers or {}
    return client_address(peer, headers.get("X-Forwarded-For") or headers.get("x-forwarded-for"))


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else "no-session"


@st.dialog(_("Report a problem"))
def _form(layer: str, entry_id: str, title: str) -> None:
    st.markdown(_("About: **{entry}**").format(entry=md_escape(title)))
    st.caption(_("Your report goes to the people who keep the data. It changes nothing until they have checked it."))
    labels = problem_labels()
    with st.form(f"report_{layer}_{entry_id}", clear_on_submit=False, border=False):
        problem = st.radio(_("What is wrong?"), list(labels), format_func=labels.get, key="report_problem")
        details = st.text_area(_("Tell us more (optional)"), max_chars=store.MAX_DETAILS, key="report_details")
        contact = st.text_input(_("Your contact, if we may ask you (optional)"), max_chars=store.MAX_CONTACT, key="report_contact")
        sent = st.form_submit_button(_("Send report"), type="primary")
    if sent:
        try:
            store.submit(
                data.store(), layer=layer, entry_id=entry_id, problem=problem, details=details, contact=contact, session_id=_session_id(), address=_address()
            )
        except store.FeedbackError as err:
            st.error(str(err))
        else:
            st.success(_("Thank you: your report was received."))


def report_button(layer: str, entry_id: str, title: str, key: str) -> None:
    """A 'Report a problem' button that opens the short form for this entry."""
    if st.button(_("Report a problem"), key=key, icon=":material/flag:"):
        _form(layer, str(entry_id), title)


def open_form(layer: str, entry_id: str, title: str) -> None:
    _form(layer, str(entry_id), title)


md_escape = md  # the one escaper (i18n.markdown)
