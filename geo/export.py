"""Maps for slides and mail: a standalone HTML file (Leaflet inlined), PNG images, and a
replay of the status over time as an animated GIF, an MP4 video or a ZIP of PNG frames.

Everything works with no server and no internet, and carries only what the map shows:
names, statuses, the legend, the figures, the day, the data's source (a label, never a
file name or an address) and, for demo data, a "DEMO DATA" mark no crop of the map loses.
Nothing here knows a language: the caller gives every word (`Caption`).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import xstatic.pkg.leaflet as xstatic_leaflet

# Where the demo mark is on a slide whatever its language, as fractions of its width and height
# from the top left (x0, y0, x1, y1): tests read its pixels there. The mark ends at DEMO_RIGHT.
DEMO_BOX = (0.86, 0.035, 0.965, 0.085)
DEMO_RIGHT = 0.975
DEMO_RED = "#B00020"
INK = "#1A1A1A"
MUTED = "#4D4D4D"
SLIDE_SIZE = (1920, 1080)  # a single day's PNG: a full-HD slide
SEQUENCE_SIZE = (1280, 720)  # each frame of a replay by years
# By months a replay has some 130 frames: a GIF holds them all while it is written, so they are
# smaller (about 70 MB of palette frames instead of 120 MB at 720p).
SEQUENCE_SIZES = {"year": SEQUENCE_SIZE, "month": (960, 540)}
STEPS = ("year", "month")
# The map's patterns (loaders.vocabulary.PATTERNS) as matplotlib hatches: a slide, like the
# map, never tells the classes by colour alone.
HATCHES = {"solid": "", "stripes": "///", "dots": "..", "cross": "xx"}
HATCH_INK = "#00000080"


@dataclass(frozen=True)
class Figure:
    """One figure beside the map: "Flanders", "112 / 308", "Operational cells: 77 · visits: 35"."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Caption:
    """What every export says around the map, in the reader's language."""

    title: str  # "LIVC-R in Belgium"
    as_of: str  # "Status as of 1 January 2017"
    source: str  # "Source: ..." (a label: never a file name, a path or a database address)
    figures: tuple[Figure, ...] = ()
    note: str = ""  # what the figures count
    demo_mark: str = ""  # "DEMO DATA" when the registry is the demo dataset, else empty

    def lines(self) -> list[str]:
        """Every text the caption puts on an export, in reading order."""
        words = [self.demo_mark, self.title, self.as_of]
        for item in self.figures:
            words += [item.label, item.value, item.detail]
        return [w for w in (*words, self.note, self.source) if w]


@dataclass(frozen=True)
class Frame:
    """One step of a replay: the day, the map of municipalities valid then, their classes."""

    day: dt.date
    vintage: int
    classes: dict[str, str] = field(compare=False, repr=False)
    caption: Caption = field(compare=False, repr=False)


def replay_days(step: str, start: dt.date, today: dt.date) -> list[dt.date]:
    """The days a replay steps through: `start`, the first day of every year (or month) after
    it, and `today` last. Whole years and months begin where the maps change (1 January 2019,
    1 January 2025), so no frame mixes two maps' worth of a period."""
    if step not in STEPS:
        raise ValueError(f"a replay steps by {' or '.join(STEPS)}, not {step!r}")
    if start > today:
        raise ValueError(f"a replay from {start} cannot end on {today}")
    days = [start]
    year, month = start.year, start.month
    while True:
        if step == "year":
            year, month = year + 1, 1
        else:
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        day = dt.date(year, month, 1)
        if day > today:
            break
        days.append(day)
    if days[-1] != today:
        days.append(today)
    return days


