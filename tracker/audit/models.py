"""The audit event model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.timeutil import utcnow

ACTION_MAX = 64
TARGET_TYPE_MAX = 64
CLIENT_ADDRESS_MAX = 64


class AuditEvent(Base):
    """One thing that happened: a sign-in, a role change, a status update...

    ``user`` is who did it (None for anonymous visitors and the command line);
    ``target_type``/``target_id`` name what it was done to; ``summary`` is one line for
    people and ``details`` a JSON object for the specifics. Never holds secrets:
    ``record_event`` refuses password and token keys.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # SET NULL keeps the history if a user row is ever deleted (the app only deactivates).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(ACTION_MAX), index=True)
    target_type: Mapped[str | None] = mapped_column(String(TARGET_TYPE_MAX))
    target_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    client_address: Mapped[str | None] = mapped_column(String(CLIENT_ADDRESS_MAX))

    user: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.target_type}:{self.target_id}>"
