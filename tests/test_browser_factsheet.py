"""Real browser, as staff: on Liège's profile, the public fact sheet is downloaded as PDF (and
PNG) and read back: one A4 page with the municipality's name and none of the internal fields;
the internal one is downloaded next and holds them, marked "internal — staff only". Then the
Cells page's sheet of Liège's cell.

The store is the demo dataset plus one visit and one planned visit recorded here, with a note
and a follow-up written for this test, so that what must not show is known exactly.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil

from browser import ARTIFACTS_DIR, open_chromium, screenshot, screenshot_on_failure
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from streamlit_server import run_streamlit

from geo.settings import ROOT
from loaders import access, store
from loaders.store import editing

LIEGE = "62063"
NOTE = "Internal for the browser test: ask again about the schools programme"
PLANNED_NOTE = "Internal for the browser test: bring the cartography printed"
FOLLOW_UP = dt.date(2026, 9, 14)


def app_folder(tmp_path) -> tuple[dict, str]:
    config = tmp_path / "app" / ".streamlit"
    config.mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", config / "config.toml")
    lines = ["[livcr]", f'session_secret = "{"f" * 48}"', "[livcr.accounts.sara]", 'role = "staff"',
             f'password_hash = "{access.hash_password("pw-sara")}"']
    (config / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'factsheet.sqlite'}"
    return {"cwd": tmp_path / "app", "env": {"LIVCR_DATABASE_URL": url, "LIVCR_CACHE_DIR": str(tmp_path / "cache")}}, url


def seed(url: str, nis: str = LIEGE) -> dict:
    """The demo store, a visit to `nis` with a note and a follow-up, and a planned one; returns
    the internal texts the store now holds for it."""
    engine = store.open_store(url)
    today = dt.date.today()
    editing.record_visit(engine, "test", visited_on=dt.date(2026, 6, 2), team="radix_front_office",
                         offer="awareness_day", municipalities=[nis], report_delivered=True, follow_up=FOLLOW_UP,
                         internal_notes=NOTE, today=today)
    editing.record_visit(engine, "test", visited_on=today + dt.timedelta(days=40), team="radix_front_office",
                         offer="project_support", municipalities=[nis], internal_notes=PLANNED_NOTE, today=today)
    reg = store.load_registry_frames(engine)
    engine.dispose()
    history = store.status_history(reg, nis)
    return {"note": NOTE, "planned_note": PLANNED_NOTE, "follow_up": FOLLOW_UP.strftime("%d/%m/%Y"),
            "source": history["source"].iloc[-1]}


def pdf_of(data: bytes) -> tuple[int, tuple[float, float], str]:
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return len(reader.pages), (round(float(box.width)), round(float(box.height))), text


def keep_artifacts(files: dict[str, bytes]) -> None:
    """The downloaded sheets, beside the screenshots, to look at."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (ARTIFACTS_DIR / name).write_bytes(data)


def download(page: Page, button: str):
    with page.expect_download(timeout=90_000) as downloaded:
        page.get_by_role("button", name=button).click()
    return downloaded.value.suggested_filename, downloaded.value.path().read_bytes()


def choose_version(page: Page, label: str, button: str) -> None:
    """Pick a version, and wait for the rerun that names its buttons."""
    version = page.get_by_test_id("stRadio").filter(has_text="Version")
    version.get_by_text(label, exact=True).click()
    expect(page.get_by_role("button", name=button)).to_be_visible(timeout=30_000)


def test_staff_download_the_public_and_the_internal_fact_sheet_of_a_municipality(tmp_path):
    folder, url = app_folder(tmp_path)
    internal = seed(url)
    with run_streamlit(ROOT / "dashboard.py", **folder) as base_url, open_chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page = context.new_page()
        with screenshot_on_failure(page, "factsheet-profile"):
            page.goto(f"{base_url}/profile?nis={LIEGE}")
            main = page.get_by_test_id("stMain")
            main.get_by_label("User name").fill("sara")
            main.locator("input[type=password]").fill("pw-sara")
            main.get_by_role("button", name="Sign in", exact=False).click()
            expect(page.get_by_role("heading", name="Liège", level=2)).to_be_visible(timeout=60_000)
            page.wait_for_function("() => document.cookie.includes('livcr_session=')", timeout=30_000)
            # Staff get the internal version first.
            expect(page.get_by_role("button", name="Internal fact sheet (PDF, A4)")).to_be_visible(timeout=30_000)
            screenshot(page, "factsheet-profile-buttons")

            choose_version(page, "Public", "Public fact sheet (PDF, A4)")
            public_name, public_pdf = download(page, "Public fact sheet (PDF, A4)")
            png_name, png = download(page, "Public fact sheet (PNG)")
            choose_version(page, "Internal (staff only)", "Internal fact sheet (PDF, A4)")
            staff_name, staff_pdf = download(page, "Internal fact sheet (PDF, A4)")

    keep_artifacts({"factsheet-liege-public.png": png, "factsheet-liege-public.pdf": public_pdf,
                    "factsheet-liege-staff.pdf": staff_pdf})
    (public_pages, public_size, public_text), (staff_pages, staff_size, staff_text) = pdf_of(public_pdf), pdf_of(staff_pdf)
    assert (public_name, png_name, staff_name) == (
        f"factsheet-liege-{LIEGE}-public-en.pdf", f"factsheet-liege-{LIEGE}-public-en.png",
        f"factsheet-liege-{LIEGE}-staff-en.pdf")
    assert (public_pages, public_size, staff_pages, staff_size) == (1, (595, 842), 1, (595, 842))
    assert (png[:8], int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (
        b"\x89PNG\r\n\x1a\n", 1240, 1753)
    assert ("Liège" in public_text, "Liège" in staff_text, "DEMO DATA" in public_text) == (True, True, True)
    assert [k for k, v in internal.items() if v in public_text] == []
    assert [k for k, v in internal.items() if v in staff_text] == list(internal)
    assert ("INTERNAL — STAFF ONLY" in staff_text, "STAFF ONLY" in public_text) == (True, False)


def test_staff_download_the_sheet_of_a_cell_from_the_cells_page(tmp_path):
    folder, url = app_folder(tmp_path)
    demo = store.load_registry_frames(store.open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}"))
    today = dt.date.today()
    # A cell of the demo (which may be regenerated) with a member today, and that member.
    cell_id, member = next((c, m) for c in demo.cells["cell_id"] for m in store.cell_members_on(demo, c, today))
    cell_name = demo.cells.set_index("cell_id").loc[cell_id, "name"]
    seed(url, member)
    with run_streamlit(ROOT / "dashboard.py", **folder) as base_url, open_chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page = context.new_page()
        with screenshot_on_failure(page, "factsheet-cells"):
            page.goto(f"{base_url}/cells?cell={cell_id}")
            main = page.get_by_test_id("stMain")
            main.get_by_label("User name").fill("sara")
            main.locator("input[type=password]").fill("pw-sara")
            main.get_by_role("button", name="Sign in", exact=False).click()
            expect(page.get_by_role("button", name="Internal fact sheet (PDF, A4)")).to_be_visible(timeout=60_000)
            screenshot(page, "factsheet-cells-buttons")
            name, data = download(page, "Internal fact sheet (PDF, A4)")
    keep_artifacts({"factsheet-cell-staff.pdf": data})
    pages, size, text = pdf_of(data)
    assert (name.endswith("-staff-en.pdf"), pages, size) == (True, 1, (595, 842))
    assert (cell_name in text, NOTE in text, "INTERNAL — STAFF ONLY" in text) == (True, True, True)
