"""Background jobs: one row per piece of work handed to the queue.

The queue (Huey) only carries a job's id; this row is the truth about the job: what
to do (``kind``, ``payload``), whether it is waiting, running, done or failed, how
many attempts it took and the last error. A worker claims a job by moving it from
``queued`` to ``running`` in one UPDATE, so a job enqueued twice still runs once; a
running job whose worker stops sending heartbeats is put back in the queue.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.db import Base, UTCDateTime
from tracker.i18n import N_
from tracker.timeutil import utcnow

JOB_STATUSES = {
    "queued": N_("Waiting"),
    "running": N_("Running"),
    "succeeded": N_("Done"),
    "failed": N_("Failed"),
}

JOB_KINDS = {
    "email_notifications": N_("Notification e-mails"),
    "digest": N_("Digest e-mails"),
    "import_csv": N_("CSV import"),
    "report_pdf": N_("Report PDF"),
    "intake_parse": N_("Reading a document for intake"),
    "actor_merge": N_("Merging actors"),
}


class Job(Base):
    """One unit of background work and what became of it."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return JOB_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return JOB_KINDS.get(self.kind, self.kind)

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed")

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status}>"
