"""What a first visit's browser is told to fetch at once, and may keep: the map's own files.

Without it, a browser opening the national map discovers the map's files one after the other,
each only once the one before has run: Streamlit's page, then (when the map's delta arrives)
the module that draws a component, the component's frame, its bundle, Leaflet, the geometry,
Leaflet's stylesheet. `PreloadMiddleware` adds to the page's HTML, on the paths that open a
map, `<link rel="preload">` for all of them, so they are fetched while Streamlit's own bundle
is parsed; and it lets the browser keep the files whose names change with their content.

Only what the map's first frame needs is preloaded (a few small modules and four files,
~190 kB): preloading every module of the page was measured to delay Streamlit's own start.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit

STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
# Streamlit's lazily loaded modules the map page's first run draws: a custom component's
# frame, and the style-only HTML element of the page's CSS (pages/ui/render.add_css).
MAP_MODULES = ("ComponentInstance", "Html")
FOLIUM_COMPONENT = "streamlit_folium.st_folium"
# The paths whose page draws a map first (dashboard.py's URL paths of the map and briefing).
MAP_PATHS = ("/", "/national-map", "/map", "/briefing")
# Served under names that change with their content (a version, a digest, a build hash):
# a browser may keep them for good.
IMMUTABLE_PATHS = re.compile(
    r"^/(app/static/(leaflet-[0-9.]+|geometry|search)/|component/[\w.]+/static/(js|css|media)/)"
)
CACHE_FOREVER = b"public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Preloads:
    """The links, as HTML, that go into the head of the pages on `paths`."""

    html: bytes
    paths: tuple[str, ...] = MAP_PATHS


def streamlit_modules(names: tuple[str, ...], static_dir: Path = STREAMLIT_STATIC) -> list[str]:
    """The files of Streamlit's lazily loaded modules `names` and of everything they import,
    from its build manifest, leaving out those its page already preloads; relative to its
    static folder. An unknown name (another Streamlit version) is left out."""
    manifest = json.loads((static_dir / "manifest.json").read_text(encoding="utf-8"))
    index = (static_dir / "index.html").read_text(encoding="utf-8")
    files: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen or key not in manifest:
            return
        seen.add(key)
        for imported in manifest[key].get("imports", ()):
            visit(imported)
        files.append(manifest[key]["file"])

    for key, entry in manifest.items():
        if entry.get("isDynamicEntry") and entry.get("name") in names:
            visit(key)
    return [f for f in files if f.endswith(".js") and f not in index]


def component_bundles(package: str = "streamlit_folium") -> list[str]:
    """The scripts of a component's frame, as its page loads them (`static/js/main.<hash>.js`),
    found without importing the package (a component declared before Streamlit's runtime
    has its registry would be served by no one)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return []
    build = Path(spec.origin).parent / "frontend" / "build"
    return sorted(p.relative_to(build).as_posix() for p in (build / "static" / "js").glob("main.*.js"))


def build_preloads(scripts: list[str], styles: list[str], paths: tuple[str, ...] = MAP_PATHS) -> Preloads:
    """Links for Streamlit's map modules, the map frame's bundle, and `scripts` and `styles`
    (URLs on this server, such as Leaflet and the geometry, in the order the frame loads them)."""
    links = [f'<link rel="modulepreload" crossorigin href="./{f}">' for f in streamlit_modules(MAP_MODULES)]
    links += [
        f'<link rel="preload" as="script" fetchpriority="low" href="./component/{FOLIUM_COMPONENT}/{f}">' for f in component_bundles()
    ]
    links += [f'<link rel="preload" as="script" fetchpriority="low" href=".{u}">' for u in scripts]
    links += [f'<link rel="preload" as="style" fetchpriority="low" href=".{u}">' for u in styles]
    return Preloads("".join(links).encode("utf-8"), paths)


def add_preloads(page: bytes, preloads: Preloads) -> bytes:
    """Streamlit's page with the links at the end of its head (a page without a head is left as it is)."""
    head = page.find(b"</head>")
    return page if head < 0 else page[:head] + preloads.html + page[head:]


class PreloadMiddleware:
    """ASGI middleware: the links in the map pages' HTML, and lasting caching for files
    named by their content. `preloads` is read at each request, so the server may fill it
    once its warm-up knows the geometry's file (until then pages go out unchanged)."""

    def __init__(self, app, source):
        self.app = app
        self.source = source  # a callable giving the current Preloads, or None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if IMMUTABLE_PATHS.match(path):
            await self.app(scope, receive, _cached_forever(send))
            return
        preloads = self.source() if scope["method"] == "GET" else None
        if preloads is None or path not in preloads.paths:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _with_preloads(send, preloads))


def _cached_forever(send):
    async def wrapped(message):
        if message["type"] == "http.response.start" and message.get("status") == 200:
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
            message = {**message, "headers": [*headers, (b"cache-control", CACHE_FOREVER)]}
        await send(message)

    return wrapped


def _with_preloads(send, preloads: Preloads):
    """Holds the page's response back until its body is whole, then sends it with the links."""
    start: dict = {}
    body: list[bytes] = []

    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = {k.lower(): v for k, v in message.get("headers", [])}
            if message.get("status") != 200 or not headers.get(b"content-type", b"").startswith(b"text/html"):
                start["pass"] = True
                await send(message)
                return
            start.update(message)
            return
        if start.get("pass") or message["type"] != "http.response.body":
            await send(message)
            return
        body.append(message.get("body", b""))
        if message.get("more_body"):
            return
        page = b"".join(body)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
        encoding = {k.lower(): v for k, v in headers}.get(b"content-encoding")
        if encoding == b"gzip":
            page = gzip.compress(add_preloads(gzip.decompress(page), preloads))
        elif encoding is None:
            page = add_preloads(page, preloads)
        await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
        await send({"type": "http.response.body", "body": page})

    return wrapped
