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
    __table_args__ = (
        CheckConstraint("role IN ({})".format(", ".join(f"'{r}'" for r in ROLES)), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Stored in the session cookie at sign-in and compared on every request: bumping
    # it (password change, deactivation, "sign out everywhere") ends every session
    # that carries the old value, although cookies are client-side.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Notifications: how often to e-mail them (tracker.notifications.models.EMAIL_FREQUENCIES)
    # and in which interface language (the one last chosen while signed in; None: English).
    email_frequency: Mapped[str] = mapped_column(String(16), default="immediately")
    language: Mapped[str | None] = mapped_column(String(8))

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", order_by="ApiToken.created_at.desc()", cascade="all, delete-orphan")

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
