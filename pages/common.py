"""What every page shares: settings, cached data, the sidebar, the demo label.

Caching lives here, in the UI layer; geo/ and loaders/ stay plain functions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import boundaries, gazetteer, settings
from geo.assets import install_leaflet
from loaders import access, registry, store, vocabulary
from loaders.reading import neutralise_formula
from pages.text import LANGUAGES, t

STATIC_DIR = settings.ROOT / "static"
STATIC_URL = "/app/static"
REGION_SLUGS = {
    "flanders": gazetteer.REGION_FLANDERS,
    "wallonia": gazetteer.REGION_WALLONIA,
    "brussels": gazetteer.REGION_BRUSSELS,
}


@dataclass(frozen=True)
class Config:
    data_dir: Path
    cache_dir: Path
    boundary_source: str
    database_url: str
    tiles_url: str
    tiles_attribution: str
    language: str


@st.cache_resource
def get_config() -> Config:
    """Settings are read once per server process."""
    install_leaflet(STATIC_DIR)
    return Config(
        data_dir=settings.find_data_dir(),
        cache_dir=Path(settings.CACHE_DIR.read()),
        boundary_source=settings.BOUNDARY_SOURCE.read(),
        database_url=store.database_url(),
        tiles_url=settings.TILES_URL.read(),
        tiles_attribution=settings.TILES_ATTRIBUTION.read(),
        language=settings.LANGUAGE.read() if settings.LANGUAGE.read() in LANGUAGES else "en",
    )


def boundary_source() -> Path:
    """The boundary file to use; downloads Statbel's file (once, with a progress bar) if set so."""
    config = get_config()
    if config.boundary_source == "auto":
        return boundaries.find_boundary_file(config.data_dir)
    if config.boundary_source != "statbel":
        return Path(config.boundary_source)
    from geo import statbel

    name = Path(statbel.DEFAULT_URL).name
    target = config.cache_dir / "statbel"
    if (target / name).exists():
        return target / name
    bar = st.progress(0.0, text=f"Statbel: {name}")

    def report(done: int, total: int | None) -> None:
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"Statbel: {name} ({done / 1e6:.1f} MB)")

    path = statbel.download_file(statbel.DEFAULT_URL, target, progress=report)
    bar.empty()
    return path


@st.cache_resource(show_spinner=False)
def _load_boundaries(source: str, vintage: int) -> gpd.GeoDataFrame:
    config = get_config()
    return boundaries.load_boundaries(
        vintage, Path(source), config.cache_dir, boundaries.population_file(config.data_dir)
    )


def get_boundaries(vintage: int = 2025) -> gpd.GeoDataFrame:
    """Web-ready municipalities of a vintage, prepared once per source file and server.

    A missing or unusable boundary file stops the page with the reason, not a traceback.
    """
    try:
        with st.spinner(t("preparing", language())):
            return _load_boundaries(str(boundary_source()), vintage)
    except (OSError, ValueError) as exc:
        st.error(f"{t('data_error', language())}: {exc}. {t('data_error_hint', language())}")
        st.stop()


@st.cache_resource(show_spinner=False)
def get_engine():
    """The store, migrated; an empty store receives the demo dataset."""
    return store.open_store(get_config().database_url)


def store_version() -> str:
    """Changes whenever the store does (an import, a replaced demo): the key of cached reads."""
    return store.version(get_engine())


@st.cache_resource(show_spinner=False, max_entries=4)
def _registry(version: str) -> registry.Registry:
    return store.load_registry_frames(get_engine())


