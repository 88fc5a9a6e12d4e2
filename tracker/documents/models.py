"""Documents: the press releases, letters and reports recommendations come from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.actors.models import Actor
from tracker.db import Base, UTCDateTime
from tracker.i18n import N_
from tracker.timeutil import utcnow

DOCUMENT_KINDS = {
    "press_release": N_("Press release"),
    "letter": N_("Letter"),
    "report": N_("Report"),
    "article": N_("Article"),
    "statement": N_("Statement"),
}


# How much of ``published_on`` is known: "April 2022" is month precision (stored as 1 April).
DATE_PRECISIONS = {
    "day": N_("Day"),
    "month": N_("Month"),
    "year": N_("Year"),
}


class Document(Base):
    """A source document. ``published_on`` is null when the text gives no date."""

    __tablename__ = "documents"
    # Newest first without reading the (large) rows: the document facet of every list.
    __table_args__ = (Index("ix_documents_published_on", "published_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[str] = mapped_column(String(8), default="day", server_default="day")
    date_note: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(String(2000))
    text: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    # A retired document leaves the lists; its recommendations are retired with it.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_note: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking, as for recommendations: a stale edit is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    publisher: Mapped[Actor | None] = relationship()

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def published_label(self) -> str | None:
        """The publication date at its precision ("2022-04", "2022"), ISO-style, or None."""
        if self.published_on is None:
            return None
        if self.published_precision == "year":
            return f"{self.published_on.year:04d}"
        if self.published_precision == "month":
            return self.published_on.strftime("%Y-%m")
        return self.published_on.isoformat()

    def __repr__(self) -> str:
        return f"<Document {self.slug}>"
