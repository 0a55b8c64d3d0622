"""Who may see and do what: roles, local accounts with salted password hashes, sign-in delays.

Public by default: an anonymous visitor sees the public views only. Staff read everything,
editors also import, admins also manage accounts. The UI checks the role on the server for
every page; hiding links is only a convenience.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Protocol

ROLES = ("anonymous", "staff", "editor", "admin")

# The least role each page needs. Public pages carry no internal notes, follow-ups,
# import history or file names.
PAGE_ROLES = {
    "map": "anonymous",
    "briefing": "anonymous",
    "coverage": "anonymous",
    "about": "anonymous",
    "visits": "staff",
    "profile": "staff",
    "cells": "staff",  # editing cells: editor
    "data": "staff",
    "admin": "admin",  # accounts, roles and the audit log
}
IMPORT_ROLE = "editor"

# scrypt parameters: 2^14 iterations, 8 MB of memory, ~50 ms per check on this hardware.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def allows(role: str, needed: str) -> bool:
    """True when `role` is at least `needed` in the order anonymous < staff < editor < admin."""
    if role not in ROLES or needed not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def may_open(role: str, page: str) -> bool:
    return allows(role, PAGE_ROLES.get(page, "admin"))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A self-describing salted scrypt hash: scrypt$n$r$p$salt$digest (base64)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    encode = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt)}${encode(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    password_hash: str


def read_accounts(config: dict) -> dict[str, Account]:
    """Local accounts from the `[livcr.accounts.<name>]` tables of secrets.toml.

    An account with a plain `password` entry, an unknown role or no hash is refused: the
    file must never hold a password in clear.
    """
    accounts = {}
    for username, entry in (config or {}).items():
        entry = dict(entry)
        if "password" in entry:
            raise ValueError(f"account {username!r}: plain-text 'password' is not accepted; store password_hash")
        role = entry.get("role", "")
        if role not in ROLES[1:]:
            raise ValueError(f"account {username!r}: role must be one of {', '.join(ROLES[1:])}, not {role!r}")
        if not str(entry.get("password_hash", "")).startswith("scrypt$"):
            raise ValueError(f"account {username!r}: password_hash must be a scrypt hash (python -m loaders hash-password)")
        accounts[username] = Account(username, role, entry["password_hash"])
    return accounts


def role_from_claims(claims: dict, mapping: dict) -> str:
    """The role of an OIDC user: the highest role whose configured groups or e-mails match.

    `mapping` is `[livcr.oidc_roles]`, e.g. {"editor": ["radix-editors"], "admin": ["alice@ibz.be"]};
    the token's `groups` (or `roles`) claim and its `email` are compared with it.
    """
    found = {str(g) for key in ("groups", "roles") for g in (claims.get(key) or [])}
    if claims.get("email"):
        found.add(str(claims["email"]).lower())
    role = "staff"  # any authenticated user of the configured provider is staff
    for candidate in ROLES[1:]:
        wanted = {str(v).lower() if "@" in str(v) else str(v) for v in mapping.get(candidate, [])}
        if wanted & found:
            role = candidate
    return role


# --- sessions that outlast a reload ----------------------------------------------------------

MIN_SECRET_LENGTH = 32
SESSION_SECRET_HELP = (
    "Sign-in is switched off until a session secret is configured: add the line\n"
    'session_secret = "<at least 32 random characters>"\n'
    "under [livcr] in .streamlit/secrets.toml (python -m loaders new-secret prints one), "
    "the same on every replica, then restart."
)


def read_session_secret(config: dict) -> str:
    """`[livcr] session_secret`, which signs the sign-in cookie; refused when absent or short."""
    secret = str((config or {}).get("session_secret", ""))
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(SESSION_SECRET_HELP)
    return secret


def new_session_secret() -> str:
    return secrets.token_urlsafe(48)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, purpose: str, data: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), purpose.encode("ascii") + b"\x00" + data, hashlib.sha256).digest()


def _hash_tag(secret: str, password_hash: str) -> str:
    """Ties a token to the account's current hash without carrying it: a new password ends it."""
    return _b64(_mac(secret, "password", password_hash.encode("utf-8"))[:12])


