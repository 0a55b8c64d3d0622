"""Municipalities as places: boundaries of every vintage, names, mergers, maps.

Never imports streamlit: the UI layer caches what this package computes.
"""
