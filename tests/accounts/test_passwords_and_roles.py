"""The password policy, hashing, and role ranks."""

from types import SimpleNamespace

import pytest

from tracker.accounts.passwords import (
    MIN_LENGTH,
    common_passwords,
    generate_password,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from tracker.accounts.roles import ROLES, has_role


def test_the_common_password_list_ships_with_the_app():
    common = common_passwords()
    assert len(common) > 10_000
    assert {"password", "123456", "qwerty123456", "1q2w3e4r5t6y"} <= common


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("short", f"at least {MIN_LENGTH} characters"),
        ("qwerty123456", "commonly used"),
        ("QWERTY123456", "commonly used"),
        ("aaaaaaaaaaaaaaa", "one character repeated"),
        ("tab\there and there", "control characters"),
        ("x" * 1025, "at most 1024"),
    ],
)
def test_bad_passwords_are_explained(password, fragment):
    assert any(fragment in problem for problem in password_problems(password))


def test_good_passwords_pass():
    assert password_problems("marble quiet tundra ferry") == []
    assert password_problems(generate_password()) == []


def test_argon2id_hash_verify_and_rehash(app):
    with app.app_context():
        hashed = hash_password("marble quiet tundra ferry")
        assert hashed.startswith("$argon2id$")
        assert verify_password(hashed, "marble quiet tundra ferry")
        assert not verify_password(hashed, "marble quiet tundra ferrY")
        assert not verify_password(None, "anything")
        assert not verify_password("not a hash", "anything")
        assert not needs_rehash(hashed)
    # Outside the test config (production cost) the cheap test hash would be upgraded.
    assert needs_rehash(hashed)


def test_roles_are_ranked_and_deny_by_default():
    user = lambda role, active=True: SimpleNamespace(role=role, is_active=active)  # noqa: E731
    assert ROLES == ("viewer", "advocate", "staff", "admin")
    assert has_role(user("staff"), "advocate") and has_role(user("staff"), "staff")
    assert not has_role(user("staff"), "admin")
    assert has_role(user("admin"), "viewer")
    assert not has_role(None, "viewer")
    assert not has_role(user("admin", active=False), "viewer")
    assert not has_role(user("owner"), "viewer")
    with pytest.raises(ValueError):
        has_role(user("admin"), "owner")
