"""The shared sidebar on its own, for AppTest (which loses the sidebar of an
st.navigation app when it reruns, so interactions are tested here)."""

import streamlit as st

from ui import sidebar

st.session_state["filters"] = sidebar.render("en")
