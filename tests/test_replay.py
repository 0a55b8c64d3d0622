"""The briefing's replay under AppTest (play, the timer's steps, the slider, the step, pause) and
the captions every export of it carries, for the demo dataset and for a real registry."""

from __future__ import annotations

import datetime as dt
import io
from html import escape

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from geo import export, gazetteer, mergers
from geo.settings import ROOT
from loaders import importer, store
from locales import format_date, text

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
SURVEY = dt.date(2016, 5, 27)
TODAY = dt.date.today()
SENTINEL = "SENTINEL-SOURCE-5521"


def briefing() -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page(str(ROOT / "pages" / "briefing.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> tuple[str, dict[str, str]]:
    assert not at.exception, [e.value for e in at.exception]
    return at.title[0].value, {m.label: m.value for m in at.metric}


def expected(engine, boundaries, day: dt.date) -> tuple[str, dict[str, str]]:
    """The title and figures of a day, from the store and that day's map."""
    reg = store.load_registry_frames(engine)
    vintage = mergers.vintage_of_date(day)
    status = store.status_on(reg, day) if vintage == 2025 else store.status_on_vintage(reg, day, vintage)
    figures = store.figures_by_region(reg, boundaries[vintage], day, status=status)
    values = {"Belgium": f"{figures['covered'].sum()} / {figures['municipalities'].sum()}"}
    values |= {gazetteer.region_label(r.region, "en"): f"{r.covered} / {r.municipalities}" for r in figures.itertuples()}
    return f"LIVC-R in Belgium — {format_date(day, 'en')}", values


def tick(at: AppTest) -> AppTest:
    """What the fragment's timer does, without waiting for it: the last step was long ago."""
    at.session_state["replay_ticked"] = 0.0
    return at.run()


def test_play_steps_through_every_year_on_that_days_map_then_stops(page_store, web_boundaries):
    at = briefing()
    at.button(key="briefing_survey").click().run()
    at.button(key="replay_play").click().run()
    assert at.button(key="replay_play").label == "Pause"
    assert [d.disabled for d in at.date_input] == [True]  # the day is the replay's while it plays
    days = export.replay_days("year", SURVEY, TODAY)
    seen = [shown(at)]
    while at.session_state["replay_playing"]:
        seen.append(shown(tick(at)))
        assert len(seen) <= len(days)
    assert seen == [expected(page_store, web_boundaries, day) for day in days]
    assert [m.split(" / ")[1] for _, figures in seen for m in figures.values()][::4] == [
        str(mergers.VINTAGE_COUNTS[mergers.vintage_of_date(day)]) for day in days
    ]
    assert at.button(key="replay_play").label == "Play" and at.query_params.get("day") is None  # today
    # Played to the end, Play starts again from the survey.
    at.button(key="replay_play").click().run()
    assert shown(at) == expected(page_store, web_boundaries, SURVEY)


def test_a_rerun_sooner_than_the_step_shows_the_same_step(page_store, web_boundaries):
    at = briefing()
    at.button(key="briefing_survey").click().run()
    at.button(key="replay_play").click().run()
    at.run()  # e.g. the map mounting the next vintage's base: no time has passed
    assert shown(at) == expected(page_store, web_boundaries, SURVEY)
    assert shown(tick(at)) == expected(page_store, web_boundaries, dt.date(2017, 1, 1))
    at.button(key="replay_play").click().run()  # Pause
    assert not at.session_state["replay_playing"]
    assert at.date_input(key="briefing_day").value == dt.date(2017, 1, 1) and at.query_params["day"] == "2017-01-01"
    assert shown(tick(at)) == expected(page_store, web_boundaries, dt.date(2017, 1, 1))  # paused: no step


def test_the_slider_the_step_and_the_date_picker_show_one_day(page_store, web_boundaries):
    at = briefing()
    slider = at.select_slider(key="replay_at")
    assert slider.options == [format_date(d, "en", "short") for d in export.replay_days("year", SURVEY, TODAY)]
    slider.set_value(dt.date(2019, 1, 1)).run()
    assert shown(at) == expected(page_store, web_boundaries, dt.date(2019, 1, 1))
    assert shown(at)[1]["Belgium"].endswith("/ 581")
    at.segmented_control(key="replay_step").set_value("month").run()
    months = export.replay_days("month", SURVEY, TODAY)
    assert at.select_slider(key="replay_at").options == [format_date(d, "en", "short") for d in months]
    assert at.select_slider(key="replay_at").value == dt.date(2019, 1, 1)
    # A day between two steps: the map shows it, the slider the step before it.
    at.date_input(key="briefing_day").set_value(dt.date(2018, 12, 20)).run()
    assert shown(at) == expected(page_store, web_boundaries, dt.date(2018, 12, 20))
    assert at.select_slider(key="replay_at").value == dt.date(2018, 12, 1)
    assert [b.label for b in at.get("download_button")] == [
        "Map as HTML (offline)", "Map as PNG (slides)", "Replay as GIF (slides)", "Replay as MP4 video",
        "Replay as PNG frames (ZIP)",
    ]
    assert any("DEMO DATA" in w.value for w in at.warning)


def test_every_export_of_the_demo_says_demo_with_its_day_figures_and_source(page_store, web_boundaries):
    from pages.ui import cached

    caption = cached.briefing_caption(SURVEY, "en")
    _, figures = expected(page_store, web_boundaries, SURVEY)
    assert caption.demo_mark == "DEMO DATA" and caption.source == text("export_source_demo", "en")
    assert (caption.title, caption.as_of) == ("LIVC-R in Belgium", "Status as of 27 May 2016")
    assert {f.label: f.value for f in caption.figures} == figures
    assert caption.note == "Municipalities covered by an operational cell · 589 municipalities"
    html = cached.briefing_html(SURVEY, "en").decode("utf-8")
    words = [caption.demo_mark, caption.title, caption.as_of, caption.note, caption.source]
    words += [w for f in caption.figures for w in (f.label, f.value)]
    assert [w for w in words if escape(w) not in html] == []
    png = np.asarray(Image.open(io.BytesIO(cached.briefing_png(SURVEY, "en"))).convert("RGB"))
    x0, y0, x1, y1 = export.DEMO_BOX
    mark = png[int(y0 * 1080):int(y1 * 1080), int(x0 * 1920):int(x1 * 1920)]
    assert (np.abs(mark.astype(int) - [0xB0, 0x00, 0x20]).sum(axis=-1) < 30).mean() > 0.5


def test_exports_of_a_real_registry_name_it_and_carry_no_demo_mark_and_no_source(page_store, tmp_path):
    from pages.ui import cached

    status = tmp_path / "status.csv"
    status.write_text(f"gemeente;status;datum;bron\nGent;operationeel;2019-05-01;{SENTINEL}\n", encoding="utf-8")
    importer.import_file(page_store, status, "status")
    caption = cached.briefing_caption(TODAY, "en")
    assert (caption.demo_mark, caption.source) == ("", text("export_source_registry", "en"))
    assert {f.label: f.value for f in caption.figures}["Belgium"] == "1 / 565"
    html = cached.briefing_html(TODAY, "en").decode("utf-8")
    assert "DEMO DATA" not in html and SENTINEL not in html and escape(text("export_source_registry", "en")) in html
    png = np.asarray(Image.open(io.BytesIO(cached.briefing_png(TODAY, "en"))).convert("RGB"))
    x0, y0, x1, y1 = export.DEMO_BOX
    assert (png[int(y0 * 1080):int(y1 * 1080), int(x0 * 1920):int(x1 * 1920)] == 255).all()


@pytest.mark.parametrize("kind, check", [
    ("gif", lambda data: Image.open(io.BytesIO(data)).n_frames),
    ("zip", lambda data: len(__import__("zipfile").ZipFile(io.BytesIO(data)).namelist())),
])
def test_the_replay_files_have_one_frame_per_step(page_store, kind, check):
    from pages.ui import cached

    assert check(cached.replay_file("year", kind, "en", TODAY)) == len(export.replay_days("year", SURVEY, TODAY))
