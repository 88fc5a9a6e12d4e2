"""Password hashing (argon2id) and the password policy.

The policy follows NIST SP 800-63B: a minimum length, a list of common passwords, no
composition rules. The hasher's cost comes from the app config so that tests can use
a cheap one; production keeps argon2-cffi's defaults (RFC 9106 low-memory profile).
"""

from __future__ import annotations

import gzip
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from flask_babel import gettext as _

MIN_LENGTH = 12
# Long enough for any passphrase, short enough that hashing stays cheap.
MAX_LENGTH = 1024
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

_DEFAULTS = PasswordHasher()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lowercased."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """Why ``password`` is not acceptable, as messages for people; empty if it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(
            _(
                "Password must be at least %(n)s characters long "
                "(it has %(length)s). A few unrelated words make a good one.",
                n=MIN_LENGTH,
                length=len(password),
            )
        )
    if len(password) > MAX_LENGTH:
        problems.append(_("Password must be at most %(n)s characters long.", n=MAX_LENGTH))
    if any(ord(char) < 32 or ord(char) == 127 for char in password):
        problems.append(_("Password must not contain control characters (such as NUL)."))
    lowered = password.lower()
    if lowered in common_passwords():
        problems.append(_("This password is on a list of commonly used passwords; choose another."))
    elif password and len(set(password)) == 1:
        problems.append(_("Password must not be one character repeated."))
    if email and lowered in {email.lower(), email.lower().split("@")[0]}:
        problems.append(_("Password must not be your email address."))
    return problems


def generate_password() -> str:
    """A random password of about 120 bits, easy to copy (URL-safe characters, 20 long)."""
    return secrets.token_urlsafe(15)


def _cost() -> tuple[int, int, int]:
    config = current_app.config if has_app_context() else {}
    return (
        int(config.get("ARGON2_TIME_COST", _DEFAULTS.time_cost)),
        int(config.get("ARGON2_MEMORY_COST", _DEFAULTS.memory_cost)),
        int(config.get("ARGON2_PARALLELISM", _DEFAULTS.parallelism)),
    )


@lru_cache(maxsize=4)
def _hasher_for(cost: tuple[int, int, int]) -> PasswordHasher:
    time_cost, memory_cost, parallelism = cost
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID)


def hasher() -> PasswordHasher:
    """The argon2id hasher with the configured cost."""
    return _hasher_for(_cost())


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; includes its parameters)."""
    return hasher().hash(password)


@lru_cache(maxsize=4)
def _dummy_hash(cost: tuple[int, int, int]) -> str:
    return _hasher_for(cost).hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    With no hash (unknown account) it verifies against a dummy hash of the same cost,
    so that the answer takes as long as for a real account and timing does not tell
    whether an account exists.
    """
    cost = _cost()
    # Made (once per process and cost) before either branch, so that making it never
    # slows only the unknown-account answers.
    dummy = _dummy_hash(cost)
    if password_hash is None:
        try:
            hasher().verify(dummy, password)
        except VerificationError:
            pass
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the configured ones."""
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
