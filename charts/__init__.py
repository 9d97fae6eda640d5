"""Altair chart builders (no Streamlit): every chart has a title, labelled axes with units and a source line."""
