import pytest

from loaders import access


@pytest.mark.parametrize(
    "role, page, allowed",
    [
        ("anonymous", "map", True), ("anonymous", "briefing", True), ("anonymous", "about", True),
        ("anonymous", "visits", False), ("anonymous", "profile", False), ("anonymous", "data", False),
        ("anonymous", "accounts", False),
        ("staff", "visits", True), ("staff", "profile", True), ("staff", "data", True), ("staff", "accounts", False),
        ("editor", "data", True), ("editor", "accounts", False),
        ("admin", "accounts", True), ("admin", "map", True),
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


def test_sign_in_delays_after_repeated_failures():
    accounts = access.read_accounts({"alice": {"role": "staff", "password_hash": access.hash_password("pw")}})
    throttle = access.LoginThrottle(free_attempts=2, base_delay_s=1.0)
    waits = []
    results = [access.sign_in(accounts, "alice", pw, throttle, sleep=waits.append)
               for pw in ("no", "no", "no", "no", "pw", "no")]
    assert [r.username if r else None for r in results] == [None, None, None, None, "alice", None]
    assert waits == [1.0, 2.0, 4.0]  # the 3rd, 4th and 5th attempts waited; success resets the count
    assert access.sign_in(accounts, "mallory", "pw", throttle, sleep=waits.append) is None
