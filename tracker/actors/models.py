"""Actors: who makes recommendations and who receives them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime
from tracker.i18n import N_
from tracker.timeutil import utcnow

ACTOR_KINDS = {
    "government": N_("Government"),
    "agency": N_("Agency"),
    "official": N_("Official"),
    "organisation": N_("Organisation"),
    "coalition": N_("Coalition"),
    "person": N_("Person"),
    "group": N_("Group of actors"),
    "intergovernmental": N_("Intergovernmental organisation"),
}


class Actor(Base):
    """An organisation, coalition, government, agency, official or person.

    ``parent`` builds the hierarchy (official → agency → government); filtering by an
    actor includes its descendants.
    """

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    acronym: Mapped[str | None] = mapped_column(String(40))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    # Optimistic locking, as for recommendations: a stale edit is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    parent: Mapped[Actor | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Actor]] = relationship(back_populates="parent", order_by="Actor.name")

    @property
    def kind_label(self) -> str:
        return ACTOR_KINDS.get(self.kind, self.kind)

    @property
    def display_name(self) -> str:
        """The name, followed by the acronym when the name does not already contain it."""
        if self.acronym and self.acronym not in self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    def ancestors(self) -> list[Actor]:
        """Parents from the nearest up to the root."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def __repr__(self) -> str:
        return f"<Actor {self.slug}>"


class ActorRedirect(Base):
    """The slug of an actor merged into another: its old URL redirects to the kept actor."""

    __tablename__ = "actor_redirects"

    old_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
