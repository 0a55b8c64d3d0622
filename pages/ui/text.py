"""The words of the interface: the chosen language and the catalogue's texts in it."""

from __future__ import annotations

import streamlit as st

import locales
from locales import (  # noqa: F401 - the pages' formatters
    LANGUAGES, format_date, format_moment, format_number, format_period, format_share,
)
from pages.ui.config import get_config


# How every date picker writes a day, as Belgian forms do.
DATE_INPUT_FORMAT = "DD/MM/YYYY"


def t(key: str, lang: str, **values) -> str:
    """The catalogue's text of `key` in `lang` (locales/), `values` filled in; a missing key raises."""
    return locales.text(key, lang, **values)


def language() -> str:
    """The interface language: the switch's value, else the URL's `lang`, else the setting.

    Read before the switch is drawn, so the navigation can be titled in it: a widget's new
    value is in the session state before the script reruns.
    """
    if "language" not in st.session_state:
        from pages.ui.views import language_from_query

        st.session_state["language"] = language_from_query(st.query_params, get_config().language)
    return st.session_state["language"]
