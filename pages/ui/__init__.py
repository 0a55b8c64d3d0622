"""What the pages share: configuration, cached reads, sign-in, view state, rendering helpers.

A sub-folder of pages/, so Streamlit does not take its modules for pages.
"""
