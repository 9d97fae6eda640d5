"""Staff pages out of the public's sight: the Import page shows in the navigation only once signed in.

The Import page checks the sign-in itself (pages/import.py); this only decides
what the navigation offers. Before signing in, a small "Staff sign-in" link at
the foot of the sidebar leads there (the page also opens at /import).
"""

from __future__ import annotations

import streamlit as st

from i18n import _

SIGNED_IN_KEY = "import_user"  # set by the Import page's sign-in form


def signed_in() -> bool:
    """True once someone has signed in on the Import page (password or the organisation's account)."""
    if st.session_state.get(SIGNED_IN_KEY):
        return True
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # no sign-in provider configured
        return False


def visibility() -> str:
    """The Import page's place in the navigation: shown to signed-in staff, hidden from the public."""
    return "visible" if signed_in() else "hidden"


def sign_in_link(page) -> None:
    """At the foot of the sidebar, a small link to the staff sign-in (when nobody is signed in)."""
    if signed_in():
        return
    with st.sidebar:
        st.divider()
        st.page_link(page, label=_("Staff sign-in"), icon=":material/lock:")
