"""Every page runs under AppTest; widgets are set by key and the figures checked against the store."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from geo import gazetteer
from geo.settings import ROOT
from loaders import access, registry, store

# The dashboard's own source, run from a temporary file: AppTest resets Streamlit's
# "pages/ directory" flag before every run and, seeing pages/ beside the script, would run
# the page files as old-style pages on reruns instead of going through st.navigation.
DASHBOARD = (ROOT / "dashboard.py").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def municipalities(population_csv):
    return gazetteer.load_gazetteer(2025, population_csv)


@pytest.fixture(scope="module")
def status():
    return store.status_on(registry.load_registry(None), dt.date.today())


def run_app(**query) -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_figures(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_figures(selection, status) -> dict[str, str]:
    key = store.compute_key_figures(selection, status)
    return {
        "Municipalities": str(key.municipalities),
        "With an operational cell": f"{key.operational} ({key.operational_share:.0%})",
        "Operational cells": str(key.operational_cells),
        "Population covered": f"{key.population_share:.0%}",
    }


def test_national_view(municipalities, status):
    at = run_app()
    assert shown_figures(at) == expected_figures(municipalities, status)
    assert shown_figures(at)["Municipalities"] == "565"
    assert any("DEMO DATA" in w.value for w in at.warning)


@pytest.mark.parametrize(
    "region, province, count",
    [
        ("flanders", "all", 285),
        ("wallonia", "all", 261),
        ("brussels", "all", 19),
        ("flanders", "70000", 38),  # Limburg after the 2025 mergers
        ("wallonia", "60000", 84),  # Liège
    ],
)
def test_region_and_province_filters(municipalities, status, region, province, count):
    at = run_app()
    at.selectbox(key="region").set_value(region).run()
    if province != "all":
        at.selectbox(key="province").set_value(province).run()
    assert not at.exception
    code = {"flanders": "02000", "wallonia": "03000", "brussels": "04000"}[region]
    selection = municipalities[municipalities["region"] == code]
    if province != "all":
        selection = selection[selection["province"] == province]
    assert len(selection) == count
    assert shown_figures(at) == expected_figures(selection, status)
    assert at.query_params["region"] == region


def test_province_choices_follow_the_region():
    at = run_app()
    at.selectbox(key="region").set_value("wallonia").run()
    assert at.selectbox(key="province").options == [
        "All provinces", "Walloon Brabant", "Hainaut", "Liège", "Luxembourg", "Namur",
    ]
    at.selectbox(key="region").set_value("brussels").run()
    assert at.selectbox(key="province").disabled


def test_a_province_of_another_region_is_reset():
    at = run_app()
    at.selectbox(key="region").set_value("flanders").run()
    at.selectbox(key="province").set_value("10000").run()
    at.selectbox(key="region").set_value("wallonia").run()
    assert at.selectbox(key="province").value == "all"
    assert shown_figures(at)["Municipalities"] == "261"


def test_view_comes_back_from_the_url(municipalities, status):
    at = run_app(region="brussels", lang="fr", nis="21012")
    assert at.selectbox(key="region").value == "brussels"
    assert at.radio(key="language").value == "fr"
    assert at.title[0].value == "Cartographie nationale des CSIL-R"
    assert {m.label for m in at.metric} >= {"Communes", "Avec cellule opérationnelle"}
    assert at.subheader[0].value == "Molenbeek-Saint-Jean"


@pytest.mark.parametrize(
    "language, title, legend",
    [("nl", "Nationale cartografie van de LIVC-R", "Gemeenten"), ("fr", "Cartographie nationale des CSIL-R", "Communes")],
)
def test_language_switch(language, title, legend):
    at = run_app()
    at.radio(key="language").set_value(language).run()
    assert at.title[0].value == title
    assert at.metric[0].label == legend
    assert at.radio(key="language").value == language


def test_unknown_query_values_fall_back_to_defaults():
    at = run_app(region="atlantis", lang="xx", province="99999", nis="00000")
    assert (at.selectbox(key="region").value, at.selectbox(key="province").value) == ("all", "all")
    assert at.radio(key="language").value == "en"
    assert shown_figures(at)["Municipalities"] == "565"


def test_about_page():
    at = run_app()
    at.switch_page(str(ROOT / "pages" / "about.py")).run()
    assert not at.exception
    assert at.title[0].value == "About the data"
    assert any("DEMO DATA" in w.value for w in at.warning)
    assert any("565 of 2025" in m.value for m in at.markdown)


def test_missing_boundaries_give_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("LIVCR_DATA_DIR", str(tmp_path))
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()").run()
    at = AppTest.from_string(DASHBOARD, default_timeout=120).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"The boundary data could not be prepared: no boundary file (.geojson, .json, .topojson, .gpkg, "
        f".shp, .parquet, .zip) in {tmp_path / 'boundaries'} or {tmp_path}. Put a boundary file there, or leave "
        f"LIVCR_DATA_DIR and LIVCR_BOUNDARY_SOURCE empty to use the boundaries shipped with the product."
    ]
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()").run()


def test_data_page_checks_an_upload_and_imports_it(tmp_path, monkeypatch):
    """The data page on its own store: the report lists errors first; a clean file imports."""
    monkeypatch.setenv("LIVCR_DATABASE_URL", f"sqlite:///{tmp_path / 'data-page.sqlite'}")
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()").run()
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = "editor", "test-editor"
    at.run()
    at.switch_page(str(ROOT / "pages" / "data.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Data"
    assert any("DEMO DATA" in w.value for w in at.warning)
    assert [b.label for b in at.get("download_button")] == [
        "LIVC-R status (CSV)", "LIVC-R status (XLSX)", "Visits (CSV)", "Visits (XLSX)",
    ]
    bad = "gemeente;status;datum\nGent;operationeel;2020-01-01\nAtlantis;operationeel;2020-01-01\nBorsbeek;gepland;2019-05-01\n"
    at.file_uploader(key="upload").set_value(("bad.csv", bad.encode("cp1252"), "text/csv")).run()
    report = at.dataframe[0].value
    assert report[["Row", "As given", "Outcome"]].values.tolist() == [
        [2, "Atlantis", "unknown"], [3, "Borsbeek", "changed by a merger"], [1, "Gent", "resolved"],
    ]
    assert at.error[0].value.startswith("1 row(s) need attention")
    # No import of the whole file while a row is in error: only, when asked, of the good rows.
    assert not {"import_button", "import_good_button"} & {b.key for b in at.button}
    assert [c.key for c in at.checkbox] == ["only_good"]
    good = "gemeente;status;datum\nGent;operationeel;2020-01-01\nBorsbeek;gepland;2019-05-01\n"
    at.file_uploader(key="upload").set_value(("good.csv", good.encode(), "text/csv")).run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Imported: 2 rows written, 0 already present."
    history = at.dataframe[-1].value
    assert history[["File", "Rows", "Written", "Replaced the demo"]].values.tolist() == [["good.csv", 2, 2, "yes"]]
    assert not any("DEMO DATA" in w.value for w in at.warning)  # the demo was replaced
    AppTest.from_string("import streamlit as st\nst.cache_resource.clear()").run()


PAGE_FILES = {
    "map": "map.py", "about": "about.py", "data": "data.py", "profile": "profile.py", "visits": "visits.py",
    "briefing": "briefing.py", "cells": "cells.py", "admin": "admin.py", "coverage": "coverage.py",
}


@pytest.mark.parametrize("role", ["anonymous", "staff", "editor", "admin"])
@pytest.mark.parametrize("page", sorted(PAGE_FILES))
def test_every_role_and_page_pair_is_checked_on_the_server(role, page):
    """A page run directly (as a crafted request would) refuses a role that may not open it."""
    at = AppTest.from_file(str(ROOT / "pages" / PAGE_FILES[page]), default_timeout=120)
    if role != "anonymous":
        at.session_state["role"], at.session_state["user"] = role, f"test-{role}"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    refused = [e.value for e in at.error if "for signed-in staff" in e.value]
    assert bool(refused) is not access.may_open(role, page)


@pytest.fixture
def listed_pages(monkeypatch):
    """The titles of the pages the navigation lists (every page is registered; some hidden)."""
    import streamlit as st

    listed, navigation = [], st.navigation

    def listing_navigation(pages, **options):
        listed[:] = [p.title for p in pages if p.visibility == "visible"]
        return navigation(pages, **options)

    monkeypatch.setattr(st, "navigation", listing_navigation)
    return listed


@pytest.mark.parametrize("role, links", [
    ("anonymous", ["National map", "Briefing", "Coverage over time", "About the data"]),
    ("staff", ["National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "About the data"]),
    ("editor", ["National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "About the data"]),
    ("admin", ["National map", "Briefing", "Coverage over time", "Visits", "Municipality profile", "Cells", "Data", "Administration",
               "About the data"]),
])
def test_navigation_shows_only_the_allowed_pages(role, links, listed_pages):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    if role != "anonymous":
        at.session_state["role"] = role
    at.run()
    assert listed_pages == links


SECRETS = {"session_secret": "x" * 40, "accounts": {
    "sam": {"role": "staff", "password_hash": access.hash_password("s3cret")},
}}


def test_sign_in_with_a_local_account_and_the_import_needs_an_editor(tmp_path, listed_pages):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.secrets["livcr"] = SECRETS
    at.run()
    at.text_input(key="sign_in_user").input("sam")
    at.text_input(key="sign_in_password").input("wrong")
    submit = next(b for b in at.button if b.label == "Sign in (staff)")
    submit.click().run()
    assert "Unknown user name or wrong password." in [e.value for e in at.error]
    at.text_input(key="sign_in_password").input("s3cret")
    next(b for b in at.button if b.label == "Sign in (staff)").click().run()
    assert at.session_state["role"] == "staff"
    assert "Data" in listed_pages


def test_sign_in_refuses_to_start_without_a_session_secret():
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.secrets["livcr"] = {"accounts": SECRETS["accounts"]}
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [access.SESSION_SECRET_HELP]
    assert not [w for w in at.text_input if w.key == "sign_in_user"]


@pytest.mark.parametrize("page, query", [
    ("visits", {"teams": "mobile_team", "from": "2016-01-01", "to": "2019-06-30"}),
    ("profile", {"nis": "62063"}),
    ("data", {}),
    ("cells", {"cell": "C002"}),
])
def test_a_deep_link_to_a_staff_page_asks_to_sign_in_there_and_lands_after(page, query):
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.secrets["livcr"] = SECRETS
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(str(ROOT / "pages" / PAGE_FILES[page])).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == [
        "Sign in to see this page: it is for signed-in staff of the Radix Team. You will stay on this page, "
        "with the link's filters."
    ]
    at.text_input(key="sign_in_user").input("sam")
    at.text_input(key="sign_in_password").input("s3cret")
    next(b for b in at.button if b.label == "Sign in (staff)").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["role"] == "staff" and not [i for i in at.info if i.value.startswith("Sign in to see")]
    assert {k: at.query_params[k] for k in query} == query
    assert at.title[0].value == {"visits": "Visits", "profile": "Municipality profile", "data": "Data", "cells": "Cells"}[page]
    if page == "visits":  # the link's filters are applied, not only kept
        assert at.multiselect(key="teams").value == ["mobile_team"]
        assert at.date_input(key="visit_period").value == (dt.date(2016, 1, 1), dt.date(2019, 6, 30))
    if page == "cells":  # the linked cell is opened
        assert at.selectbox(key="cell_pick").value == "C002"


def staff_app(role: str = "staff", **query) -> AppTest:
    at = AppTest.from_string(DASHBOARD, default_timeout=120)
    at.session_state["role"], at.session_state["user"] = role, f"test-{role}"
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    return at


@pytest.mark.parametrize(
    "query, header, note",
    [
        ("Luik", "Liège", None),
        ("Kruibeke", "Beveren-Kruibeke-Zwijndrecht", "merged into Beveren-Kruibeke-Zwijndrecht"),
        ("63040", "Kelmis", None),
    ],
)
def test_profile_finds_a_municipality_by_any_name(query, header, note):
    at = staff_app()
    at.switch_page(str(ROOT / "pages" / "profile.py")).run()
    at.text_input(key="profile_query").input(query).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.header[0].value == header
    if note:
        assert any(note in c.value.replace("\\", "") for c in at.caption)
    reg = registry.load_registry(registry.DEMO_DIR)
    nis = {"Luik": "62063", "Kruibeke": "46030", "63040": "63040"}[query]
    history = at.dataframe[0].value
    assert len(history) == int((reg.status["nis_2025"] == nis).sum())


def test_profile_asks_which_one_for_an_ambiguous_name():
    at = staff_app()
    at.switch_page(str(ROOT / "pages" / "profile.py")).run()
    at.text_input(key="profile_query").input("Saint-Nicolas").run()
    assert at.radio(key="profile_candidate").options == ["Sint-Niklaas", "Saint-Nicolas"]
    at.radio(key="profile_candidate").set_value("62093").run()
    assert at.header[0].value == "Saint-Nicolas"


def test_visits_page_filters_and_planning_list(population_csv):
    at = staff_app()
    at.switch_page(str(ROOT / "pages" / "visits.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    reg = registry.load_registry(registry.DEMO_DIR)
    assert {m.label: m.value for m in at.metric}["Visits in the period"] == str(len(reg.visits))
    at.multiselect(key="teams").set_value(["mobile_team"]).run()
    assert {m.label: m.value for m in at.metric}["Visits in the period"] == "84"
    at.selectbox(key="region").set_value("brussels").run()
    plan = at.dataframe[-1].value  # the last table: the recency map's own table comes first
    expected = planning_expected(reg, population_csv, "04000", ("mobile_team",))
    assert plan["NIS code"].tolist() == expected
    assert [b.label for b in at.get("download_button")] == ["CSV (;)", "XLSX", "CSV (;)", "XLSX"]
    assert at.subheader[0].value == "Time since the last visit"


def planning_expected(reg, population_csv, region, teams):
    """The planning list of a region, counting the visits of some teams only, as the page does."""
    places = gazetteer.load_gazetteer(2025, population_csv)
    places = places[places["region"] == region]
    today = dt.date.today()
    chosen = store.VisitFilter(end=today, teams=teams, municipalities=frozenset(places["nis"]))
    return store.plan_visits(reg, places, today, chosen)["nis"].tolist()


def test_briefing_replays_the_2016_survey_on_the_589_map():
    at = run_app()
    at.switch_page(str(ROOT / "pages" / "briefing.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="briefing_survey").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    # The published survey: 109 cells for 152 municipalities (77/112, 19/27, 13/13), of 589.
    assert shown == {"Belgium": "152 / 589", "Flanders": "112 / 308", "Wallonia": "27 / 262", "Brussels-Capital": "13 / 19"}
    assert any(c.value.startswith("Operational cells: 77 ·") for c in at.caption)
    assert at.query_params["day"] == "2016-05-27"
    assert [b.label for b in at.get("download_button")] == [
        "Map as HTML (offline)", "Map as PNG (slides)", "Replay as GIF (slides)", "Replay as MP4 video",
        "Replay as PNG frames (ZIP)",
    ]


def test_visits_view_comes_back_from_the_url():
    at = staff_app(teams="mobile_team", **{"from": "2016-01-01", "to": "2019-12-31"})
    at.switch_page(str(ROOT / "pages" / "visits.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="teams").value == ["mobile_team"]
    assert {m.label: m.value for m in at.metric}["Visits in the period"] == "84"
