"""Streamlit helpers shared by the pages: filters, cached data, the map component."""