def standalone_html(fmap: folium.Map, caption: Caption) -> str:
    """The map as one HTML file filling the window: a title bar (title, day, figures, source,
    demo mark) over a map of the rest of the window's height. Leaflet's script and stylesheet
    are inlined instead of linked, so nothing is fetched but optional background tiles."""
    page = fmap.get_root().render()
    source = Path(xstatic_leaflet.BASE_DIR)
    script = (source / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    style = (source / "leaflet.css").read_text(encoding="utf-8")
    for _, url in fmap.default_js:
        page = page.replace(f'<script src="{url}"></script>', f"<script>{script}</script>")
    for _, url in fmap.default_css:
        page = page.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{style}</style>")
    head = f"<head><title>{html.escape(caption.title)} — {html.escape(caption.as_of)}</title><style>{_PAGE_CSS}</style>"
    page = page.replace("<head>", head, 1)
    return page.replace("<body>", f"<body>{_title_bar(caption)}", 1)


# The page is a column of the window's height: the bar takes what it needs, the map the rest
# (folium gives its map a fixed height in pixels, which loses here).
_PAGE_CSS = """
html, body {height: 100vh; margin: 0; padding: 0;}
body {display: flex; flex-direction: column; font-family: sans-serif; color: #1a1a1a;}
.livcr-bar {flex: 0 0 auto; display: flex; flex-wrap: wrap; align-items: baseline; gap: .3em 1.5em;
  padding: .5em 1em; border-bottom: 1px solid #ccc; background: #fff;}
.livcr-bar h1 {font-size: 1.8em; margin: 0;}
.livcr-bar .as-of {font-size: 1.3em;}
.livcr-bar .figures {display: flex; flex-wrap: wrap; gap: .2em 1.2em; font-size: 1.1em;}
.livcr-bar .source, .livcr-bar .note {font-size: .9em; color: #4d4d4d;}
.livcr-bar .demo {background: #b00020; color: #fff; font-weight: bold; padding: .15em .6em;
  border-radius: 3px; letter-spacing: .05em;}
.folium-map {flex: 1 1 auto; height: auto !important; min-height: 0; width: 100% !important;}
/* The legend's type follows the window, so on a phone it leaves the country free. */
.livcr-legend > div {font-size: clamp(11px, min(3.3vh, 3.6vw), 26px) !important;}
"""


def _title_bar(caption: Caption) -> str:
    e = html.escape
    demo = f'<span class="demo">{e(caption.demo_mark)}</span>' if caption.demo_mark else ""
    figures = "".join(f"<span><b>{e(f.label)}</b> {e(f.value)}</span>" for f in caption.figures)
    return (
        f'<header class="livcr-bar">{demo}<h1>{e(caption.title)}</h1>'
        f'<span class="as-of">{e(caption.as_of)}</span>'
        f'<span class="figures">{figures}</span>'
        f'<span class="note">{e(caption.note)}</span>'
        f'<span class="source">{e(caption.source)}</span></header>'
    )


class SlideRenderer:
    """Draws slides (16:9 images) of status maps with their caption, legend and demo mark.

    The municipalities of each map are turned into drawable shapes once; each slide only
    recolours them and rewrites the texts, so a replay of a hundred frames costs a hundred
    rasterisations, not a hundred maps. Matplotlib's object interface, not pyplot: each
    renderer owns its figure, so two downloads in two threads cannot draw on each other.
    """

    def __init__(
        self,
        maps: dict[int, gpd.GeoDataFrame],
        colours: dict[str, str],
        labels: dict[str, str],
        size: tuple[int, int] = SLIDE_SIZE,
        patterns: dict[str, str] | None = None,
    ):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure as MplFigure

        self.colours, self.labels = colours, labels
        self.hatches = {code: HATCHES[(patterns or {}).get(code, "solid")] for code in colours}
        self.fallback = tuple(colours)[-1]  # as on the map: the last class is that of the unclassified
        width, height = size
        # Laid out for 1920 x 1080 at 100 dpi; another size scales everything alike.
        self.figure = MplFigure(figsize=(19.2, 10.8), dpi=width / 19.2)
        if round(self.figure.get_figheight() * self.figure.dpi) != height:
            raise ValueError(f"a slide is 16:9, not {width} x {height}")
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_axes((0.01, 0.05, 0.60, 0.80))
        self.axes.set_axis_off()
        self.maps = maps
        self._shapes: dict[int, tuple] = {}
        self._shown: int | None = None
        self._texts: list = []
        self.drawn: list[str] = []  # the texts of the last slide, in drawing order (a test hook)

    def _collection(self, key: int):
        if key not in self._shapes:
            from matplotlib.collections import PatchCollection

            frame = self.maps[key].to_crs(31370)
            patches = [_patch(geometry) for geometry in frame.geometry]
            collection = PatchCollection(patches, edgecolor="white", linewidth=0.4)
            self._shapes[key] = (list(frame["nis"]), collection, frame.total_bounds, patches)
        return self._shapes[key]

    def draw(self, key: int, classes: dict[str, str], caption: Caption) -> np.ndarray:
        """The slide of map `key` coloured by `classes` (NIS code → class): RGB, height x width x 3."""
        from matplotlib.collections import PatchCollection

        codes, collection, bounds, patches = self._collection(key)
        for drawn in list(self.axes.collections):
            if drawn is not collection:
                drawn.remove()  # last slide's hatches
        if self._shown != key:
            for drawn in list(self.axes.collections):
                drawn.remove()
            self.axes.add_collection(collection)
            west, south, east, north = bounds
            self.axes.set_xlim(west, east)
            self.axes.set_ylim(south, north)
            self.axes.set_aspect("equal")
            self._shown = key
        shown = [classes.get(nis) if classes.get(nis) in self.colours else self.fallback for nis in codes]
        collection.set_facecolor([self.colours[c] for c in shown])
        for code, hatch in self.hatches.items():
            chosen = [patch for patch, c in zip(patches, shown) if c == code]
            if hatch and chosen:
                self.axes.add_collection(PatchCollection(
                    chosen, facecolor="none", edgecolor="none", linewidth=0, hatch=hatch, hatchcolor=HATCH_INK,
                ))
        counts = {code: shown.count(code) for code in self.colours}
        self._write(caption, counts)
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()

    def _write(self, caption: Caption, counts: dict[str, int]) -> None:
        from matplotlib.patches import Patch

        for item in self._texts:
            item.remove()
        self._texts = []
        self.drawn = []
        figure = self.figure

        def text(x, y, words, **style):
            if words:
                self._texts.append(figure.text(x, y, words, **style))
                self.drawn.append(words)

        if caption.demo_mark:
            _, y0, _, y1 = DEMO_BOX
            text(
                DEMO_RIGHT, 1 - (y0 + y1) / 2, caption.demo_mark, ha="right", va="center", color="white",
                fontsize=26, fontweight="bold",
                bbox={"boxstyle": "square,pad=0.4", "facecolor": DEMO_RED, "edgecolor": DEMO_RED},
            )
            # Across the map too, so that cropping the corner off does not make the map look real.
            # Sized to its length, so that a longer word ("DONNÉES DE DÉMO") stays on the slide.
            text(0.31, 0.45, caption.demo_mark, ha="center", va="center", color=DEMO_RED, alpha=0.22,
                 fontsize=min(110, 990 / max(len(caption.demo_mark), 1)), fontweight="bold", rotation=24)
        text(0.02, 0.965, caption.title, ha="left", va="top", fontsize=34, fontweight="bold", color=INK)
        text(0.02, 0.895, caption.as_of, ha="left", va="top", fontsize=26, color=INK)
        y = 0.84
        for index, item in enumerate(caption.figures):
            big = index == 0  # the country first, larger than its regions
            text(0.64, y, item.label, ha="left", va="top", fontsize=20 if big else 17, color=MUTED)
            text(0.64, y - 0.035, item.value, ha="left", va="top", fontsize=38 if big else 28, fontweight="bold", color=INK)
            text(0.64, y - (0.095 if big else 0.083), item.detail, ha="left", va="top", fontsize=14, color=MUTED)
            y -= 0.145 if big else 0.125
        text(0.64, y + 0.005, caption.note, ha="left", va="top", fontsize=13, color=MUTED, wrap=True)
        handles = [
            Patch(facecolor=colour, edgecolor="#555555", hatch=self.hatches[code], hatchcolor=HATCH_INK,
                  label=f"{self.labels[code]} ({counts[code]})")
            for code, colour in self.colours.items()
        ]
        legend = figure.legend(
            handles=handles, loc="lower left", bbox_to_anchor=(0.635, 0.07), fontsize=17, frameon=False,
        )
        self._texts.append(legend)
        self.drawn += [h.get_label() for h in handles]
        text(0.02, 0.018, caption.source, ha="left", va="bottom", fontsize=13, color=MUTED)


def _patch(geometry):
    """One municipality as one drawable shape: every ring of every part, holes wound backwards."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from shapely.geometry import polygon as shapely_polygon

    parts = getattr(geometry, "geoms", [geometry])
    paths = []
    for part in parts:
        part = shapely_polygon.orient(part, 1.0)
        for ring in (part.exterior, *part.interiors):
            paths.append(MplPath(np.asarray(ring.coords)[:, :2], closed=True))
    return PathPatch(MplPath.make_compound_path(*paths))


def png_bytes(image: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def render_png(
    frame: gpd.GeoDataFrame,
    classes: dict[str, str],
    colours: dict[str, str],
    labels: dict[str, str],
    caption: Caption,
    size: tuple[int, int] = SLIDE_SIZE,
    patterns: dict[str, str] | None = None,
) -> bytes:
    """A 16:9 slide of `frame`'s municipalities coloured by class, with its caption and legend."""
    return png_bytes(SlideRenderer({0: frame}, colours, labels, size, patterns).draw(0, classes, caption))


def render_frames(
    frames: Sequence[Frame], maps: dict[int, gpd.GeoDataFrame], colours: dict[str, str],
    labels: dict[str, str], size: tuple[int, int] = SEQUENCE_SIZE, patterns: dict[str, str] | None = None,
) -> Iterator[np.ndarray]:
    """The slides of a replay, one at a time (a month-step replay would not fit in memory whole)."""
    renderer = SlideRenderer(maps, colours, labels, size, patterns)
    for frame in frames:
        yield renderer.draw(frame.vintage, frame.classes, frame.caption)


def gif_bytes(images: Iterable[np.ndarray], seconds_per_frame: float, hold_last_s: float = 3.0) -> bytes:
    """An animated GIF, looping, one frame per image; the last one stays longer.

    Each frame has a palette of its own (256 colours, no dithering): the classes' flat colours
    are its most frequent ones, so they stay exact; a palette shared from the first frame would
    lack the colours of classes that appear later. Frames are converted as the writer asks for
    them, so only its own copies are held.
    """
    frames = _palette_frames(iter(images), seconds_per_frame, hold_last_s)
    first = next(frames, None)
    if first is None:
        raise ValueError("a GIF needs at least one frame")
    buffer = io.BytesIO()
    # Each frame's duration is in its own info (the last one is known only at the end).
    first.save(buffer, format="GIF", save_all=True, append_images=frames, loop=0, optimize=False, disposal=1)
    return buffer.getvalue()


def _palette_frames(images: Iterator[np.ndarray], seconds: float, hold_last_s: float):
    from PIL import Image

    previous = None
    for image in images:
        frame = Image.fromarray(image).quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        frame.info["duration"] = round(seconds * 1000)
        if previous is not None:
            yield previous
        previous = frame
    if previous is not None:
        previous.info["duration"] = round(max(seconds, hold_last_s) * 1000)
        yield previous


def mp4_bytes(images: Iterable[np.ndarray], seconds_per_frame: float, hold_last_s: float = 3.0,
              fps: int = 4) -> bytes:
    """An H.264 MP4 (yuv420p, which PowerPoint, Keynote and browsers play), one image per step.

    Encoded by the ffmpeg binary that the imageio-ffmpeg wheel ships: nothing to install on
    the machine. Images are streamed to it, never all held in memory.
    """
    import imageio_ffmpeg

    repeat = max(1, round(seconds_per_frame * fps))
    handle, name = tempfile.mkstemp(suffix=".mp4")
    os.close(handle)
    try:
        writer = None
        last = None
        for image in images:
            if writer is None:
                height, width = image.shape[:2]
                writer = imageio_ffmpeg.write_frames(
                    name, (width, height), fps=fps, codec="libx264", pix_fmt_out="yuv420p",
                    macro_block_size=16, quality=7, ffmpeg_log_level="error",
                    output_params=["-movflags", "+faststart"],
                )
                writer.send(None)  # start ffmpeg
            for _ in range(repeat):
                writer.send(np.ascontiguousarray(image))
            last = image
        if writer is None:
            raise ValueError("a video needs at least one frame")
        for _ in range(max(0, round(hold_last_s * fps) - repeat)):
            writer.send(np.ascontiguousarray(last))
        writer.close()
        return Path(name).read_bytes()
    finally:
        Path(name).unlink(missing_ok=True)


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP of named files (PNG frames are stored: compressing them again gains nothing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
