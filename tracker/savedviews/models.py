"""Saved views of the recommendation list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow

NAME_MAX = 120
QUERY_MAX = 4000


class SavedView(Base):
    """A named list query. Its id makes its URL stable (``/views/<id>``) whatever it is renamed to."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The list's query string (filters, sort, columns), validated when saved and when opened.
    query: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User] = relationship(lazy="joined")

    def can_see(self, user: User | None) -> bool:
        """Shared views are for every signed-in user; private ones for their owner alone."""
        return user is not None and (self.shared or user.id == self.owner_id)

    def can_edit(self, user: User | None) -> bool:
        """Only the owner renames, shares or deletes a view."""
        return user is not None and user.id == self.owner_id
