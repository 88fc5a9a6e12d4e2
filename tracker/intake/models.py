"""Intake: documents added by people, candidate recommendations awaiting review, related pairs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.documents.models import Document
from tracker.i18n import N_
from tracker.recommendations.models import Recommendation
from tracker.timeutil import utcnow

# Labels are translated where shown ({{ _(label) }}); N_ marks them for the catalog.
CANDIDATE_STATUSES = {
    "pending": N_("Awaiting review"),
    "accepted": N_("Accepted"),
    "merged": N_("Merged into an existing recommendation"),
    "rejected": N_("Rejected"),
}
SOURCE_KINDS = {
    "pasted": N_("Pasted text"),
    "text": N_("Text file"),
    "markdown": N_("Markdown file"),
    "html": N_("Web page (HTML)"),
    "pdf": N_("PDF"),
}
PAIR_STATUSES = {"suggested": N_("Suggested"), "confirmed": N_("Confirmed"), "dismissed": N_("Dismissed")}


class IntakeSubmission(Base):
    """How a document entered the tracker: who added it, and the upload kept on disk."""

    __tablename__ = "intake_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    source_kind: Mapped[str] = mapped_column(String(16))
    original_filename: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(80))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    submitted_by: Mapped[User | None] = relationship()


class IntakeCandidate(Base):
    """A proposed recommendation. Nothing becomes a recommendation until a person accepts it.

    ``makers`` and ``addressees`` are lists of ``{"slug", "name", "kind", "role"}``: a
    known actor has a slug; one without is created when the candidate is accepted.
    Rejected candidates stay, so re-processing the document does not propose them again.
    """

    __tablename__ = "intake_candidates"
    __table_args__ = (UniqueConstraint("document_id", "quote_start", "quote_end", name="uq_intake_candidates_span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300))
    negated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    makers: Mapped[list[dict]] = mapped_column(JSON, default=list)
    addressees: Mapped[list[dict]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    recommendation: Mapped[Recommendation | None] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return CANDIDATE_STATUSES.get(self.status, self.status)


class RelatedRecommendation(Base):
    """Two recommendations from different documents that ask for the same thing.

    Stored once per pair (lower id first). Pairs are suggested by similarity and can be
    confirmed or dismissed by a person; a dismissed pair is not suggested again.
    """

    __tablename__ = "related_recommendations"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id", name="uq_related_recommendations_pair"),
        CheckConstraint("first_id < second_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="suggested")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    first: Mapped[Recommendation] = relationship(foreign_keys=[first_id])
    second: Mapped[Recommendation] = relationship(foreign_keys=[second_id])

    def other(self, recommendation_id: int) -> Recommendation:
        """The recommendation of the pair that is not ``recommendation_id``."""
        return self.second if self.first_id == recommendation_id else self.first
