"""The briefing's exports (geo/export.py): the replay's days, slides with their caption and demo
mark, the GIF, MP4 and ZIP of a replay, and the standalone HTML map.

Slides are drawn on a tiny fixture (three squares in Lambert 72, made here) and, for the
replay files, on the boundaries the product ships (conftest's `web_boundaries`)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import geopandas as gpd
import numpy as np
import pytest
from PIL import Image
from shapely.geometry import box

from geo import choropleth, export, mergers
from loaders import vocabulary
from locales import format_date, text

SURVEY = dt.date(2016, 5, 27)
TODAY = dt.date.today()
COLOURS = vocabulary.STATUSES.colours()
LABELS = vocabulary.STATUSES.labels("en")
PATTERNS = vocabulary.STATUSES.patterns()


@pytest.fixture(scope="module")
def squares() -> gpd.GeoDataFrame:
    """Three 10 km squares side by side near Brussels (Lambert 72), as web boundaries come."""
    frame = gpd.GeoDataFrame(
        {"nis": ["11111", "22222", "33333"], "name_nl": ["Een", "Twee", "Drie"], "name_fr": ["Un", "Deux", "Trois"],
         "name_de": ["", "", ""]},
        geometry=[box(140_000 + i * 10_000, 160_000, 150_000 + i * 10_000, 170_000) for i in range(3)],
        crs=31370,
    )
    return frame.to_crs(4326)


def caption(demo: bool, title: str = "LIVC-R in Belgium") -> export.Caption:
    return export.Caption(
        title=title, as_of="Status as of 1 January 2017", source="Source: a registry",
        figures=(export.Figure("Belgium", "2 / 3", "Operational cells: 1 · visits: 4"), export.Figure("Flanders", "1 / 1")),
        note="Municipalities covered by an operational cell · 3 municipalities", demo_mark="DEMO DATA" if demo else "",
    )


# --- the days of a replay ------------------------------------------------------------------


@pytest.mark.parametrize(
    "step, start, today, expected",
    [
        ("year", SURVEY, dt.date(2019, 3, 4),
         [SURVEY, dt.date(2017, 1, 1), dt.date(2018, 1, 1), dt.date(2019, 1, 1), dt.date(2019, 3, 4)]),
        ("year", SURVEY, dt.date(2018, 1, 1), [SURVEY, dt.date(2017, 1, 1), dt.date(2018, 1, 1)]),  # today is a step
        ("month", dt.date(2018, 11, 15), dt.date(2019, 2, 1),
         [dt.date(2018, 11, 15), dt.date(2018, 12, 1), dt.date(2019, 1, 1), dt.date(2019, 2, 1)]),
        ("month", dt.date(2024, 12, 20), dt.date(2024, 12, 31), [dt.date(2024, 12, 20), dt.date(2024, 12, 31)]),
        ("year", TODAY, TODAY, [TODAY]),
    ],
)
def test_replay_days(step, start, today, expected):
    assert export.replay_days(step, start, today) == expected


def test_a_year_replay_from_the_survey_to_today_steps_on_each_first_of_january_on_that_days_map():
    days = export.replay_days("year", SURVEY, TODAY)
    januaries = [dt.date(year, 1, 1) for year in range(2017, TODAY.year + 1)]
    assert days == [SURVEY, *januaries, *([TODAY] if TODAY not in januaries else [])]
    maps = [(day, mergers.VINTAGE_COUNTS[mergers.vintage_of_date(day)]) for day in days]
    # 589 municipalities until 2018, 581 from 1 January 2019, 565 from 1 January 2025.
    assert maps == [(day, 589 if day.year < 2019 else 581 if day.year < 2025 else 565) for day in days]


def test_a_month_replay_has_one_step_per_month_since_the_survey():
    days = export.replay_days("month", SURVEY, TODAY)
    months = (TODAY.year - 2016) * 12 + TODAY.month - 5
    assert len(days) == 1 + months + (TODAY.day != 1)
    assert all(day.day == 1 for day in days[1:-1]) and days == sorted(set(days))


@pytest.mark.parametrize("step, start, today", [("week", SURVEY, TODAY), ("year", TODAY, SURVEY)])
def test_replay_days_refuses(step, start, today):
    with pytest.raises(ValueError):
        export.replay_days(step, start, today)


# --- slides ---------------------------------------------------------------------------------


def region(image: np.ndarray, fractions) -> np.ndarray:
    height, width = image.shape[:2]
    x0, y0, x1, y1 = fractions
    return image[int(y0 * height):int(y1 * height), int(x0 * width):int(x1 * width)]


def share_of(pixels: np.ndarray, colour: str) -> float:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(pixels.astype(int) - rgb).sum(axis=-1) < 30).mean())


@pytest.mark.parametrize("size", [export.SLIDE_SIZE, export.SEQUENCE_SIZE])
def test_a_demo_slide_carries_the_demo_mark_and_every_word_of_its_caption(squares, size):
    renderer = export.SlideRenderer({0: squares}, COLOURS, LABELS, size, PATTERNS)
    image = renderer.draw(0, {"11111": "operational", "22222": "none"}, caption(demo=True))
    assert image.shape == (size[1], size[0], 3)
    mark = region(image, export.DEMO_BOX)
    assert share_of(mark, export.DEMO_RED) > 0.5 and share_of(mark, "#FFFFFF") > 0.05  # red box, white letters
    assert renderer.drawn[:1] == ["DEMO DATA"] and set(caption(demo=True).lines()) <= set(renderer.drawn)
    # The legend counts what is drawn: the third square has no class and is counted as unknown.
    assert [w for w in renderer.drawn if "(" in w] == [
        "Operational (1)", "Being set up (0)", "Planned (0)", "No cell (1)", "Unknown (1)",
    ]
    # Redrawn without the mark (a real registry), the corner is blank and no word says demo.
    image = renderer.draw(0, {}, caption(demo=False))
    assert share_of(region(image, export.DEMO_BOX), "#FFFFFF") > 0.99
    assert not [w for w in renderer.drawn if "DEMO" in w]


def test_render_png_is_a_full_hd_slide(squares):
    png = export.render_png(squares, {"11111": "planned"}, COLOURS, LABELS, caption(demo=True), patterns=PATTERNS)
    picture = Image.open(io.BytesIO(png))
    assert (picture.format, picture.size) == ("PNG", export.SLIDE_SIZE)
    assert share_of(region(np.asarray(picture.convert("RGB")), export.DEMO_BOX), export.DEMO_RED) > 0.5


def test_a_slide_of_another_size_than_16_9_is_refused(squares):
    with pytest.raises(ValueError):
        export.SlideRenderer({0: squares}, COLOURS, LABELS, (1000, 1000))


# --- the replay's files, on the shipped boundaries --------------------------------------------


@pytest.fixture(scope="module")
def year_frames(web_boundaries) -> list[export.Frame]:
    """A year replay's frames with made-up classes: the first municipality of each map operational."""
    frames = []
    for day in export.replay_days("year", SURVEY, TODAY):
        vintage = mergers.vintage_of_date(day)
        first = web_boundaries[vintage]["nis"].iloc[0]
        label = format_date(day, "en")
        frames.append(export.Frame(day, vintage, {first: "operational"}, caption(True, f"LIVC-R {label}")))
    return frames


