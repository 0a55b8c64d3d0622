import pytest

from loaders import access, store


@pytest.mark.parametrize(
    "role, page, allowed",
    [
        ("anonymous", "map", True), ("anonymous", "briefing", True), ("anonymous", "about", True), ("anonymous", "coverage", True),
        ("anonymous", "visits", False), ("anonymous", "profile", False), ("anonymous", "data", False),
        ("anonymous", "admin", False), ("anonymous", "cells", False), ("staff", "cells", True),
        ("staff", "visits", True), ("staff", "profile", True), ("staff", "data", True), ("staff", "admin", False),
        ("editor", "data", True), ("editor", "admin", False),
        ("admin", "admin", True), ("admin", "map", True),
        ("staff", "no-such-page", False), ("root", "map", False),
    ],
)
def test_page_access(role, page, allowed):
    assert access.may_open(role, page) is allowed


@pytest.mark.parametrize("role, may_import", [("anonymous", False), ("staff", False), ("editor", True), ("admin", True)])
def test_import_needs_an_editor(role, may_import):
    assert access.allows(role, access.IMPORT_ROLE) is may_import


def test_password_hashes_are_salted_and_verify():
    first, second = access.hash_password("correct horse"), access.hash_password("correct horse")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert access.verify_password("correct horse", first) and access.verify_password("correct horse", second)
    assert not access.verify_password("wrong", first)
    assert not access.verify_password("correct horse", "plain")


def test_accounts_refuse_plain_passwords_and_unknown_roles():
    good = {"alice": {"role": "editor", "password_hash": access.hash_password("pw")}}
    assert access.read_accounts(good)["alice"].role == "editor"
    with pytest.raises(ValueError, match="plain-text 'password' is not accepted"):
        access.read_accounts({"bob": {"role": "staff", "password": "secret"}})
    with pytest.raises(ValueError, match="role must be one of staff, editor, admin"):
        access.read_accounts({"eve": {"role": "god", "password_hash": access.hash_password("pw")}})


@pytest.mark.parametrize(
    "claims, role",
    [
        ({"email": "someone@ibz.be"}, "staff"),
        ({"email": "x@ibz.be", "groups": ["radix-editors"]}, "editor"),
        ({"email": "Alice@IBZ.be", "groups": ["radix-editors"]}, "admin"),
    ],
)
def test_roles_from_oidc_claims(claims, role):
    mapping = {"editor": ["radix-editors"], "admin": ["alice@ibz.be"]}
    assert access.role_from_claims(claims, mapping) == role


class FakeTime:
    """A clock that the sleeps move forward, so delays are asserted without waiting them."""

    def __init__(self, start: float = 1_000_000.0):
        self.now, self.waits = start, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def throttle(store_url):
    engine = store.open_store(store_url, seed_demo=False)
    return store.StoreThrottle(engine, access.ThrottlePolicy(free_attempts=2, base_delay_s=1.0, max_delay_s=30.0))


def test_sign_in_delays_after_repeated_failures(throttle):
    accounts = access.read_accounts({"alice": {"role": "staff", "password_hash": access.hash_password("pw")}})
    time = FakeTime()
    results = [access.sign_in(accounts, "alice", pw, throttle, sleep=time.sleep, clock=time.clock)
               for pw in ("no", "no", "no", "no", "pw", "no")]
    assert [r.account.username if r.account else None for r in results] == [None, None, None, None, "alice", None]
    assert time.waits == [1.0, 2.0, 4.0]  # the 3rd, 4th and 5th attempts waited; success resets the count
    assert access.sign_in(accounts, "mallory", "pw", throttle, sleep=time.sleep, clock=time.clock).account is None


