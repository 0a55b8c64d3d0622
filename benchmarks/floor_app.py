"""The floor: one polygon on an st_folium map, nothing else (`python -m benchmarks --floor`).

What Streamlit, streamlit-folium and Leaflet take by themselves, from the same local
Leaflet: no map can be painted sooner than this through them. Copied, like the naive app,
into a scratch directory beside a `static/` folder holding Leaflet.
"""

import json
import os

import folium
import streamlit as st
from streamlit_folium import st_folium

LABELS = json.loads(os.environ["LIVCR_BENCH_LABELS"])

st.set_page_config(page_title="Floor", layout="wide")
fmap = folium.Map(location=[50.5, 4.5], zoom_start=8, tiles=None)
fmap.default_js = [("leaflet", LABELS["leaflet_js"])]
fmap.default_css = [("leaflet_css", LABELS["leaflet_css"])]
folium.Polygon([[50.0, 4.0], [51.0, 4.0], [51.0, 5.0]]).add_to(fmap)
st_folium(fmap, height=640, use_container_width=True, returned_objects=["last_clicked"])
