"""Users, their API tokens, and the sign-in attempts used for throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.roles import ROLE_LABELS, ROLES
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow

# Longest address SMTP allows (RFC 5321 path limit); forms check the same limits so
# PostgreSQL never has to refuse a value that SQLite would silently store.
EMAIL_MAX = 254
NAME_MAX = 120
TOKEN_NAME_MAX = 80


class User(Base):
    """A person who signs in. The email is stored lowercased and is unique."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ({})".format(", ".join(f"'{r}'" for r in ROLES)), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Counts the times all of the user's sessions were ended (password change,
    # deactivation, "sign out everywhere"). Sessions themselves live in user_sessions.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Notifications: how often to e-mail them (tracker.notifications.models.EMAIL_FREQUENCIES)
    # and in which interface language (the one last chosen while signed in; None: English).
    email_frequency: Mapped[str] = mapped_column(String(16), default="immediately")
    language: Mapped[str | None] = mapped_column(String(8))

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", order_by="ApiToken.created_at.desc()", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        """The name if there is one, else the email."""
        return self.name or self.email

    @property
    def role_label(self) -> str:
        """The role's human label."""
        return ROLE_LABELS.get(self.role, self.role)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class ApiToken(Base):
    """A personal API token. Only the SHA-256 of the token is stored: it is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(TOKEN_NAME_MAX))
    # A hash is enough (no salt, no argon2): tokens are 256 random bits, so there is
    # nothing to brute-force, and a plain digest keeps the lookup one indexed query.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_revoked(self) -> bool:
        """Whether the token has been revoked."""
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… of user {self.user_id}>"


class SignInAttempt(Base):
    """One sign-in attempt. Kept in the database so that throttling holds across workers."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_email_occurred_at", "email", "occurred_at"),
        Index("ix_sign_in_attempts_client_address_occurred_at", "client_address", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Normalised (lowercased) as the account key, whether or not such an account exists.
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    client_address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)


USER_AGENT_MAX = 300


class UserSession(Base):
    """A signed-in browser session, kept on the server.

    The session cookie carries a random key; only its SHA-256 is stored. A request is
    signed in only while its row exists, belongs to the cookie's user and has not
    ended, so signing out (or being signed out from elsewhere) ends the session on the
    server: replaying an old cookie afterwards is anonymous.
    """

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_id_ended_at", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(USER_AGENT_MAX), default="")
    client_address: Mapped[str] = mapped_column(String(64), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # signed_out, ended (from the sessions page), everywhere, password_changed, deactivated, password_reset
    end_reason: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship()


class PasswordResetLink(Base):
    """A one-time link an administrator gives someone to set a new password.

    Only the SHA-256 of the link's token is stored; it expires, works once, and a newer
    link for the same user replaces older unused ones. It works while sign-in is
    throttled, so a stranger's failed guesses cannot lock the owner out for good.
    """

    __tablename__ = "password_reset_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
