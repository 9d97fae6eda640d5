"""Shelters and services (page under construction)."""

import streamlit as st

from i18n import _

st.title(_("Shelters and services"))
