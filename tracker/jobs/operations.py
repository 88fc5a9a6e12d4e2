"""The business verbs of background jobs: create one, run one, recover the lost ones.

``create_job`` adds a row and hands its id to the queue once the transaction commits
(a worker must never look for a job that is not committed yet). ``run_job`` is what a
worker does with an id: claim the row (queued → running, in one UPDATE), call the
handler for its kind with a progress callback, store the result or the error. A failed
attempt is retried after a delay until ``max_attempts``; then the job is "failed" and
shown to administrators on /admin/jobs. ``recover_stalled_jobs`` puts back in the
queue every running job whose worker stopped sending heartbeats (killed, machine lost):
handlers are written so that running again after such a stop is safe (the CSV import
is one transaction; e-mails are claimed per notification).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, g, has_app_context
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker import db
from tracker.core.context import real_app
from tracker.jobs import queue
from tracker.jobs.models import Job
from tracker.timeutil import utcnow

log = logging.getLogger(__name__)

#: kind -> handler(session, job, progress) -> result dict. Handlers flush; the runner commits.
HANDLERS: dict[str, Callable] = {}

ERROR_MAX = 20_000


def handler(kind: str):
    """Decorator: register the function that runs jobs of ``kind``."""

    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``session``'s transaction has committed (never on rollback)."""
    callbacks = session.info.setdefault("after_commit", [])
    callbacks.append(callback)


def run_after_commit_callbacks(session: Session) -> None:
    """Session hook (installed by ``tracker.jobs.init_app``): run the callbacks of a commit."""
    callbacks = session.info.pop("after_commit", [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the data is committed; recovery re-enqueues what failed to be
            log.exception("An after-commit callback failed")


def discard_after_commit_callbacks(session: Session) -> None:
    """Session hook: a rollback cancels what the transaction meant to enqueue."""
    session.info.pop("after_commit", None)


def create_job(session: Session, kind: str, payload: dict | None = None, *, user=None, max_attempts: int = 3) -> Job:
    """Add a job of ``kind`` and enqueue it when the transaction commits. Flushes."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        payload=payload or {},
        status="queued",
        attempts=0,
        max_attempts=max_attempts,
        created_by_id=user.id if user is not None else None,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    _enqueue_after_commit(session, job.id)
    return job


def _enqueue_after_commit(session: Session, job_id: int) -> None:
    # Outside an app (a script using the operations directly) the job stays queued in
    # the table and the workers' per-minute sweep enqueues it.
    if has_app_context():
        app = real_app()
        after_commit(session, lambda: enqueue(app, job_id))


def enqueue(app: Flask, job_id: int, delay: float | None = None) -> None:
    """Hand a job id to the queue (``delay`` seconds from now)."""
    from tracker.jobs.tasks import run_job_task

    queue.configure(app)
    if delay and not queue.huey.immediate:
        run_job_task.schedule(args=(job_id,), delay=delay)
    else:
        run_job_task(job_id)


def run_job(app: Flask, job_id: int) -> str:
    """Claim and run one job; returns the status it ended in ("skipped" if not claimable)."""
    with app.app_context():
        g.sqlite_write_transactions = True  # see tracker.db: jobs write, so take SQLite's lock at BEGIN
        session = db.session()
        claimed = db.rows_matched(
            session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "queued")
                .values(status="running", started_at=utcnow(), attempts=Job.attempts + 1)
            )
        )
        session.commit()
        if not claimed:
            return "skipped"
        job = session.get_one(Job, job_id)
        interval = app.config.get("JOBS_HEARTBEAT_SECONDS", 5)
        with queue.Heartbeat(job_id, interval):
            try:
                result = HANDLERS[job.kind](session, job, _progress_reporter(job_id))
                job.status, job.result, job.error, job.finished_at = "succeeded", result, None, utcnow()
                session.commit()
            except Exception:
                error = traceback.format_exc()[-ERROR_MAX:]
                log.warning("Job %s (%s) attempt failed:\n%s", job_id, job.kind, error)
                session.rollback()
                job = session.get_one(Job, job_id)
                job.error = error
                if job.attempts < job.max_attempts:
                    job.status = "queued"
                    session.commit()
                    enqueue(app, job_id, delay=app.config.get("JOBS_RETRY_DELAY_SECONDS", 30) * job.attempts)
                else:
                    job.status, job.finished_at = "failed", utcnow()
                    session.commit()
        queue.drop_state(job_id) if job.finished else None
        return job.status


def _progress_reporter(job_id: int) -> Callable[[int, int | None], None]:
    """A callback ``progress(done, total)`` that stores how far a job has come."""

    def report(done: int, total: int | None = None) -> None:
        queue.put_state(job_id, "progress", {"done": done, "total": total, "at": time.time()})

    return report


def job_progress(job: Job) -> dict | None:
    """How far a running job has come: {"done", "total", "percent"} or None."""
    if job.status != "running":
        return None
    state = queue.get_state(job.id, "progress")
    if not state:
        return {"done": 0, "total": None, "percent": None}
    total = state.get("total")
    percent = int(100 * state["done"] / total) if total else None
    return {"done": state["done"], "total": total, "percent": min(percent, 100) if percent is not None else None}


def recover_stalled_jobs(app: Flask) -> list[int]:
    """Put back in the queue the running jobs whose heartbeat stopped, and queued jobs that
    have waited unusually long (their enqueue may have been lost). Returns their ids."""
    stale_after = app.config.get("JOBS_STALE_AFTER_SECONDS", 60)
    now = time.time()
    recovered = []
    with app.app_context():
        g.sqlite_write_transactions = True
        session = db.session()
        running = session.scalars(select(Job).where(Job.status == "running")).all()
        for job in running:
            beat = queue.get_state(job.id, "heartbeat")
            last = beat["at"] if beat else (job.started_at.timestamp() if job.started_at else 0)
            if now - last > stale_after:
                log.warning("Job %s (%s) lost its worker; queuing it again", job.id, job.kind)
                job.status = "queued"
                job.error = (job.error or "") + "\nThe worker stopped during this attempt; the job was queued again."
                recovered.append(job.id)
        waiting_since = utcnow() - timedelta(seconds=max(stale_after * 5, 300))
        recovered += list(session.scalars(select(Job.id).where(Job.status == "queued", Job.created_at < waiting_since)))
        session.commit()
    for job_id in recovered:
        enqueue(app, job_id)
    return recovered


def retry_job(session: Session, job: Job) -> None:
    """An administrator's "try again" on a failed job: one more attempt, enqueued after commit."""
    if job.status != "failed":
        raise ValueError("only a failed job can be retried")
    job.status, job.finished_at = "queued", None
    job.max_attempts = job.attempts + 1
    session.flush()
    _enqueue_after_commit(session, job.id)