def test_parallel_attempts_wait_as_if_they_came_one_after_another(throttle):
    """20 wrong attempts at the same instant, from 20 threads: each is booked its own turn."""
    from concurrent.futures import ThreadPoolExecutor

    policy = throttle.policy
    now = 5_000_000.0
    with ThreadPoolExecutor(max_workers=20) as pool:
        waits = sorted(pool.map(lambda _: throttle.reserve("alice", now), range(20)))
    # The same 20 attempts made one by one, each starting when the previous one's turn came.
    turn, failures, sequential = now, 0, []
    for _ in range(20):
        wait = turn - now
        sequential.append(wait)
        if wait <= policy.max_wait_s:
            failures += 1
            turn += policy.delay_after(failures)
    assert waits == sequential
    booked = [w for w in waits if w <= policy.max_wait_s]
    assert booked == [0.0, 0.0, 1.0, 3.0, 7.0, 15.0, 31.0] and throttle.failures("alice") == len(booked)


def test_an_attempt_that_would_wait_too_long_is_refused_unchecked(throttle):
    accounts = access.read_accounts({"alice": {"role": "staff", "password_hash": access.hash_password("pw")}})
    for _ in range(7):
        throttle.reserve("alice", 0.0)
    checked = []
    result = access.sign_in(accounts, "Alice", "pw", throttle, sleep=checked.append, clock=lambda: 0.0)
    assert result == access.SignIn(None, retry_after_s=31.0 + 30.0 - 60.0)  # turn at 61 s (delays capped at 30 s), 60 s allowed
    assert checked == [] and throttle.failures("alice") == 7


SECRET = "s" * 40


def _alice(hash_of: str = "pw") -> dict[str, access.Account]:
    return access.read_accounts({"alice": {"role": "editor", "password_hash": access.hash_password(hash_of)}})


def test_a_session_token_names_the_account_and_expires():
    accounts = _alice()
    token = access.issue_session_token(accounts["alice"], SECRET, now=1000.0, lifetime_s=8 * 3600)
    assert access.read_session_token(token, accounts, SECRET, now=1000.0 + 8 * 3600 - 1) == access.Session(
        accounts["alice"], 1000.0 + 8 * 3600
    )
    assert access.read_session_token(token, accounts, SECRET, now=1000.0 + 8 * 3600) is None
    assert "scrypt" not in token and accounts["alice"].password_hash.split("$")[-1] not in token


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),  # signature changed
    lambda t: t.split(".")[0] + "." + t.split(".")[0],  # signature replaced
    lambda t: "x" + t,  # payload changed
    lambda t: t.split(".")[0],  # no signature
    lambda t: "",
])
def test_a_tampered_token_is_refused(tamper):
    accounts = _alice()
    token = access.issue_session_token(accounts["alice"], SECRET, now=0.0, lifetime_s=3600)
    assert access.read_session_token(tamper(token), accounts, SECRET, now=1.0) is None


def test_a_token_stops_working_with_a_new_password_another_secret_or_no_account():
    accounts = _alice()
    token = access.issue_session_token(accounts["alice"], SECRET, now=0.0, lifetime_s=3600)
    assert access.read_session_token(token, _alice("new password"), SECRET, now=1.0) is None
    assert access.read_session_token(token, accounts, "t" * 40, now=1.0) is None
    assert access.read_session_token(token, {}, SECRET, now=1.0) is None


@pytest.mark.parametrize("config", [{}, {"session_secret": ""}, {"session_secret": "short"}])
def test_sign_in_needs_a_long_session_secret(config):
    with pytest.raises(ValueError, match=r"(?s)session_secret = .*under \[livcr\] in \.streamlit/secrets\.toml"):
        access.read_session_secret(config)
    assert access.read_session_secret({"session_secret": access.new_session_secret()})


def test_the_command_line_prints_a_usable_session_secret():
    import subprocess
    import sys

    from geo.settings import ROOT

    out = subprocess.run([sys.executable, "-m", "loaders", "new-secret"], cwd=ROOT, capture_output=True, text=True, check=True)
    secret = out.stdout.strip()
    assert access.read_session_secret({"session_secret": secret}) == secret and len(secret) >= 60
