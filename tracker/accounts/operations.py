"""The business verbs of accounts: the views, the admin pages and the CLI all call these.

Every function flushes and never commits (the request wrapper or the CLI command
commits), and records an audit event for each change. Passwords are only hashed,
never logged; audit details carry no secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.accounts.models import User, UserSession
from tracker.accounts.passwords import hash_password, needs_rehash, password_problems, verify_password
from tracker.accounts.roles import ROLE_LABELS, ROLES
from tracker.accounts.sessions import end_session_record, end_user_sessions
from tracker.accounts.throttle import Throttle, check_throttle, record_attempt
from tracker.audit.operations import record_event
from tracker.i18n import N_
from tracker.timeutil import utcnow

SIGN_IN_FAILED = N_("Email or password is incorrect.")
ACCOUNT_DEACTIVATED = N_("This account has been deactivated. Ask an administrator to reactivate it.")


class AccountError(ValueError):
    """A change that cannot be made, with a message for people (and the form field, if any)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def normalize_email(email: str) -> str:
    """The account key: surrounding spaces removed, lowercased."""
    return email.strip().lower()


def get_user_by_email(session: Session, email: str) -> User | None:
    """The user with this email (any case), or None."""
    return session.scalar(select(User).where(User.email == normalize_email(email)))


def active_admin_count(session: Session) -> int:
    """How many active administrators there are."""
    return (
        session.scalar(select(func.count()).select_from(User).where(User.role == "admin", User.is_active.is_(True)))
        or 0
    )


def create_user(
    session: Session, *, email: str, role: str, password: str, name: str = "", actor: User | None = None
) -> User:
    """Create an active user; raises AccountError for a taken email, bad role or weak password."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    problems = password_problems(password, email=email)
    if problems:
        raise AccountError(" ".join(problems), "password")
    if get_user_by_email(session, email) is not None:
        raise AccountError(f"There is already a user with the email {email}.", "email")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        is_active=True,
        session_epoch=0,
        created_at=utcnow(),
    )
    try:
        # A savepoint, so that losing a race on the unique email leaves the rest intact.
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:
        raise AccountError(f"There is already a user with the email {email}.", "email") from None
    record_event(
        session,
        "user.created",
        user=actor,
        target_type="user",
        target_id=user.id,
        summary=f"Created {user.email} as {ROLE_LABELS[role]}.",
        details={"email": user.email, "name": user.name, "role": role},
    )
    return user


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in attempt: a user, or an error message (and the throttle, if any)."""

    user: User | None = None
    error: str | None = None
    throttle: Throttle | None = None


def authenticate(session: Session, email: str, password: str, client_address: str) -> SignInResult:
    """Check an email and password, with throttling, and record the attempt.

    The message is the same whether the account does not exist or the password is
    wrong, and both cases verify one argon2 hash, so neither words nor timing reveal
    which accounts exist. Throttled attempts are refused before any check and are not
    recorded, so that hammering a locked account does not extend its lock.
    """
    typed = email
    email = normalize_email(email)
    throttle = check_throttle(session, email, client_address)
    if throttle is not None:
        return SignInResult(error=throttle.message(), throttle=throttle)
    user = get_user_by_email(session, email)
    matches = verify_password(user.password_hash if user else None, password)
    if matches and user is not None and user.is_active:
        record_attempt(session, email, client_address, succeeded=True)
        user.last_sign_in_at = utcnow()
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        record_event(
            session,
            "sign_in.succeeded",
            user=user,
            target_type="user",
            target_id=user.id,
            summary=f"{user.email} signed in.",
        )
        return SignInResult(user=user)
    record_attempt(session, email, client_address, succeeded=False)
    reason = "unknown account" if user is None else ("deactivated" if matches else "wrong password")
    record_event(
        session,
        "sign_in.failed",
        user=None,
        target_type="user" if user else None,
        target_id=user.id if user else None,
        summary=f"Failed sign-in as {typed} ({reason}).",
        details={"email": typed, "reason": reason},
    )
    return SignInResult(error=_(ACCOUNT_DEACTIVATED if reason == "deactivated" else SIGN_IN_FAILED))


def record_sign_out(session: Session, user: User) -> None:
    """Record that ``user`` signed out."""
    record_event(
        session, "sign_out", user=user, target_type="user", target_id=user.id, summary=f"{user.email} signed out."
    )


def change_password(
    session: Session,
    user: User,
    new_password: str,
    *,
    actor: User | None = None,
    keep: UserSession | None = None,
    revoke_tokens: bool = False,
) -> int:
    """Set a new password and end the user's sessions except ``keep`` (the one making the change).

    ``revoke_tokens`` also revokes every API token of the user; returns how many were.
    """
    problems = password_problems(new_password, email=user.email)
    if problems:
        raise AccountError(" ".join(problems), "new_password")
    user.password_hash = hash_password(new_password)
    user.session_epoch += 1
    ended = end_user_sessions(session, user, "password_changed", keep=keep)
    revoked = revoke_all_tokens(session, user) if revoke_tokens else 0
    session.flush()
    by_whom = "." if actor is None or actor.id == user.id else f" by {actor.email}."
    record_event(
        session,
        "user.password_changed",
        user=actor or user,
        target_type="user",
        target_id=user.id,
        summary=f"Password of {user.email} changed" + by_whom,
        details={"sessions_ended": ended, "tokens_revoked": revoked},
    )
    return revoked


