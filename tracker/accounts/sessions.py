"""Server-side sessions: opened at sign-in, checked on every request, ended for real.

The cookie (a signed Flask session) carries the user's id and a random session key;
the ``user_sessions`` table holds the key's SHA-256 and whether the session is still
live. These functions are the only ones that write that table; they flush, never commit.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tracker.accounts.models import USER_AGENT_MAX, User, UserSession
from tracker.db import rows_matched
from tracker.timeutil import utcnow

# Writing last_seen_at on every request would turn every page view into a write.
LAST_SEEN_PRECISION = timedelta(minutes=1)
# A session unused this long has ended (its browser was closed or lost); ended rows are
# kept this long again as a record, then deleted when someone signs in.
IDLE_LIMIT = timedelta(days=30)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def open_session(session: Session, user: User, user_agent: str, client_address: str) -> tuple[UserSession, str]:
    """Start a session for ``user``; returns the row and the key to put in the cookie."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(UserSession).where(UserSession.last_seen_at < now - 2 * IDLE_LIMIT))
    record = UserSession(
        user=user,
        key_hash=_hash(raw),
        created_at=now,
        last_seen_at=now,
        user_agent=(user_agent or "")[:USER_AGENT_MAX],
        client_address=(client_address or "")[:64],
    )
    session.add(record)
    session.flush()
    return record, raw


def find_live_session(session: Session, raw: str | None, user_id) -> UserSession | None:
    """The live session with key ``raw`` belonging to ``user_id``, or None."""
    if not isinstance(raw, str) or not raw:
        return None
    record = session.scalar(select(UserSession).where(UserSession.key_hash == _hash(raw)))
    if record is None or record.ended_at is not None or record.user_id != user_id:
        return None
    if record.last_seen_at < utcnow() - IDLE_LIMIT:
        _quietly(session, lambda: end_session_record(session, record, "idle"))
        return None
    return record


def note_activity(session: Session, record: UserSession) -> None:
    """Update "last seen" (at most once a minute); never fails the request it notes."""
    now = utcnow()
    if now - record.last_seen_at >= LAST_SEEN_PRECISION:
        _quietly(session, lambda: setattr(record, "last_seen_at", now))


def _quietly(session: Session, change) -> None:
    # A savepoint: on SQLite a GET's read transaction cannot always be upgraded to a
    # write while others write, and a missed bookkeeping write must not fail the page.
    try:
        with session.begin_nested():
            change()
            session.flush()
    except OperationalError:
        pass


def end_session_record(session: Session, record: UserSession, reason: str) -> None:
    """End one session (no effect if it has ended already)."""
    if record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason
        session.flush()


def end_user_sessions(session: Session, user: User, reason: str, *, keep: UserSession | None = None) -> int:
    """End every live session of ``user`` except ``keep``; returns how many were ended."""
    statement = (
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    return rows_matched(session.execute(statement))


def live_sessions(session: Session, user: User) -> list[UserSession]:
    """``user``'s live sessions, most recently seen first."""
    return list(
        session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.ended_at.is_(None),
                UserSession.last_seen_at >= utcnow() - IDLE_LIMIT,
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-requests", "Python"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """A short, readable name for a browser: "Firefox on Windows", or the raw start if unknown."""
    agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser or system:
        return browser or system or ""
    return re.sub(r"\s+", " ", agent)[:60] or _("Unknown browser")
