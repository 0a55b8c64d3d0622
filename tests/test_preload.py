"""pages/ui/preload.py: the links a map page's HTML carries, and the middleware that adds them,
run as ASGI around a real Starlette app (a page and a static folder)."""

from __future__ import annotations

import asyncio
import gzip
import re

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pages.ui import preload

PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"
LEAFLET = "/app/static/leaflet-1.9.3/leaflet.js"
GEOMETRY = "/app/static/geometry/municipalities-2025-0123456789ab.js"
STYLE = "/app/static/leaflet-1.9.3/leaflet.css"


def test_the_map_modules_are_streamlits_files_with_what_they_import():
    files = preload.streamlit_modules(preload.MAP_MODULES)
    index = (preload.STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")
    assert [f for f in files if re.fullmatch(r"static/js/(ComponentInstance|Html)\.[\w-]+\.js", f)] != []
    assert {re.match(r"static/js/(\w+)\.", f).group(1) for f in files} >= {"ComponentInstance", "Html"}
    assert all((preload.STREAMLIT_STATIC / f).is_file() and f not in index for f in files)
    # Each file once, a module after what it imports (the order a browser may use them).
    assert len(files) == len(set(files))
    assert preload.streamlit_modules(("NoSuchElement",)) == []


def test_the_map_frames_bundle_is_the_components_own_script():
    (bundle,) = preload.component_bundles()
    assert re.fullmatch(r"static/js/main\.[0-9a-f]+\.js", bundle)
    assert preload.component_bundles("no_such_package_here") == []


def test_the_links_name_every_file_of_the_map_in_the_order_it_loads_them():
    links = preload.build_preloads([LEAFLET, GEOMETRY], [STYLE]).html.decode()
    hrefs = re.findall(r'<link rel="(\w+)"(?: as="(\w+)")?[^>]* href="([^"]+)">', links)
    modules = [h for rel, _, h in hrefs if rel == "modulepreload"]
    assert modules == [f"./{f}" for f in preload.streamlit_modules(preload.MAP_MODULES)]
    assert [(kind, h) for rel, kind, h in hrefs if rel == "preload"] == [
        ("script", f"./component/streamlit_folium.st_folium/{preload.component_bundles()[0]}"),
        ("script", f".{LEAFLET}"),
        ("script", f".{GEOMETRY}"),
        ("style", f".{STYLE}"),
    ]


def test_the_links_go_at_the_end_of_the_head_and_a_page_without_one_is_left_alone():
    links = preload.Preloads(b'<link rel="preload" href="./x.js">')
    assert preload.add_preloads(PAGE, links) == PAGE.replace(b"</head>", b'<link rel="preload" href="./x.js"></head>')
    assert preload.add_preloads(b"<p>no head</p>", links) == b"<p>no head</p>"


def _app(static_dir) -> Starlette:
    async def page(_request):
        return HTMLResponse(PAGE)

    async def zipped(_request):
        return Response(gzip.compress(PAGE), media_type="text/html", headers={"content-encoding": "gzip"})

    async def data(_request):
        return Response(b'{"a": 1}', media_type="application/json")

    return Starlette(routes=[
        Route("/", page), Route("/briefing", zipped), Route("/coverage", page), Route("/national-map", data),
        Mount("/app/static", StaticFiles(directory=static_dir)),
    ])


def _get(app, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request through the ASGI app: status, headers, body."""
    sent: list[dict] = []
    requested: list[bool] = []

    async def receive():
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.fixture
def served(tmp_path):
    (tmp_path / "geometry").mkdir()
    (tmp_path / "geometry" / "municipalities-2025-0123456789ab.js").write_text("var x;")
    (tmp_path / "notes.txt").write_text("not named by its content")
    links = preload.build_preloads([LEAFLET, GEOMETRY], [STYLE])
    state = {"preloads": links}
    return preload.PreloadMiddleware(_app(tmp_path), source=lambda: state["preloads"]), links, state


def test_the_map_pages_get_the_links_and_the_others_do_not(served):
    app, links, state = served
    status, headers, body = _get(app, "/")
    assert (status, body) == (200, preload.add_preloads(PAGE, links))
    assert headers["content-length"] == str(len(body))
    # A gzipped page is unzipped, given the links, and zipped again.
    status, headers, body = _get(app, "/briefing")
    assert (status, headers["content-encoding"], gzip.decompress(body)) == (200, "gzip", preload.add_preloads(PAGE, links))
    assert headers["content-length"] == str(len(body))
    # Another page, a map path that is not HTML, a HEAD: as the app made them.
    assert _get(app, "/coverage")[2] == PAGE
    assert _get(app, "/national-map")[2] == b'{"a": 1}'
    assert _get(app, "/", "HEAD")[2] == PAGE  # (the server, not the app, leaves out a HEAD's body)
    # Before the warm-up has made the links (or if it failed), pages go out unchanged.
    state["preloads"] = None
    assert _get(app, "/")[2] == PAGE


def test_files_named_by_their_content_are_kept_for_good_and_others_are_not(served):
    app, _, _ = served
    status, headers, body = _get(app, "/app/static/geometry/municipalities-2025-0123456789ab.js")
    assert (status, headers["cache-control"], body) == (200, "public, max-age=31536000, immutable", b"var x;")
    status, headers, _ = _get(app, "/app/static/notes.txt")
    assert status == 200 and "cache-control" not in headers
    # A missing file is not cached either.
    status, headers, _ = _get(app, "/app/static/geometry/municipalities-2025-ffffffffffff.js")
    assert status == 404 and "cache-control" not in headers
