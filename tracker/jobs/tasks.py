"""The tasks Huey knows: run one job, and the periodic sweeps a worker does.

The worker sets ``WORKER_APP`` to the app it serves; inline (immediate) runs use the
app of the current context.
"""

from __future__ import annotations

from flask import Flask
from huey import crontab

from tracker.core.context import real_app
from tracker.jobs.queue import huey

WORKER_APP: Flask | None = None


def _app() -> Flask:
    return WORKER_APP or real_app()


@huey.task()
def run_job_task(job_id: int) -> None:
    """Run the job with this id (a no-op when it is already taken or done)."""
    from tracker.jobs.operations import run_job

    run_job(_app(), job_id)


@huey.periodic_task(crontab(minute="*"))
def every_minute() -> None:
    """Recover jobs whose worker died; announce follow-up dates reached; send e-mails that are
    due; queue digests when due."""
    from tracker.jobs.operations import recover_stalled_jobs
    from tracker.notifications.delivery import schedule_due_deliveries
    from tracker.notifications.due import notify_follow_ups_due

    app = _app()
    recover_stalled_jobs(app)
    notify_follow_ups_due(app)
    schedule_due_deliveries(app)
