"""The sidebar and the presenter controls without the router, for AppTest (which
reruns only the page of an st.navigation app, so multi-step use is tested here)."""

from types import SimpleNamespace

import streamlit as st

from registry import pages as registry_pages
from ui import presenter, sidebar

# stand-ins for app.py's st.Page objects: scenes only need their url_path (the default page's is empty)
PAGES = [SimpleNamespace(url_path="" if p.default else p.key) for p in registry_pages.PUBLIC]

presenter.style()
st.session_state["filters"] = sidebar.render("en")
presenter.after_sidebar(st.session_state["filters"], PAGES, "en")
if "qr_test_href" in st.query_params:  # open the QR dialog as the QR button would
    presenter.show_qr(presenter.share_link(st.query_params["qr_test_href"]) or presenter.current_link())
