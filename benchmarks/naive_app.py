"""The naive reference: Belgium's municipalities on a folium map in Streamlit, the obvious way.

Full-precision GeoJSON read and rebuilt into a `folium.GeoJson` on every run (no caching),
folium's per-feature style function and tooltip, Leaflet served locally (no CDN). The
benchmark copies this file into a scratch directory beside a `static/` folder holding
Leaflet and starts it with `streamlit run`; the data file and the labels come from the
environment. It deliberately imports nothing from the product.
"""

from __future__ import annotations

import json
import os

import folium
import streamlit as st
from streamlit_folium import st_folium

GEOJSON = os.environ["LIVCR_BENCH_GEOJSON"]
LABELS = json.loads(os.environ["LIVCR_BENCH_LABELS"])

st.set_page_config(page_title="Naive reference", layout="wide")
st.title("Naive reference map")

with open(GEOJSON, encoding="utf-8") as f:  # every run, on purpose
    data = json.load(f)

regions = LABELS["regions"]  # slug -> label, "all" first
region = st.sidebar.selectbox(LABELS["region"], list(regions), format_func=regions.get, key="region")
features = [f for f in data["features"] if region == "all" or f["properties"]["region"] == region]

fmap = folium.Map(location=[50.5, 4.5], zoom_start=8, tiles=None, zoom_snap=0.1)
fmap.default_js = [("leaflet", LABELS["leaflet_js"])]
fmap.default_css = [("leaflet_css", LABELS["leaflet_css"])]
folium.GeoJson(
    {"type": "FeatureCollection", "features": features},
    style_function=lambda f: {
        "fillColor": f["properties"]["colour"],
        "fillOpacity": 0.85,
        "color": "#FFFFFF",
        "weight": 0.6,
    },
    highlight_function=lambda f: {"weight": 2.5, "color": "#000000"},
    tooltip=folium.GeoJsonTooltip(fields=["name", "status"], aliases=[LABELS["name"], LABELS["status"]], sticky=True),
).add_to(fmap)


def _bounds(features):
    west = south = float("inf")
    east = north = float("-inf")
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for x, y in polygon[0]:
                west, east, south, north = min(west, x), max(east, x), min(south, y), max(north, y)
    return [[south, west], [north, east]]


fmap.fit_bounds(_bounds(features))
st_folium(fmap, height=640, use_container_width=True, returned_objects=["last_clicked"])