@pytest.fixture(scope="module")
def year_images(year_frames, web_boundaries) -> list[np.ndarray]:
    return list(export.render_frames(year_frames, web_boundaries, COLOURS, LABELS, patterns=PATTERNS))


def test_every_frame_of_a_year_replay_is_marked_and_drawn_on_its_days_map(year_frames, year_images):
    assert len(year_images) == len(export.replay_days("year", SURVEY, TODAY))
    for image in year_images:
        assert image.shape == (720, 1280, 3)
        assert share_of(region(image, export.DEMO_BOX), export.DEMO_RED) > 0.5
    assert [(f.day.year < 2019, f.vintage) for f in year_frames] == [
        (f.day.year < 2019, 2018 if f.day.year < 2019 else 2019 if f.day.year < 2025 else 2025) for f in year_frames
    ]


def test_the_gif_has_one_frame_per_step_and_holds_the_last(year_images):
    gif = Image.open(io.BytesIO(export.gif_bytes(year_images, 1.5, hold_last_s=3.0)))
    assert (gif.format, gif.size, gif.n_frames) == ("GIF", (1280, 720), len(year_images))
    durations = []
    for index in range(gif.n_frames):
        gif.seek(index)
        durations.append(gif.info["duration"])
    assert durations == [1500] * (len(year_images) - 1) + [3000]
    gif.seek(gif.n_frames - 1)
    last = np.asarray(gif.convert("RGB"))
    assert share_of(region(last, export.DEMO_BOX), export.DEMO_RED) > 0.5
    # The classes' colours come through exact, even those the first frame does not show.
    assert {code: share_of(last, colour) > 0 for code, colour in COLOURS.items()} == dict.fromkeys(COLOURS, True)


