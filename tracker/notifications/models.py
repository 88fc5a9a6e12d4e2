"""Following and notifications.

A ``Follow`` says a user wants to hear about one thing: a recommendation, an actor (and
every actor under it), a theme, a document or a saved view. A ``Notification`` is one
event delivered to one user: unique per (user, event key), so nobody hears twice about
one event, whatever number of their follows it matches. Its e-mail state says whether
it still has to be sent (at once or in a digest), has been sent, or will not be.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.i18n import N_
from tracker.timeutil import utcnow

FOLLOW_KINDS = {
    "recommendation": N_("Recommendation"),
    "actor": N_("Actor"),
    "theme": N_("Theme"),
    "document": N_("Document"),
    "view": N_("Saved view"),
}

#: How often a user wants e-mail about their notifications.
EMAIL_FREQUENCIES = {
    "immediately": N_("Immediately, one e-mail per event"),
    "daily": N_("A daily digest"),
    "weekly": N_("A weekly digest (Mondays)"),
    "off": N_("Never (notifications stay on the site)"),
}
DEFAULT_EMAIL_FREQUENCY = "immediately"

# E-mail state of a notification.
EMAIL_PENDING, EMAIL_SENT, EMAIL_NONE = "pending", "sent", "none"

EVENT_KEY_MAX = 120
TITLE_MAX = 300


class Follow(Base):
    """A user follows one thing. ``automatic`` follows come from ownership, not a click."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target_id", name="uq_follows_user_target"),
        Index("ix_follows_kind_target_id", "kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    automatic: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return FOLLOW_KINDS.get(self.kind, self.kind)


class Notification(Base):
    """One event, for one user. Text is rendered when shown, in the reader's language."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "event_key", name="uq_notifications_user_event"),
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        Index("ix_notifications_email_status_created_at", "email_status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    # What makes an event one event ("status_update:123"), whoever it reaches.
    event_key: Mapped[str] = mapped_column(String(EVENT_KEY_MAX))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    # The thing it is about, as a title kept from the time of the event, and a path.
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    url: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # Why this user got it: the follow (kind and name) or "mention" / "owner".
    reason: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[str] = mapped_column(String(16), default=EMAIL_PENDING)
    # Set when a worker takes it for sending: a claim older than the stale limit was
    # lost with its worker and is taken again.
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
