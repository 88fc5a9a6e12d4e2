"""Revisions (who changed what, when, why)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.i18n import N_
from tracker.timeutil import utcnow

TARGET_TYPES = ("recommendation", "document", "actor", "theme")

REVISION_KINDS = {
    "created": N_("Created"),
    "edited": N_("Edited"),
    "restored": N_("Earlier version restored"),
    "split": N_("Split"),
    "merged": N_("Merged"),
    "retired": N_("Retired"),
    "unretired": N_("Brought back"),
    "trimmed": N_("Text trimmed"),
    "actor_merged": N_("Actor merged"),
}


class Revision(Base):
    """One change to a recommendation, document, actor or theme (statuses have their timeline).

    ``changes`` maps each changed field to ``[before, after]`` (JSON values: text, numbers,
    lists of slugs, makers as ``{"actor": slug, "role": role}``). ``restores_id`` names
    the revision whose data a restoring revision brought back. Rows are only ever added.
    """

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_target", "target_type", "target_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="edited")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    restores_id: Mapped[int | None] = mapped_column(Integer)
    # The target's version after this revision (recommendations: for "changes since").
    version: Mapped[int | None] = mapped_column(Integer)

    user: Mapped[User | None] = relationship(lazy="joined")

    @property
    def kind_label(self) -> str:
        return REVISION_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Revision {self.id} {self.target_type}:{self.target_id} {self.kind}>"
