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
| TRACKER_STATEMENT_TIMEOUT_MS | 30000: PostgreSQL cancels any statement of a web request running longer (0: no limit) |
| TRACKER_INTAKE_PARSE_CPU_SECONDS / _WALL_SECONDS / _MEMORY_MB | 15 / 30 / 768: limits of the process that reads an uploaded PDF or HTML file |
| TRACKER_INTAKE_PDF_MAX_PAGES | 1000: longer PDFs are refused |
| REDIS_URL             | unset: the job queue is a SQLite file (TRACKER_JOBS_SQLITE_PATH, default <instance folder>/jobs.sqlite); set (redis://host:6379/0): Redis |
| TRACKER_JOBS_QUEUE    | tracker: the queue's name (a key prefix in Redis) |
| TRACKER_JOBS_STALE_AFTER_SECONDS | 60: a running job without a heartbeat for this long is queued again |
| TRACKER_JOBS_HEARTBEAT_SECONDS | 5: how often a running job's worker says it is alive |
| TRACKER_JOBS_RETRY_DELAY_SECONDS | 30: a failed attempt is retried after this many seconds × the attempt number |
| TRACKER_MAIL_OUTBOX   | <instance folder>/outbox: where e-mails are written when SMTP_URL is unset |
| SMTP_URL              | unset: e-mails are written to <instance folder>/outbox/*.eml; smtp://user:pass@host:587 or smtps://host:465 |
| MAIL_FROM             | Recommendation tracker <tracker@localhost>: the sender of notification e-mails |
| TRACKER_BASE_URL      | http://127.0.0.1:5000: the site's address, for links in e-mails |
| TRACKER_DIGEST_HOUR_UTC | 7: daily digests go out from this hour (UTC); weekly ones on Mondays |
| TRACKER_REPORT_PDF_BACKGROUND_ROWS | 60: report PDFs with more rows than this are printed by a worker |
| TRACKER_ACTOR_MERGE_BACKGROUND_RECOMMENDATIONS | 200: merging an actor named by more recommendations than this runs in a worker |
| TRACKER_SERVER_NAME   | unset: the host (and port) every absolute URL uses, whatever Host header a request sends |
| TRACKER_TRUSTED_HOSTS | localhost, 127.0.0.1 (plus TRACKER_SERVER_NAME's host): the Host headers served; others get a 400; ``*``: any |

Request sizes (docs/security.md): every request body is limited to MAX_CONTENT_LENGTH
(12 MB), enough for the largest intake form (a 5 MB upload, or 1,000,000 pasted
characters of up to 4 bytes each); the CSV import alone accepts 50 MB files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# 1,000,000 pasted characters (the intake limit) of up to 4 UTF-8 bytes, or a 5 MB upload,
# plus the other fields, with room to spare.
MAX_REQUEST_BYTES = 12 * 1024 * 1024


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
        # How long a password reset link made by an administrator works (tracker/accounts/reset.py).
        "PASSWORD_RESET_HOURS": 72,
        # Reports (see "Progress reports" in README.md).
        "STALE_AFTER_DAYS": _env_positive_int("TRACKER_STALE_AFTER_DAYS", 90),
        # PostgreSQL: no request holds a worker and a connection for minutes (see
        # docs/performance.md); command-line jobs set their own.
        "STATEMENT_TIMEOUT_MS": _env_non_negative_int("TRACKER_STATEMENT_TIMEOUT_MS", 30_000),
        # The largest request body, and the largest non-file form value (Werkzeug's default
        # of 500 kB would refuse a long pasted document that the intake form allows).
        "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
        "MAX_FORM_MEMORY_SIZE": MAX_REQUEST_BYTES,
        # The child process that reads uploaded PDF and HTML (tracker/intake/safe_parse.py).
        "INTAKE_PARSE_CPU_SECONDS": _env_positive_int("TRACKER_INTAKE_PARSE_CPU_SECONDS", 15),
        "INTAKE_PARSE_WALL_SECONDS": _env_positive_int("TRACKER_INTAKE_PARSE_WALL_SECONDS", 30),
        "INTAKE_PARSE_MEMORY_MB": _env_positive_int("TRACKER_INTAKE_PARSE_MEMORY_MB", 768),
        "INTAKE_PDF_MAX_PAGES": _env_positive_int("TRACKER_INTAKE_PDF_MAX_PAGES", 1000),
        # Background jobs and e-mail (docs/notifications.md).
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "JOBS_QUEUE_NAME": os.environ.get("TRACKER_JOBS_QUEUE") or "tracker",
        "JOBS_SQLITE_PATH": os.environ.get("TRACKER_JOBS_SQLITE_PATH") or str(instance / "jobs.sqlite"),
        "JOBS_IMMEDIATE": False,
        "JOBS_HEARTBEAT_SECONDS": float(os.environ.get("TRACKER_JOBS_HEARTBEAT_SECONDS") or 5),
        "JOBS_STALE_AFTER_SECONDS": float(os.environ.get("TRACKER_JOBS_STALE_AFTER_SECONDS") or 60),
        "JOBS_RETRY_DELAY_SECONDS": float(os.environ.get("TRACKER_JOBS_RETRY_DELAY_SECONDS") or 30),
        "MAIL_OUTBOX": os.environ.get("TRACKER_MAIL_OUTBOX") or str(instance / "outbox"),
        "SMTP_URL": os.environ.get("SMTP_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or "Recommendation tracker <tracker@localhost>",
        "BASE_URL": os.environ.get("TRACKER_BASE_URL") or "http://127.0.0.1:5000",
        "DIGEST_HOUR_UTC": int(os.environ.get("TRACKER_DIGEST_HOUR_UTC") or 7),
        # Report PDFs with more table rows than this are printed by a worker (about 3 pages).
        "REPORT_PDF_BACKGROUND_ROWS": int(os.environ.get("TRACKER_REPORT_PDF_BACKGROUND_ROWS") or 60),
        "ACTOR_MERGE_BACKGROUND_RECOMMENDATIONS": _env_non_negative_int(
            "TRACKER_ACTOR_MERGE_BACKGROUND_RECOMMENDATIONS", 200
        ),
    }
    config.update(_host_settings())
    if overrides.get("TESTING"):
        # Jobs run inline when enqueued (tests of the real queue start real workers), and
        # e-mails never land in the project's instance folder.
        config["JOBS_IMMEDIATE"] = True
        config["JOBS_RETRY_DELAY_SECONDS"] = 0
        config["MAIL_OUTBOX"] = os.path.join(tempfile.gettempdir(), f"tracker-test-outbox-{os.getpid()}")
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _read_secret_key_file(instance)
    if not config["SECRET_KEY"]:
        raise ConfigurationError(
            "No secret key: set the SECRET_KEY environment variable "
            f"(or write one to {instance / 'secret_key'}; `make run` does this for you)."
        )
    return config


# Served when no host is configured: enough for `make run` and tests on this machine,
# never a name an attacker chooses (it would end up in absolute URLs: API links, feeds).
DEFAULT_TRUSTED_HOSTS = ("localhost", "127.0.0.1")


def _host_settings() -> dict:
    """SERVER_NAME and TRUSTED_HOSTS (Flask's settings) from TRACKER_SERVER_NAME / TRACKER_TRUSTED_HOSTS."""
    server_name = (os.environ.get("TRACKER_SERVER_NAME") or "").strip() or None
    raw = (os.environ.get("TRACKER_TRUSTED_HOSTS") or "").strip()
    if raw == "*":
        return {"SERVER_NAME": server_name, "TRUSTED_HOSTS": None}
    hosts = [host.strip() for host in raw.split(",") if host.strip()]
    if server_name:
        hosts.append(server_name.rsplit(":", 1)[0] if not server_name.endswith("]") else server_name)
    return {"SERVER_NAME": server_name, "TRUSTED_HOSTS": hosts or list(DEFAULT_TRUSTED_HOSTS)}


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
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ConfigurationError(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def _env_non_negative_int(name: str, default: int) -> int:
    """A whole-number environment variable of at least 0; unset gives ``default``."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ConfigurationError(f"{name} must be a whole number (0 or more), not {value!r}.")
    return int(value)


def _read_secret_key_file(instance: Path) -> str | None:
    path = instance / "secret_key"
    if path.is_file():
        return path.read_text().strip() or None
    return None