def test_the_mp4_is_h264_of_the_steps_times_their_seconds(year_images, tmp_path):
    import imageio_ffmpeg

    path = tmp_path / "replay.mp4"
    path.write_bytes(export.mp4_bytes(year_images, 1.5, hold_last_s=3.0, fps=4))
    assert path.read_bytes()[4:8] == b"ftyp"
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    # Each step 6 frames (1.5 s at 4 fps), and the last held 3 s: 6 frames more.
    assert (frames, seconds) == (6 * len(year_images) + 6, pytest.approx((6 * len(year_images) + 6) / 4, abs=0.3))


def test_the_zip_holds_one_png_per_frame_by_name(year_frames, year_images):
    names = [f"livcr-{i + 1:03d}-{f.day.isoformat()}.png" for i, f in enumerate(year_frames)]
    archive = zipfile.ZipFile(io.BytesIO(export.zip_bytes(
        (name, export.png_bytes(image)) for name, image in zip(names, year_images)
    )))
    assert archive.namelist() == names
    assert {Image.open(archive.open(name)).size for name in names} == {(1280, 720)}


# --- the standalone HTML map --------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>"


def standalone(squares, demo: bool, title: str = "LIVC-R in Belgium") -> str:
    text_ = choropleth.MapText("Status", "Municipality", "Status", LABELS, COLOURS, patterns=PATTERNS)
    fmap = choropleth.build_map(squares, {"11111": HOSTILE}, {"11111": "operational"}, text_, "/app/static")
    return export.standalone_html(fmap, caption(demo, title))


def test_the_html_export_fills_the_window_under_a_title_bar_with_its_caption(squares):
    page = standalone(squares, demo=True)
    bar = re.search(r'<header class="livcr-bar">(.*?)</header>', page, re.DOTALL).group(1)
    assert re.findall(r">([^<]+)<", bar) == [
        "DEMO DATA", "LIVC-R in Belgium", "Status as of 1 January 2017", "Belgium", " 2 / 3", "Flanders", " 1 / 1",
        "Municipalities covered by an operational cell · 3 municipalities", "Source: a registry",
    ]
    assert "<title>LIVC-R in Belgium — Status as of 1 January 2017</title>" in page
    assert "html, body {height: 100vh;" in page and ".folium-map {flex: 1 1 auto; height: auto !important;" in page
    assert "DEMO DATA" not in standalone(squares, demo=False)


def test_the_html_export_is_offline_and_escaped(squares):
    page = standalone(squares, demo=True, title=HOSTILE)
    # Nothing is fetched: no script or stylesheet is linked (Leaflet is inlined), and the only
    # addresses are Leaflet's own: its attribution link, the SVG namespace, a comment.
    assert re.findall(r"<script[^>]*\bsrc=", page) == [] and "<link" not in page
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) == {
        "https://leafletjs.com", "http://www.w3.org/2000/svg", "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
    }
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- the captions the page gives -------------------------------------------------------------------


def test_the_demo_and_source_words_exist_in_every_language():
    for lang in ("en", "nl", "fr"):
        assert text("export_demo_mark", lang) and "Statbel" in text("export_source_demo", lang)
        assert "DEMO" in text("export_demo_mark", lang).upper() or "DÉMO" in text("export_demo_mark", lang)
