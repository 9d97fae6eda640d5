"""Figures computed from the layers (no Streamlit), shared by the pages and tested on their own."""