def issue_session_token(account: Account, secret: str, now: float, lifetime_s: float) -> str:
    """A signed, expiring token naming the account: `payload.signature`, both base64url."""
    payload = {"u": account.username, "exp": int(now + lifetime_s), "h": _hash_tag(secret, account.password_hash)}
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{body}.{_b64(_mac(secret, 'session', body.encode('ascii')))}"


@dataclass(frozen=True)
class Session:
    account: Account
    expires: float


def read_session_token(token: str, accounts: dict[str, Account], secret: str, now: float) -> Session | None:
    """The session a token stands for, or None: bad signature, expired, unknown account, new password."""
    try:
        body, signature = str(token).split(".")
        if not hmac.compare_digest(_unb64(signature), _mac(secret, "session", body.encode("ascii"))):
            return None
        payload = json.loads(_unb64(body))
        account = accounts.get(payload["u"])
        expires = float(payload["exp"])
    except (ValueError, KeyError, TypeError, UnicodeError):
        return None
    if account is None or expires <= now:
        return None
    if not hmac.compare_digest(str(payload.get("h", "")), _hash_tag(secret, account.password_hash)):
        return None
    return Session(account, expires)


def session_is_current(accounts: dict[str, Account], username: str, tag: str, secret: str) -> bool:
    """Whether a signed-in session's account still exists with the password it signed in with."""
    account = accounts.get(username)
    return account is not None and hmac.compare_digest(tag, _hash_tag(secret, account.password_hash))


def password_tag(account: Account, secret: str) -> str:
    return _hash_tag(secret, account.password_hash)


# --- sign-in delays -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    """After `free_attempts` failures for a name, each attempt waits `base_delay_s`, doubling up to
    `max_delay_s`. Attempts are booked in turn, so parallel ones wait as if they came one by one;
    one that would wait over `max_wait_s` is refused at once, without checking the password."""

    free_attempts: int = 3
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    max_wait_s: float = 60.0

    def delay_after(self, failures: int) -> float:
        """The pause the next attempt owes after `failures` failures in a row."""
        extra = failures - self.free_attempts
        return 0.0 if extra < 0 else min(self.base_delay_s * 2**extra, self.max_delay_s)


class Throttle(Protocol):
    """Books sign-in attempts per name (`loaders.store.StoreThrottle` keeps them in the store)."""

    policy: ThrottlePolicy

    def reserve(self, name: str, now: float) -> float:
        """Seconds until the name's turn; the turn is booked only if that is within max_wait_s."""

    def succeeded(self, name: str, now: float) -> None: ...


@dataclass(frozen=True)
class SignIn:
    account: Account | None
    retry_after_s: float = 0.0  # > 0 when the attempt was refused before the password was checked


def throttle_key(username: str) -> str:
    return username.strip().lower()[:255]


def sign_in(accounts: dict[str, Account], username: str, password: str, throttle: Throttle,
            sleep=time.sleep, clock=time.time) -> SignIn:
    """Check a local account after waiting the turn the throttle books for its name (on the server).

    The attempt is booked as a failure before the password is checked, so no number of parallel
    attempts gets more checks than the same attempts made one after another.
    """
    key = throttle_key(username)
    now = clock()
    wait = throttle.reserve(key, now)
    if wait > throttle.policy.max_wait_s:
        return SignIn(None, retry_after_s=wait - throttle.policy.max_wait_s)
    if wait > 0:
        sleep(wait)
    account = accounts.get(username)
    # A missing account still costs one hash, so timing does not tell which names exist.
    ok = verify_password(password, account.password_hash if account else hash_password("x", b"0" * 16))
    if ok and account is not None:
        throttle.succeeded(key, clock())
        return SignIn(account)
    return SignIn(None)
