"""Who is signed in: OIDC or local accounts, sessions that outlast a reload, page and action checks."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass

import streamlit as st

from geo import settings
from loaders import access, store
from pages.ui.cached import get_engine
from pages.ui.text import language, t


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


@dataclass(frozen=True)
class SignInSettings:
    """How people sign in here, as the Administration page shows it (never a hash or the secret)."""

    livcr: dict  # the [livcr] secrets: accounts, oidc_roles, session_secret
    oidc: bool  # an [auth] section: Streamlit's st.login
    has_secret: bool


def sign_in_settings() -> SignInSettings:
    livcr = _livcr_secrets()
    try:
        access.read_session_secret(livcr)
        has_secret = True
    except ValueError:
        has_secret = False
    return SignInSettings(livcr, _oidc_configured(), has_secret)


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


@dataclass(frozen=True)
class Visitor:
    """Who the page is drawn for: their role, name and language, as the frame settled them."""

    role: str
    user: str
    lang: str

    def may(self, needed: str) -> bool:
        return access.allows(self.role, needed)


def require_page(page: str) -> Visitor:
    """Stop the page unless the session's role may open it (checked here, on the server, also
    when a page is run without the frame), and tell the page who it is drawn for."""
    leave_old_pages_mode()
    role = current_role()
    if not access.may_open(role, page):
        st.error(t("not_allowed", language()))
        st.stop()
    user = st.user.get("email") if _oidc_signed_in() else st.session_state.get("user", "")
    return Visitor(role=role, user=user or role, lang=language())


def require_role(needed: str) -> None:
    """Stop an action (not only a page) unless the session's role allows it."""
    if not access.allows(current_role(), needed):
        st.error(t("not_allowed", language()))
        st.stop()
