"""No traceback reaches a visitor."""

from __future__ import annotations

import contextlib
import logging
import secrets

import streamlit as st

from geo import settings
from loaders import store
from pages.ui.text import LANGUAGES, t


LOG = logging.getLogger("livcr")

if not LOG.handlers:  # Streamlit configures its own loggers only; ours goes to the server log too
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)


@contextlib.contextmanager
def friendly_errors():
    """No traceback reaches a visitor: an unexpected error becomes a short message in the
    visitor's language with an incident id, and the traceback goes to the server log with it.

    Streamlit's own control flow (st.stop, st.rerun) is a BaseException and passes through.
    """
    try:
        yield
    except store.StoreRefused as refused:
        # Said whole, in the visitor's language: what happened to the store and how to restore it.
        LOG.error("store refused: %s", refused)
        st.error(refused.public_problem.render(_visitor_language()), icon=":material/error:")
    except Exception as error:
        incident = secrets.token_hex(4)
        kind = store.classify_error(error)
        LOG.error("incident %s (%s) on page %s", incident, kind or "unexpected", _page_path(), exc_info=error)
        if settings.SHOW_ERRORS.read().lower() == "true":
            st.exception(error)  # whatever client.showErrorDetails says: asked for explicitly
            return
        st.error(t(f"error_{kind or 'unexpected'}", _visitor_language(), incident=incident), icon=":material/error:")


def _visitor_language() -> str:
    """The session's language, read without anything that could fail again (the settings'
    reader, not the cached configuration)."""
    lang = st.session_state.get("language") or settings.LANGUAGE.read()
    return lang if lang in LANGUAGES else "en"


def _page_path() -> str:
    try:
        return str(st.context.url or "")
    except Exception:  # outside a browser session (AppTest)
        return ""
