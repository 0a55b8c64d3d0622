"""Maps for slides and mail: a standalone HTML file (Leaflet inlined) and a PNG image.

Both work with no server and no internet, and carry only what the map shows: names,
statuses, the legend and the date.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import folium
import geopandas as gpd
import xstatic.pkg.leaflet as xstatic_leaflet


def standalone_html(fmap: folium.Map, title: str) -> str:
    """The map as one HTML file: Leaflet's script and stylesheet inlined instead of linked."""
    page = fmap.get_root().render()
    source = Path(xstatic_leaflet.BASE_DIR)
    script = (source / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    style = (source / "leaflet.css").read_text(encoding="utf-8")
    for _, url in fmap.default_js:
        page = page.replace(f'<script src="{url}"></script>', f"<script>{script}</script>")
    for _, url in fmap.default_css:
        page = page.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{style}</style>")
    return page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)


def render_png(
    frame: gpd.GeoDataFrame,
    classes: dict[str, str],
    colours: dict[str, str],
    labels: dict[str, str],
    title: str,
    subtitle: str,
    width_px: int = 1920,
    height_px: int = 1080,
) -> bytes:
    """A 16:9 image of `frame`'s municipalities coloured by class, with a large legend."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib import pyplot as plt
    from matplotlib.patches import Patch

    dpi = 100
    figure, axes = plt.subplots(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    metric = frame.to_crs(31370)
    fallback = tuple(colours)[-1]  # as on the map: the last class is that of the unclassified
    fill = [colours[classes.get(nis, fallback)] for nis in metric["nis"]]
    metric.plot(ax=axes, color=fill, edgecolor="white", linewidth=0.4)
    axes.set_axis_off()
    axes.set_aspect("equal")
    counts = {code: 0 for code in colours}
    for nis in metric["nis"]:
        counts[classes.get(nis, fallback)] += 1
    handles = [
        Patch(facecolor=colour, edgecolor="#555555", label=f"{labels[code]} ({counts[code]})")
        for code, colour in colours.items()
    ]
    axes.legend(handles=handles, loc="lower left", fontsize=22, frameon=True, framealpha=0.92)
    figure.suptitle(title, fontsize=36, fontweight="bold", x=0.02, ha="left")
    axes.set_title(subtitle, fontsize=22, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()
