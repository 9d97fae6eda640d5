"""The floor bench_load.py compares Corredor with: a minimal Streamlit app, a title and a line."""

import streamlit as st

st.title("Reference")
st.write("A minimal Streamlit app: what one page run costs Streamlit itself on this machine.")
