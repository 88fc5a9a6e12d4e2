"""Documents: the press releases, letters and reports recommendations come from."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.actors.models import Actor
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow
from tracker.i18n import N_

DOCUMENT_KINDS = {
    "press_release": N_("Press release"),
    "letter": N_("Letter"),
    "report": N_("Report"),
    "article": N_("Article"),
    "statement": N_("Statement"),
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
    date_note: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(String(2000))
    text: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    publisher: Mapped[Actor | None] = relationship()

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Document {self.slug}>"
