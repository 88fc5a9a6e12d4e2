"""Configuration from the environment.

| variable      | default                                   |
|---------------|-------------------------------------------|
| DATABASE_URL  | sqlite:///<instance folder>/tracker.db     |
| SECRET_KEY    | the contents of <instance folder>/secret_key (``make run`` creates it) |
| TRACKER_PUBLIC_READ   | true: anonymous visitors may read; false: every page but sign-in needs an account |
| TRACKER_ADMIN_EMAIL   | admin@example.org: the first administrator made by ``users bootstrap`` |
| SESSION_COOKIE_SECURE | auto: Secure cookie exactly when served over HTTPS; or true / false |
| TRACKER_PROXY_COUNT   | 0: how many reverse proxies in front set X-Forwarded-For/-Proto |
| UPLOAD_FOLDER         | <instance folder>/uploads: where documents uploaded for intake are kept |
| TRACKER_STALE_AFTER_DAYS | 90: a recommendation with no status update for this many days (counting from when it was made or added) is "stale" |
| TRACKER_COUNTS_CACHE_SECONDS | 600: how long list totals and facet counts may be reused while no data changed (0: off) |
"""
from __future__ import annotations

import os
from pathlib import Path


class ConfigurationError(RuntimeError):
    """Raised when a required setting is missing."""


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the app configuration: defaults, then the environment, then ``overrides``."""
    overrides = dict(overrides or {})
    instance = Path(instance_path)
    config = {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'tracker.db'}",
        "PER_PAGE_DEFAULT": 25,
        # Uploaded documents (intake) are kept here under generated names, outside static/.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        "PER_PAGE_MAX": 100,
        # Accounts (see the "Accounts and roles" section of README.md).
        "PUBLIC_READ": _env_bool("TRACKER_PUBLIC_READ", True),
        "ADMIN_EMAIL": os.environ.get("TRACKER_ADMIN_EMAIL") or "admin@example.org",
        # None means "auto" (tracker.accounts.TrackerSessionInterface): Secure over HTTPS.
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", None),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PROXY_COUNT": int(os.environ.get("TRACKER_PROXY_COUNT") or 0),
        # The CSRF token is bound to the session (renewed at sign-in) rather than to
        # the hour: an advocate who writes a long note must not lose it to an expiry.
        "WTF_CSRF_TIME_LIMIT": None,
        "SIGN_IN_MAX_FAILURES_PER_ACCOUNT": 5,
        "SIGN_IN_MAX_FAILURES_PER_ADDRESS": 20,
        "SIGN_IN_THROTTLE_WINDOW_MINUTES": 15,
        # Reports (see "Progress reports" in README.md).
        "STALE_AFTER_DAYS": _env_positive_int("TRACKER_STALE_AFTER_DAYS", 90),
        # Seconds a cached list total / facet count may be reused while no data changed
        # (tracker/recommendations/counts_cache.py); 0 turns the cache off.
        "COUNTS_CACHE_SECONDS": int(os.environ.get("TRACKER_COUNTS_CACHE_SECONDS") or 600),
    }
    if overrides.get("TESTING"):
        # Tests roll transactions back, so ids and timestamps repeat between tests.
        config["COUNTS_CACHE_SECONDS"] = 0
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _read_secret_key_file(instance)
    if not config["SECRET_KEY"]:
        raise ConfigurationError(
            "No secret key: set the SECRET_KEY environment variable "
            f"(or write one to {instance / 'secret_key'}; `make run` does this for you)."
        )
    return config


def _env_bool(name: str, default: bool | None) -> bool | None:
    """A yes/no environment variable; "auto" or unset gives ``default``."""
    value = (os.environ.get(name) or "").strip().lower()
    if value in ("", "auto"):
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false (or auto), not {value!r}.")


def _env_positive_int(name: str, default: int) -> int:
    """A whole-number environment variable of at least 1; unset gives ``default``."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ConfigurationError(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def _read_secret_key_file(instance: Path) -> str | None:
    path = instance / "secret_key"
    if path.is_file():
        return path.read_text().strip() or None
    return None
