"""The national map first (pages/ui/first_paint.py), under AppTest with the setting as shipped:
a session's first run draws the heading and the map, from the link's area; the browser's word
that the map is painted (the map's value, set here as the map sets it) brings the rest; later
runs draw the whole page at once. The browser side is in test_browser_map.py."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import clear_app_caches
from geo.choropleth import HIDDEN
from geo.settings import ROOT

DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")
PAINTED = {"last_clicked": None, "painted": True}


@pytest.fixture
def map_first(monkeypatch):
    monkeypatch.setenv("LIVCR_MAP_FIRST", "true")
    clear_app_caches()
    yield
    monkeypatch.undo()
    clear_app_caches()


def drawn(at: AppTest) -> dict:
    """What a run drew, as a visitor would list it."""
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    return {
        "title": [t.value for t in at.title],
        "maps": 1,
        "states": args["feature_group"].count("window.livcr.show"),
        "announces": '"announce":true' in args["script"],
        "sidebar": [w.label for w in at.sidebar.selectbox] + [w.label for w in at.sidebar.radio],
        "figures": [m.label for m in at.metric],
        "details": [i.value for i in at.info],
    }


FIGURES = ["Municipalities", "With an operational cell", "Operational cells", "Population covered"]
SIDEBAR = ["Region", "Province", "Language · Taal · Langue"]


def test_the_first_run_draws_the_map_alone_and_the_maps_word_brings_the_rest(map_first):
    at = AppTest.from_string(DASHBOARD, default_timeout=120).run()
    assert not at.exception
    assert drawn(at) == {
        "title": ["LIVC-R national cartography"], "maps": 1, "states": 1, "announces": True,
        "sidebar": [], "figures": [], "details": [],
    }
    # Until the map has said so, a rerun still draws it alone.
    at.run()
    assert drawn(at)["figures"] == []
    at.session_state["map"] = PAINTED
    at.run()
    assert not at.exception
    whole = {
        "title": ["LIVC-R national cartography"], "maps": 1, "states": 1, "announces": True,
        "sidebar": SIDEBAR, "figures": FIGURES, "details": ["Click a municipality on the map to see its details here."],
    }
    assert drawn(at) == whole
    # A click replaces the map's value: the page stays whole.
    at.session_state["map"] = {"last_clicked": None}
    at.run()
    assert drawn(at) == whole


def test_the_first_run_draws_the_links_area_and_the_rest_keeps_it(map_first):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.query_params["region"] = "flanders"
    at.query_params["province"] = "70000"
    at.run()
    (component,) = at.get("component_instance")
    selection = json.loads(component.proto.json_args)["feature_group"]
    states = re.search(r'window\.livcr\.show\([^,]+, "([^"]*)"', selection).group(1)
    assert len(at.metric) == 0 and len(states) - states.count(HIDDEN) == 38  # Limburg since 2025
    at.session_state["map"] = PAINTED
    at.run()
    assert (at.sidebar.selectbox(key="region").value, at.sidebar.selectbox(key="province").value) == ("flanders", "70000")
    assert at.metric[0].value == "38"
    # The same map both times: the browser keeps the one it painted.
    (component,) = at.get("component_instance")
    assert json.loads(component.proto.json_args)["feature_group"] == selection
    assert (at.query_params["region"], at.query_params["province"]) == ("flanders", "70000")


def test_other_pages_and_the_setting_off_draw_the_whole_page_at_once(map_first, monkeypatch):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.query_params["lang"] = "nl"
    at.run()
    at.switch_page(str(ROOT / "pages" / "coverage.py")).run()
    assert not at.exception and [w.label for w in at.sidebar.radio] == ["Language · Taal · Langue"]
    monkeypatch.setenv("LIVCR_MAP_FIRST", "false")
    clear_app_caches()
    at = AppTest.from_string(DASHBOARD, default_timeout=120).run()
    assert drawn(at)["figures"] == FIGURES and drawn(at)["announces"] is False
