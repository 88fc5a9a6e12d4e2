"""Password reset links an administrator creates for someone (forgotten password, locked account).

The link holds 256 random bits; only their SHA-256 is stored. It works once, expires
after PASSWORD_RESET_HOURS (72 by default), and a newer link for the same user replaces
an older unused one. Using it sets a new password, ends every session of the user,
counts as a successful sign-in for the account's throttle (so a stranger's failed
guesses cannot keep the owner out) and signs the owner in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.accounts.models import PasswordResetLink, User
from tracker.accounts.operations import AccountError, change_password
from tracker.accounts.throttle import record_attempt
from tracker.audit.operations import record_event
from tracker.timeutil import utcnow


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_reset_link(session: Session, user: User, *, actor: User) -> tuple[PasswordResetLink, str]:
    """A new reset link for ``user``; returns the row and the token for the URL (never stored)."""
    if not user.is_active:
        raise AccountError(_("%(email)s is deactivated; reactivate the account first.", email=user.email))
    now = utcnow()
    # Older unused links stop working: only the newest one handed out is valid.
    session.execute(
        update(PasswordResetLink)
        .where(
            PasswordResetLink.user_id == user.id,
            PasswordResetLink.used_at.is_(None),
            PasswordResetLink.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    raw = secrets.token_urlsafe(32)
    hours = int(current_app.config["PASSWORD_RESET_HOURS"])
    link = PasswordResetLink(
        user=user,
        token_hash=_hash(raw),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(link)
    session.flush()
    record_event(
        session,
        "user.reset_link_created",
        user=actor,
        target_type="user",
        target_id=user.id,
        summary=f"Password reset link for {user.email} created by {actor.email}.",
        details={"expires_at": link.expires_at.isoformat()},
    )
    return link, raw


def find_reset_link(session: Session, raw: str) -> PasswordResetLink | None:
    """The usable link with token ``raw`` (unused, not expired, its user active), or None."""
    if not raw or len(raw) > 100:
        return None
    link = session.scalar(select(PasswordResetLink).where(PasswordResetLink.token_hash == _hash(raw)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not link.user.is_active:
        return None
    return link


def use_reset_link(session: Session, link: PasswordResetLink, new_password: str, client_address: str) -> User:
    """Set the new password through ``link``, once; raises AccountError for a weak password."""
    user = link.user
    change_password(session, user, new_password, actor=user)
    link.used_at = utcnow()
    # Counts as a successful sign-in: failures before it no longer lock the account.
    record_attempt(session, user.email, client_address, succeeded=True)
    user.last_sign_in_at = utcnow()
    session.flush()
    record_event(
        session,
        "user.password_reset",
        user=user,
        target_type="user",
        target_id=user.id,
        summary=f"{user.email} set a new password with a reset link.",
    )
    return user