def end_other_sessions(session: Session, user: User, keep: UserSession | None) -> int:
    """End every session of ``user`` except ``keep``; returns how many ended."""
    user.session_epoch += 1
    ended = end_user_sessions(session, user, "ended_elsewhere", keep=keep)
    session.flush()
    record_event(
        session,
        "user.sessions_ended",
        user=user,
        target_type="user",
        target_id=user.id,
        summary=f"{user.email} signed out everywhere else.",
        details={"sessions_ended": ended},
    )
    return ended


def end_one_session(session: Session, user: User, record: UserSession) -> None:
    """End one of ``user``'s own sessions (from the sessions page)."""
    if record.user_id != user.id:
        raise AccountError(_("You have no such session."))
    end_session_record(session, record, "ended")
    record_event(
        session,
        "user.session_ended",
        user=user,
        target_type="user",
        target_id=user.id,
        summary=f"{user.email} ended a session ({record.client_address}).",
        details={"session_id": record.id},
    )


def sign_out_everywhere(session: Session, user: User) -> tuple[int, int]:
    """End every session of ``user``, this one included, and revoke all their API tokens.

    Returns (sessions ended, tokens revoked).
    """
    user.session_epoch += 1
    ended = end_user_sessions(session, user, "everywhere")
    revoked = revoke_all_tokens(session, user)
    session.flush()
    record_event(
        session,
        "user.signed_out_everywhere",
        user=user,
        target_type="user",
        target_id=user.id,
        summary=f"{user.email} signed out everywhere and revoked their API tokens.",
        details={"sessions_ended": ended, "tokens_revoked": revoked},
    )
    return ended, revoked


def revoke_all_tokens(session: Session, user: User) -> int:
    """Revoke every live API token of ``user``; returns how many."""
    now = utcnow()
    revoked = [token for token in user.tokens if token.revoked_at is None]
    for token in revoked:
        token.revoked_at = now
    session.flush()
    return len(revoked)


def change_role(session: Session, user: User, role: str, *, actor: User) -> None:
    """Give ``user`` another role; the last active administrator cannot lose theirs."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    if role == user.role:
        return
    if user.role == "admin" and user.is_active and active_admin_count(session) <= 1:
        raise AccountError(
            f"{user.email} is the only active administrator; make someone else an administrator first.", "role"
        )
    old = user.role
    user.role = role
    session.flush()
    record_event(
        session,
        "user.role_changed",
        user=actor,
        target_type="user",
        target_id=user.id,
        summary=f"Role of {user.email} changed from {ROLE_LABELS[old]} to {ROLE_LABELS[role]}.",
        details={"from": old, "to": role},
    )


def deactivate_user(session: Session, user: User, *, actor: User) -> None:
    """Deactivate ``user``: they can no longer sign in, their sessions end, their tokens are revoked."""
    if not user.is_active:
        return
    if actor is not None and actor.id == user.id:
        raise AccountError(_("You cannot deactivate your own account; ask another administrator."))
    if user.role == "admin" and active_admin_count(session) <= 1:
        raise AccountError(f"{user.email} is the only active administrator and cannot be deactivated.")
    user.is_active = False
    user.session_epoch += 1
    ended = end_user_sessions(session, user, "deactivated")
    # Revoked rather than just unusable: reactivating someone should not quietly bring
    # back tokens that may have been copied while they were away.
    revoked = revoke_all_tokens(session, user)
    record_event(
        session,
        "user.deactivated",
        user=actor,
        target_type="user",
        target_id=user.id,
        summary=f"Deactivated {user.email}.",
        details={"tokens_revoked": revoked, "sessions_ended": ended},
    )


def reactivate_user(session: Session, user: User, *, actor: User) -> None:
    """Let a deactivated user sign in again (with their existing password)."""
    if user.is_active:
        return
    user.is_active = True
    session.flush()
    record_event(
        session,
        "user.reactivated",
        user=actor,
        target_type="user",
        target_id=user.id,
        summary=f"Reactivated {user.email}.",
    )


def bootstrap_admin(session: Session, email: str) -> tuple[User, str] | None:
    """Make sure an active administrator exists; return (user, new password) if one was made.

    Returns None when there already is an active administrator. If a user with
    ``email`` exists (without being an active admin) it becomes the administrator, with
    a new random password; otherwise a new user is created.
    """
    from tracker.accounts.passwords import generate_password

    if active_admin_count(session) > 0:
        return None
    password = generate_password()
    user = get_user_by_email(session, email)
    if user is None:
        user = create_user(session, email=email, role="admin", password=password, name="Administrator")
        return user, password
    user.role = "admin"
    user.is_active = True
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    end_user_sessions(session, user, "password_changed")
    session.flush()
    record_event(
        session,
        "user.bootstrapped",
        target_type="user",
        target_id=user.id,
        summary=f"{user.email} made the first administrator, with a new password.",
    )
    return user, password
