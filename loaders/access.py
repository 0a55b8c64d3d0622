"""Who may see and do what: roles, local accounts with salted password hashes, sign-in delays.

Public by default: an anonymous visitor sees the public views only. Staff read everything,
editors also import, admins also manage accounts. The UI checks the role on the server for
every page; hiding links is only a convenience.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

ROLES = ("anonymous", "staff", "editor", "admin")

# The least role each page needs. Public pages carry no internal notes, follow-ups,
# import history or file names.
PAGE_ROLES = {
    "map": "anonymous",
    "briefing": "anonymous",
    "about": "anonymous",
    "visits": "staff",
    "profile": "staff",
    "data": "staff",
    "accounts": "admin",
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


@dataclass
class LoginThrottle:
    """Delays sign-in after repeated failures for a user name, doubling up to a ceiling."""

    free_attempts: int = 3
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delay_for(self, username: str) -> float:
        with self.lock:
            extra = self.failures.get(username.lower(), 0) - self.free_attempts
        return 0.0 if extra < 0 else min(self.base_delay_s * 2**extra, self.max_delay_s)

    def record(self, username: str, success: bool) -> None:
        with self.lock:
            key = username.lower()
            self.failures[key] = 0 if success else self.failures.get(key, 0) + 1


def sign_in(accounts: dict[str, Account], username: str, password: str, throttle: LoginThrottle,
            sleep=time.sleep) -> Account | None:
    """Check a local account; waits first when the name has failed too often (on the server)."""
    delay = throttle.delay_for(username)
    if delay:
        sleep(delay)
    account = accounts.get(username)
    # A missing account still costs one hash, so timing does not tell which names exist.
    ok = verify_password(password, account.password_hash if account else hash_password("x", b"0" * 16))
    ok = ok and account is not None
    throttle.record(username, ok)
    return account if ok else None
