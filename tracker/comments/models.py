"""Comments: the team's discussion of a recommendation, apart from its public history."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow

BODY_MAX = 5000
HIDE_REASON_MAX = 500
EDIT_WINDOW = timedelta(minutes=15)


class Comment(Base):
    """One comment: plain text (links are made clickable when shown).

    Never deleted: staff hide a comment, and who hid it, when and why is kept.
    """

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_recommendation_id_created_at", "recommendation_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(String(HIDE_REASON_MAX))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id], lazy="joined")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def editable_by(self, user: User | None, now: datetime | None = None) -> bool:
        """Its author may edit it for 15 minutes after writing it (not once hidden)."""
        if user is None or self.author_id != user.id or self.is_hidden:
            return False
        return (now or utcnow()) - self.created_at <= EDIT_WINDOW
