"""Test helper (not a test module): run a Streamlit app in a subprocess.

Usage::

    from streamlit_server import run_streamlit

    with run_streamlit("tests/data/apps/hello_app.py") as base_url:
        ...  # base_url == "http://127.0.0.1:<port>"

The server log goes to ``test-artifacts/streamlit-logs/<app>-<port>.log``.
If startup fails, or the body of the ``with`` block raises, the log is
printed to stdout (pytest shows captured stdout for failing tests), kept,
and the exception is re-raised; after a clean exit the log is deleted.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = REPO_ROOT / "test-artifacts" / "streamlit-logs"

STARTUP_TIMEOUT_S = 60.0
SHUTDOWN_TIMEOUT_S = 10.0
_POLL_INTERVAL_S = 0.1
_PORT_ATTEMPTS = 3

# Options that keep the server quiet, local and deterministic under test.
#  * server.headless: no "open a browser" / no first-run email prompt.
#  * browser.gatherUsageStats=false: otherwise the frontend fetches
#    https://data.streamlit.io/metrics.json on every page load (observed with
#    streamlit 1.67; the only external request the hello app made).
#  * --server.address 127.0.0.1 (always passed below) also matters: with a
#    wildcard address and headless=true, Streamlit looks up its "External
#    URL" via an HTTP request at startup.
#  * server.fileWatcherType=none / runOnSave=false: no file watching (avoids
#    inotify limits in containers and reruns while tests run).
STREAMLIT_TEST_OPTIONS: tuple[str, ...] = (
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    "--server.fileWatcherType", "none",
    "--server.runOnSave", "false",
)


class StreamlitStartupError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _print_log(log_path: Path, reason: str) -> None:
    try:
        text = log_path.read_text(errors="replace")
    except OSError as exc:
        text = f"<could not read log: {exc}>"
    print(f"\n===== streamlit server log ({reason}): {log_path} =====")
    print(text.rstrip() or "<empty>")
    print("===== end of streamlit server log =====", flush=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=SHUTDOWN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=SHUTDOWN_TIMEOUT_S)


def _start(script: Path, env: dict, cwd: Path, port: int, log_path: Path):
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        *STREAMLIT_TEST_OPTIONS,
    ]
    log_file = open(log_path, "wb")
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    finally:
        log_file.close()  # the child keeps its own copy of the descriptor
    return proc


@contextlib.contextmanager
def run_streamlit(
    script_path: str | os.PathLike,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
    unset_prefix: str | None = None,
) -> Iterator[str]:
    """Start ``streamlit run script_path`` on a free 127.0.0.1 port.

    ``env`` is overlaid on ``os.environ`` (it does not replace it); variables whose
    name starts with ``unset_prefix`` are removed from it first.
    ``cwd`` defaults to the repository root, so ``.streamlit/config.toml``
    there applies; a relative ``script_path`` is resolved against the
    repository root.  Yields the base URL, e.g. ``http://127.0.0.1:8765``.
    """
    script = Path(script_path)
    if not script.is_absolute():
        script = REPO_ROOT / script
    if not script.is_file():
        raise FileNotFoundError(script)
    run_cwd = Path(cwd) if cwd is not None else REPO_ROOT
    full_env = {k: v for k, v in os.environ.items() if not (unset_prefix and k.startswith(unset_prefix))}
    # The tests' own process draws the map page whole (conftest.py); a server draws it as shipped.
    full_env.pop("LIVCR_MAP_FIRST", None)
    full_env.update(env or {})
    full_env.setdefault("PYTHONUNBUFFERED", "1")
    LOG_DIR.mkdir(parents=True, exist_ok=True)

    proc = None
    log_path = None
    base_url = None
    try:
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port = _free_port()
            log_path = LOG_DIR / f"{script.stem}-{port}.log"
            proc = _start(script, full_env, run_cwd, port, log_path)
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while time.monotonic() < deadline:
                if _health_ok(f"{url}/_stcore/health"):
                    base_url = url
                    break
                if proc.poll() is not None:
                    break
                time.sleep(_POLL_INTERVAL_S)  # poll interval, not a wait-for
            if base_url:
                break
            if proc.poll() is None:
                raise StreamlitStartupError(
                    f"streamlit not healthy after {STARTUP_TIMEOUT_S:.0f}s "
                    f"on {url} (log: {log_path})"
                )
            # Exited early: retry only if another process grabbed the port.
            log_text = log_path.read_text(errors="replace")
            if attempt < _PORT_ATTEMPTS and (
                f"Port {port} is not available" in log_text
                or "already in use" in log_text
            ):
                log_path.unlink(missing_ok=True)
                continue
            raise StreamlitStartupError(
                f"streamlit exited with code {proc.returncode} during startup "
                f"(log: {log_path})"
            )
    except BaseException:
        if proc is not None:
            _stop(proc)
        if log_path is not None:
            _print_log(log_path, "startup failed")
        raise

    try:
        yield base_url
    except BaseException:
        _stop(proc)
        _print_log(log_path, "test body raised")
        raise
    finally:
        _stop(proc)
    log_path.unlink(missing_ok=True)
