"""Status updates: the append-only history of what happened to each recommendation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.recommendations.statuses import INITIAL_STATUS, STATUS_BY_CODE, Status
from tracker.timeutil import utcnow


class StatusUpdate(Base):
    """One recorded update: a status change, or a note and evidence without a change.

    Rows are never edited or deleted; a correction is a new update pointing at the one it
    corrects. ``effective_on`` is when it happened in the world, ``recorded_at`` when it
    was entered. The recommendation's current status is the ``to_status`` of its update
    with the latest ``effective_on`` (ties: the latest recorded).
    """

    __tablename__ = "status_updates"
    __table_args__ = (
        Index("ix_status_updates_timeline", "recommendation_id", "effective_on", "id"),
        # "Which recommendations changed after a date?" (status as of a date, reports).
        Index("ix_status_updates_effective_on", "effective_on", "recommendation_id"),
        # "What was each recommendation's status on a day?" for every recommendation with an
        # update after that day: its first such update's ``prior_status``, found by a range
        # of this index alone (``tracker.updates.queries.statuses_then``).
        Index("ix_status_updates_prior", "effective_on", "prior_effective_on", "recommendation_id", "prior_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    note: Mapped[str] = mapped_column(Text)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("status_updates.id"))
    # The recommendation's version once this update was saved: "what changed since the
    # version you saw" is every update with a higher number.
    resulting_version: Mapped[int] = mapped_column(Integer)
    # Set by the CSV import: who and when the source said the update was recorded. The
    # update itself is recorded by the importing user at import time (``user_id``,
    # ``recorded_at``); these are shown as "originally recorded by/at".
    original_recorded_by: Mapped[str | None] = mapped_column(String(254))
    original_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The update before this one in its recommendation's history, in effective order
    # (``effective_on``, then ``id``): the status in force just before this update (the
    # initial status for the first) and its effective date (None for the first). Unlike
    # ``from_status`` (the status on the effective date when the update was recorded), a
    # later backdated update changes them. Kept by
    # ``tracker.updates.operations.link_neighbours`` whenever a history changes (an update
    # recorded or backdated, a merge, a split); ``flask history rebuild`` recomputes them.
    # A recommendation's status on a day D before its latest update is then the
    # ``prior_status`` of its one update with prior_effective_on <= D < effective_on.
    prior_status: Mapped[str] = mapped_column(String(32), default=INITIAL_STATUS, server_default=INITIAL_STATUS)
    prior_effective_on: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User | None] = relationship(lazy="joined")
    evidence: Mapped[list[Evidence]] = relationship(
        order_by="Evidence.position", cascade="all, delete-orphan", lazy="selectin"
    )
    corrects: Mapped[StatusUpdate | None] = relationship(remote_side=[id])

    @property
    def changed_status(self) -> bool:
        return self.from_status != self.to_status

    @property
    def from_info(self) -> Status:
        return STATUS_BY_CODE[self.from_status]

    @property
    def to_info(self) -> Status:
        return STATUS_BY_CODE[self.to_status]

    @property
    def author_name(self) -> str:
        return (self.user.name or self.user.email) if self.user else "—"


class Evidence(Base):
    """Evidence attached to an update: a link, or a quoted passage with its source."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    status_update_id: Mapped[int] = mapped_column(ForeignKey("status_updates.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str | None] = mapped_column(String(2000))
    quotation: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
