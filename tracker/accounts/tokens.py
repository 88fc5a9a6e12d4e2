"""Personal API tokens: created, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tracker.accounts.models import ApiToken, User
from tracker.accounts.operations import AccountError
from tracker.audit.operations import record_event
from tracker.timeutil import utcnow

# Recognisable in logs and by secret scanners; the rest is 256 random bits.
TOKEN_PREFIX = "trk_"
# Writing last_used_at on every API call would turn every read into a write; a
# minute's precision is plenty to tell an unused token from a busy one.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_api_token(session: Session, user: User, name: str, *, actor: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the token itself, which is never stored."""
    name = name.strip()
    if not name:
        raise AccountError(_("Give the token a name, such as the script or computer that will use it."), "name")
    if not user.is_active:
        raise AccountError(f"{user.email} is deactivated; reactivate the account first.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, token_hash=hash_token(raw), prefix=raw[: len(TOKEN_PREFIX) + 6], created_at=utcnow()
    )
    session.add(token)
    session.flush()
    record_event(
        session,
        "token.created",
        user=actor or user,
        target_type="api_token",
        target_id=token.id,
        summary=f"API token “{name}” ({token.prefix}…) created for {user.email}.",
        details={"name": name, "prefix": token.prefix, "owner_id": user.id},
    )
    return token, raw


def revoke_api_token(session: Session, token: ApiToken, *, actor: User) -> None:
    """Revoke ``token`` (kept, marked revoked, so the audit log still makes sense)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    session.flush()
    record_event(
        session,
        "token.revoked",
        user=actor,
        target_type="api_token",
        target_id=token.id,
        summary=f"API token “{token.name}” ({token.prefix}…) of {token.user.email} revoked.",
        details={"name": token.name, "prefix": token.prefix, "owner_id": token.user_id},
    )


def authenticate_token(session: Session, raw: str) -> ApiToken | None:
    """The live token matching ``raw`` whose owner is active, or None; notes its use."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        try:
            # In a savepoint: on SQLite a GET's read transaction cannot always be upgraded
            # to a write under concurrent writers, and a missed "last used" stamp must
            # not fail the request it was only noting.
            with session.begin_nested():
                token.last_used_at = now
                session.flush()
        except OperationalError:
            pass
    return token
