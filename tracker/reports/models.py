"""Saved progress reports: immutable, numbered snapshots that staff review."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow


class SavedReport(Base):
    """A progress report frozen when it was saved.

    ``content`` holds everything the report shows (figures, changes, tables) as JSON,
    computed once at saving time, so later status updates never alter it. The row's id
    is the report's number ("Report #12"): ids are assigned by the database, so two
    simultaneous saves can never get the same number. The only later change is the
    review (reviewer, time, comment), which is written once, and the executive summary,
    which staff may rewrite.
    """

    __tablename__ = "saved_reports"
    __table_args__ = (CheckConstraint("period_start <= period_end", name="period_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    # {"addressee": ["slug", ...], "maker": [...], "theme": [...], "document": [...]}
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    content: Mapped[dict] = mapped_column(JSON)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)
    # Written by staff after saving (the figures stay frozen); printed on the PDF's cover.
    executive_summary: Mapped[str | None] = mapped_column(Text)
    # waiting (for a review) → changes_requested → waiting (resubmitted) … → reviewed.
    review_state: Mapped[str] = mapped_column(String(20), default="waiting", server_default="waiting", index=True)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="joined")
    exchange: Mapped[list[ReviewEvent]] = relationship(
        order_by="ReviewEvent.id", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def number(self) -> int:
        """The report's public number."""
        return self.id

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def changes_requested(self) -> bool:
        return self.review_state == "changes_requested"

    @property
    def revision(self) -> int:
        """1 for the snapshot first saved, 2 after the first resubmission, ..."""
        return 1 + sum(1 for event in self.exchange if event.kind == "resubmitted")

    @property
    def figures(self) -> dict:
        return self.content.get("figures", {})

    def __repr__(self) -> str:
        return f"<SavedReport #{self.id} {self.period_start}..{self.period_end}>"


REVIEW_EVENT_KINDS = ("changes_requested", "resubmitted", "reviewed")


class ReviewEvent(Base):
    """One step of a report's review exchange: changes requested, resubmitted, or reviewed.

    A resubmission replaces the report's content with a new snapshot; the snapshot it
    replaced is kept here (``previous_content``), so nothing of the exchange is lost.
    """

    __tablename__ = "report_review_events"
    __table_args__ = (CheckConstraint("kind IN ('changes_requested', 'resubmitted', 'reviewed')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("saved_reports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previous_content: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")

    @property
    def author_name(self) -> str:
        return self.user.display_name if self.user else "—"
