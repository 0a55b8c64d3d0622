"""Streamlit pages: widgets, cached calls into geo/ and loaders/, rendering."""
