"""The sidebar and the presenter controls without the router, for AppTest (which
reruns only the page of an st.navigation app, so multi-step use is tested here)."""

from types import SimpleNamespace

import streamlit as st

from ui import presenter, sidebar

# stand-ins for app.py's st.Page objects: scenes only need their url_path
PAGES = [SimpleNamespace(url_path=p) for p in ("", "darien", "shelters", "deaths", "displacement", "data")]

presenter.style()
st.session_state["filters"] = sidebar.render("en")
presenter.after_sidebar(st.session_state["filters"], PAGES, "en")
if "qr_test_href" in st.query_params:  # open the QR dialog as the QR button would
    presenter.show_qr(presenter.share_link(st.query_params["qr_test_href"]) or presenter.current_link())
