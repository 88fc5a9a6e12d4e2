"""``flask --app tracker worker``: run jobs from the queue until stopped (Ctrl-C / SIGTERM)."""

from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext

from tracker.core.context import real_app
from tracker.jobs import load_handlers, queue, tasks
from tracker.jobs.operations import recover_stalled_jobs


@click.command("worker")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="How many jobs this process runs at the same time (threads).",
)
@with_appcontext
def worker_command(workers: int) -> None:
    """Run background jobs: e-mails, digests, imports, report PDFs.

    Start as many as you like, on as many machines as share REDIS_URL (without it the
    queue is a SQLite file in the instance folder, shared by the workers of one machine).
    A stopped worker's unfinished job is queued again once its heartbeat is older than
    JOBS_STALE_AFTER_SECONDS.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = real_app()
    if app.config.get("JOBS_IMMEDIATE"):
        raise click.ClickException("JOBS_IMMEDIATE is set: jobs run inline, there is nothing for a worker to do.")
    load_handlers()
    tasks.WORKER_APP = app
    huey = queue.configure(app)
    kind, location, _name = queue.storage_settings(app)
    where = "Redis" if kind == "redis" else f"SQLite file {location}"
    click.echo(f"Worker: {workers} thread(s), queue in {where}.", err=True)
    recover_stalled_jobs(app)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True, check_worker_health=True)
    consumer.run()
