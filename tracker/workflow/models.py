"""Who owns a recommendation, and when someone should next check on it.

Both live outside the ``recommendations`` row on purpose: they are the team's working
notes, not recommendation data, so changing them must not bump the recommendation's
version (which would turn an advocate's open status-update form into a false conflict).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow


class RecommendationOwner(Base):
    """One owner (a team member responsible for following it up) of a recommendation."""

    __tablename__ = "recommendation_owners"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class FollowUp(Base):
    """The next date someone should check on a recommendation (at most one per recommendation)."""

    __tablename__ = "follow_ups"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    due_on: Mapped[date] = mapped_column(Date, index=True)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    set_by: Mapped[User | None] = relationship(lazy="joined")

    def is_overdue(self, today: date) -> bool:
        """Whether the date has passed (due today is due, not overdue)."""
        return self.due_on < today
