"""The history of an addressee's responses: append-only, like status updates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.responses.vocabulary import RESPONSE_BY_CODE, ResponseKind
from tracker.timeutil import utcnow


class GovernmentResponse(Base):
    """One recorded response of the addressee, with its date and source.

    Rows are never edited or deleted: a newer position (or a correction) is a new row.
    The current response is the one with the latest ``responded_on`` (ties: the latest
    recorded), so a backdated entry completes the history without replacing the present.
    """

    __tablename__ = "government_responses"
    __table_args__ = (Index("ix_government_responses_current", "recommendation_id", "responded_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"))
    response: Mapped[str] = mapped_column(String(32))
    # "The government says it is implemented", whatever it answered at first.
    claims_implemented: Mapped[bool] = mapped_column(Boolean, default=False)
    responded_on: Mapped[date] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    quotation: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def info(self) -> ResponseKind:
        return RESPONSE_BY_CODE[self.response]

    @property
    def author_name(self) -> str:
        return self.recorded_by.display_name if self.recorded_by else "—"
