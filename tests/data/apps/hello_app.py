"""Minimal app used by tests/test_harness.py to check the test harness."""

import streamlit as st

st.title("Hello harness")

if st.button("Click me"):
    st.write("Button clicked")