def get_registry() -> registry.Registry:
    return _registry(store_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _status(day: dt.date, version: str) -> pd.DataFrame:
    return registry.status_on(_registry(version), day)


def get_status(day: dt.date) -> pd.DataFrame:
    return _status(day, store_version())


def language() -> str:
    """The interface language: the switch's value, else the URL's `lang`, else the setting.

    Read before the switch is drawn, so the navigation can be titled in it: a widget's new
    value is in the session state before the script reruns.
    """
    config = get_config()
    if "language" not in st.session_state:
        wanted = st.query_params.get("lang", config.language)
        st.session_state["language"] = wanted if wanted in LANGUAGES else config.language
    return st.session_state["language"]


def render_sidebar() -> str:
    """The language switch, shared by all pages; returns the chosen language."""
    language()
    lang = st.sidebar.radio(
        "Language · Taal · Langue",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
        horizontal=True,
    )
    st.query_params["lang"] = lang
    return lang


def render_demo_banner(lang: str) -> None:
    if get_registry().is_demo:
        st.warning(t("demo_banner", lang), icon="⚠️")


def region_filter(lang: str, frame: pd.DataFrame) -> tuple[str, str]:
    """Region and province selectboxes (keys 'region' and 'province'), kept in the URL."""
    slugs = ["all", *REGION_SLUGS]
    if "region" not in st.session_state:
        wanted = st.query_params.get("region", "all")
        st.session_state["region"] = wanted if wanted in slugs else "all"
    region_slug = st.sidebar.selectbox(
        t("region", lang),
        slugs,
        key="region",
        format_func=lambda s: t("all_regions", lang) if s == "all" else gazetteer.region_label(REGION_SLUGS[s], lang),
    )
    region = REGION_SLUGS.get(region_slug, "")
    in_region = frame if not region else frame[frame["region"] == region]
    provinces = ["all", *sorted(p for p in in_region["province"].unique() if p)]
    if "province" not in st.session_state:
        st.session_state["province"] = st.query_params.get("province", "all")
    if st.session_state["province"] not in provinces:
        st.session_state["province"] = "all"
    province = st.sidebar.selectbox(
        t("province", lang),
        provinces,
        key="province",
        format_func=lambda p: t("all_provinces", lang) if p == "all" else gazetteer.province_label(p, lang),
        disabled=region == gazetteer.REGION_BRUSSELS,
    )
    _set_param("region", region_slug, "all")
    _set_param("province", province, "all")
    return region, "" if province == "all" else province


def _set_param(name: str, value: str, default: str) -> None:
    if value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def names_in(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return {row["nis"]: gazetteer.display_name(row, lang) for _, row in frame.iterrows()}


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|~>"


def plain(text: object) -> str:
    """Text from data, safe inside st.markdown: no HTML, no Markdown links or emphasis."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in escaped)


# --- access -------------------------------------------------------------------------------


def _livcr_secrets() -> dict:
    try:
        return dict(st.secrets.get("livcr", {}))
    except (FileNotFoundError, KeyError, Exception):  # no secrets.toml at all: a public-only install
        return {}


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


SESSION_COOKIE = "livcr_session"


def _local_accounts() -> dict[str, access.Account]:
    return access.read_accounts(dict(_livcr_secrets().get("accounts", {})))


def _session_secret() -> str:
    return access.read_session_secret(_livcr_secrets())


def _oidc_signed_in() -> bool:
    return _oidc_configured() and getattr(st.user, "is_logged_in", False)


def current_role() -> str:
    if _oidc_signed_in():
        return access.role_from_claims(st.user.to_dict(), dict(_livcr_secrets().get("oidc_roles", {})))
    restore_session()
    return st.session_state.get("role", "anonymous")


def restore_session() -> None:
    """Sign the session in from the browser's sign-in cookie (a reload, a new tab, a link), and
    end a signed-in session whose time is up or whose account's password changed."""
    state = st.session_state
    if "session_expires" in state:
        try:
            current = access.session_is_current(_local_accounts(), state.get("user", ""), state["session_tag"], _session_secret())
        except ValueError:
            current = False
        if not current or time.time() >= state["session_expires"]:
            _end_session()
        return
    if "role" in state or state.get("signed_out"):
        return
    token = st.context.cookies.get(SESSION_COOKIE) if st.context.cookies else None
    if not token:
        return
    try:
        accounts, secret = _local_accounts(), _session_secret()
    except ValueError:
        return
    session = access.read_session_token(token, accounts, secret, time.time())
    if session is None:
        state["cookie_pending"] = ("delete", secrets.token_hex(4))
        return
    _begin_session(session.account, session.expires, secret)


def _begin_session(account: access.Account, expires: float, secret: str) -> None:
    state = st.session_state
    state["role"], state["user"] = account.role, account.username
    state["session_expires"], state["session_tag"] = expires, access.password_tag(account, secret)
    state.pop("signed_out", None)


def _end_session() -> None:
    for key in ("role", "user", "session_expires", "session_tag"):
        st.session_state.pop(key, None)


def sync_session_cookie() -> None:
    """Write or remove the sign-in cookie in the browser, through extra-streamlit-components'
    CookieManager, until the browser confirms it (the component answers after it mounted)."""
    pending = st.session_state.get("cookie_pending")
    if not pending:
        return
    import extra_streamlit_components as stx

    action, nonce, *rest = pending
    key = f"cookie_{action}_{nonce}"
    with st.sidebar:
        manager = stx.CookieManager(key=f"cookie_manager_{nonce}")
        if action == "set":
            token, expires = rest
            manager.set(
                SESSION_COOKIE, token, key=key, expires_at=dt.datetime.fromtimestamp(expires, dt.timezone.utc),
                same_site="strict", secure=str(st.context.url or "").startswith("https:"),
            )
        else:
            try:
                manager.delete(SESSION_COOKIE, key=key)
            except KeyError:  # the manager deletes from its own copy too, which may not have it yet
                pass
    if st.session_state.get(key) is True:
        st.session_state.pop("cookie_pending", None)


def render_sign_in(lang: str, box=None) -> None:
    """Sign-in in the sidebar, or open in `box`: OIDC when an [auth] section is configured, else local accounts."""
    expanded = box is not None
    box = box if box is not None else st.sidebar.container()
    role = current_role()
    if role != "anonymous":
        who = st.user.get("email") if _oidc_signed_in() else st.session_state.get("user")
        box.caption(t("signed_in_as", lang).format(user=who, role=t(f"role_{role}", lang)))
        if box.button(t("sign_out", lang), key="sign_out"):
            if _oidc_signed_in():
                st.logout()
            _end_session()
            st.session_state["signed_out"] = True
            st.session_state["cookie_pending"] = ("delete", secrets.token_hex(4))
            st.rerun()
        return
    if _oidc_configured():
        if box.button(t("sign_in", lang), key="sign_in_oidc"):
            st.login()
        return
    try:
        accounts = _local_accounts()
        secret = _session_secret() if accounts else ""
    except ValueError as error:
        box.error(str(error))
        return
    if not accounts:
        return
    with box.expander(t("sign_in", lang), expanded=expanded), st.form("sign_in_form", border=False):
        username = st.text_input(t("username", lang), key="sign_in_user")
        password = st.text_input(t("password", lang), type="password", key="sign_in_password")
        if st.form_submit_button(t("sign_in", lang)):
            result = access.sign_in(accounts, username, password, store.StoreThrottle(get_engine()))
            if result.retry_after_s:
                st.error(t("sign_in_later", lang).format(seconds=int(result.retry_after_s) + 1))
            elif result.account is None:
                st.error(t("sign_in_failed", lang))
            else:
                now = time.time()
                expires = now + settings.session_hours() * 3600
                token = access.issue_session_token(result.account, secret, now, expires - now)
                _begin_session(result.account, expires, secret)
                st.session_state["cookie_pending"] = ("set", secrets.token_hex(4), token, expires)
                st.rerun()


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
    except Exception as error:
        incident = secrets.token_hex(4)
        kind = store.classify_error(error)
        LOG.error("incident %s (%s) on page %s", incident, kind or "unexpected", _page_path(), exc_info=error)
        if settings.SHOW_ERRORS.read().lower() == "true":
            st.exception(error)  # whatever client.showErrorDetails says: asked for explicitly
            return
        lang = st.session_state.get("language") or settings.LANGUAGE.read()
        lang = lang if lang in LANGUAGES else "en"
        st.error(t(f"error_{kind or 'unexpected'}", lang).format(incident=incident), icon=":material/error:")


def _page_path() -> str:
    try:
        return str(st.context.url or "")
    except Exception:  # outside a browser session (AppTest)
        return ""


def render_refusal(lang: str, role: str, title: str) -> None:
    """What a page says to a session that may not open it: anonymous visitors may sign in right
    there, and then the same page reruns with the link's query parameters still in the URL."""
    st.title(title)
    if role == "anonymous":
        st.info(t("sign_in_to_see", lang), icon=":material/lock:")
        render_sign_in(lang, st.container())
    else:
        st.error(t("not_allowed", lang))


def leave_old_pages_mode() -> None:
    """Make sure the page runs inside dashboard.py's navigation, never as a bare script.

    Streamlit still treats a `pages/` folder beside the entry script as old-style pages
    until the first st.navigation call: a fresh server's first request to a deep link
    (/briefing) would run pages/briefing.py alone and list every file in pages/. Turning
    that mode off and rerunning sends the request through dashboard.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def require_page(page: str) -> str:
    """Stop the page unless the session's role may open it (checked here, on the server)."""
    leave_old_pages_mode()
    role = current_role()
    if not access.may_open(role, page):
        st.error(t("not_allowed", language()))
        st.stop()
    return role


def require_role(needed: str) -> None:
    """Stop an action (not only a page) unless the session's role allows it."""
    if not access.allows(current_role(), needed):
        st.error(t("not_allowed", language()))
        st.stop()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a BOM (so Excel shows accents right), cells safe from formulas."""
    return _neutralised(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _neutralised(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The exports' rule (`reading.neutralise_formula`): no cell runs as a spreadsheet formula."""
    return frame.apply(
        lambda column: column.map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
        if column.dtype == object else column
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _status_vintage(day: dt.date, vintage: int, version: str) -> pd.DataFrame:
    return registry.status_on_vintage(_registry(version), day, vintage)


def get_status_vintage(day: dt.date, vintage: int) -> pd.DataFrame:
    """Status on a day keyed by the municipalities of that day's map (589, 581 or 565)."""
    if vintage == 2025:
        return get_status(day)
    return _status_vintage(day, vintage, store_version())


@st.cache_data(show_spinner=False, max_entries=16)
def _briefing_png(vintage: int, day: dt.date, lang: str, title: str, subtitle: str, version: str) -> bytes:
    from geo import export

    frame = get_boundaries(vintage)
    status = get_status_vintage(day, vintage)
    return export.render_png(
        frame, dict(zip(status["nis"], status["status"])), vocabulary.STATUSES.colours(),
        vocabulary.STATUSES.labels(lang), title, subtitle,
    )


def programme_label(code: str, lang: str) -> str:
    return vocabulary.PROGRAMMES.label(code, lang) if code in vocabulary.PROGRAMMES else code


def status_map_text(lang: str):
    """The words and classes of a map of LIVC-R status, in `lang`."""
    from geo import choropleth

    return choropleth.MapText(
        legend_title=t("status_title", lang), name_label=t("municipality", lang), status_label=t("status_title", lang),
        status_names=vocabulary.STATUSES.labels(lang), colours=vocabulary.STATUSES.colours(),
    )


def briefing_png(vintage: int, day: dt.date, lang: str, title: str, subtitle: str) -> bytes:
    return _briefing_png(vintage, day, lang, title, subtitle, store_version())


if __name__ == "__main__":  # requested as a page of its own (/common): not one
    leave_old_pages_mode()


@st.cache_resource(show_spinner=False)
def _web_geometry(source: str, vintage: int):
    from geo import choropleth

    config = get_config()
    encoded = boundaries.load_web_topology(
        vintage, Path(source), config.cache_dir, boundaries.population_file(config.data_dir)
    )
    return choropleth.WebGeometry.from_encoded(encoded)


def get_web_geometry(vintage: int = 2025):
    """The encoded topology the browser draws (all municipalities of a vintage), cached."""
    return _web_geometry(str(boundary_source()), vintage)


def render_municipality_facts(row: dict, lang: str, formed_from: list) -> None:
    """Names, code, region, province, population and the municipalities it was formed from."""
    names = " · ".join(dict.fromkeys(n for n in (row["name_nl"], row["name_fr"], row["name_de"]) if n))
    population = row["population"]
    shown = t("unavailable", lang) if pd.isna(population) else f"{int(population):,}".replace(",", " ")
    st.markdown(
        f"**{t('names', lang)}:** {plain(names)}  \n"
        f"**{t('nis_code', lang)}:** {row['nis']}  \n"
        f"**{t('region', lang)}:** {gazetteer.region_label(row['region'], lang)}  \n"
        f"**{t('province', lang)}:** {gazetteer.province_label(row['province'], lang)}  \n"
        f"**{t('population', lang)}:** {shown}"
    )
    if formed_from:
        st.markdown(
            f"**{t('merged_from', lang)}:** "
            + plain(", ".join(f"{m.old_name_nl} ({m.old_code}, {m.effective.isoformat()})" for m in formed_from))
        )
