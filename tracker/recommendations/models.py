"""Recommendations and their links to makers, addressees and themes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.actors.models import Actor
from tracker.db import Base, UTCDateTime
from tracker.documents.models import Document
from tracker.i18n import N_
from tracker.recommendations.statuses import INITIAL_STATUS, STATUS_BY_CODE, Status
from tracker.themes.models import Theme
from tracker.timeutil import utcnow

PRIORITIES = {
    "normal": N_("Normal"),
    "high": N_("High"),
}

# Why a recommendation left the default lists (``retire_recommendation``).
RETIREMENT_REASONS = {
    "withdrawn": N_("Withdrawn by its makers"),
    "mistake": N_("Entered by mistake"),
    "superseded": N_("Superseded"),
    "duplicate": N_("Merged into another recommendation"),
    "document_retired": N_("Its document was retired"),
    "other": N_("Other"),
}

MAKER_ROLES = {
    "lead": N_("Lead"),
    "signatory": N_("Signatory"),
    "co-signer": N_("Co-signers"),
    "spokesperson": N_("Spokesperson"),
}

recommendation_addressees = Table(
    "recommendation_addressees",
    Base.metadata,
    Column("recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id"), primary_key=True, index=True),
)

recommendation_themes = Table(
    "recommendation_themes",
    Base.metadata,
    Column("recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)


class RecommendationMaker(Base):
    """One maker of a recommendation, with the part it played (lead, signatory, ...)."""

    __tablename__ = "recommendation_makers"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)

    actor: Mapped[Actor] = relationship(lazy="joined")

    @property
    def role_label(self) -> str:
        return MAKER_ROLES.get(self.role, self.role)


class Recommendation(Base):
    """One ask made in one document, quoted verbatim with its offsets in the text."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    summary: Mapped[str] = mapped_column(String(300))
    # Optional Spanish summary, shown in the Spanish interface when present.
    summary_es: Mapped[str | None] = mapped_column(String(300))
    priority: Mapped[str] = mapped_column(String(16), default="normal", server_default="normal")
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32), default=INITIAL_STATUS, index=True)
    # Every status note, appended by record_update, so full-text search covers them.
    notes_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Retired recommendations leave lists, counts and reports but keep their page.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_reason: Mapped[str | None] = mapped_column(String(32))
    retired_note: Mapped[str | None] = mapped_column(Text)
    # Set when merged into another: this one's URL redirects there permanently.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("recommendations.id"), index=True)
    # Optimistic locking: every UPDATE checks and bumps it, so a stale edit fails.
    version: Mapped[int] = mapped_column(Integer, default=1)

    document: Mapped[Document] = relationship()
    maker_links: Mapped[list[RecommendationMaker]] = relationship(
        order_by=RecommendationMaker.position, cascade="all, delete-orphan"
    )
    addressees: Mapped[list[Actor]] = relationship(secondary=recommendation_addressees, order_by=Actor.name)
    themes: Mapped[list[Theme]] = relationship(secondary=recommendation_themes, order_by=Theme.name)

    __mapper_args__ = {"version_id_col": version}
    # Both read from the index alone on PostgreSQL (migration 0015c): the newest matches of
    # a filtered list (walked backwards, each id tested against the matches), and the
    # document of each match (the document facet), without a visit to the wide rows.
    __table_args__ = (
        Index("ix_recommendations_updated_at", "updated_at", "id"),
        Index("ix_recommendations_id_document", "id", "document_id"),
        # Only the few retired rows: "retired_at IS NULL" (nearly every row) must never look
        # selective to a planner without statistics, which then sorted all 300,000 rows
        # instead of walking (updated_at, id) for the newest 25.
        Index(
            "ix_recommendations_retired_at",
            "retired_at",
            sqlite_where=text("retired_at IS NOT NULL"),
            postgresql_where=text("retired_at IS NOT NULL"),
        ),
    )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def retired_reason_label(self) -> str:
        return RETIREMENT_REASONS.get(self.retired_reason or "", self.retired_reason or "")

    @property
    def priority_label(self) -> str:
        return PRIORITIES.get(self.priority, self.priority)

    def summary_in(self, language: str) -> str:
        """The summary to show in ``language``: the Spanish one when asked for and present."""
        if language == "es" and self.summary_es:
            return self.summary_es
        return self.summary

    def can_edit(self, user: User | None) -> bool:
        """Whether ``user`` may change the recommendation's data (staff and admins)."""
        return has_role(user, "staff")

    @property
    def makers(self) -> list[Actor]:
        return [link.actor for link in self.maker_links]

    def quote_in_context(self, reach: int = 240) -> tuple[str, str, str]:
        """(text before, quote, text after), widened to the enclosing sentence within ``reach``."""
        text = self.document.text
        start, end = self.quote_start, self.quote_end
        before = text[max(0, start - reach) : start]
        after = text[end : end + reach]
        cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
        before = before[cut + 1 :].lstrip() if cut >= 0 else "…" + before.lstrip()
        stops = [i for i in (after.find(". "), after.find("\n"), after.find("? "), after.find("! ")) if i >= 0]
        after = after[: min(stops) + 1].rstrip() if stops else after.rstrip() + "…"
        return before, text[start:end], after

    def can_update(self, user: User | None) -> bool:
        """Whether ``user`` may record status updates, notes and evidence (advocates and up)."""
        return has_role(user, "advocate")

    @property
    def status_info(self) -> Status:
        return STATUS_BY_CODE[self.status]

    def __repr__(self) -> str:
        return f"<Recommendation {self.key}>"
