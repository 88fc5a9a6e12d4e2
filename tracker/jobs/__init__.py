"""Background jobs on a real queue (Huey): see ``queue`` for the storage, ``operations``
for the verbs, ``worker`` for the command, ``views`` for the pages."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session


def load_handlers() -> None:
    """Import every module that registers a job handler."""
    import tracker.actors.jobs  # noqa: F401
    import tracker.intake.jobs  # noqa: F401
    import tracker.notifications.delivery  # noqa: F401
    import tracker.reports.jobs  # noqa: F401
    import tracker.transfer.jobs  # noqa: F401


def init_app(app: Flask) -> None:
    """Register the jobs pages, the worker command and the after-commit hooks."""
    from tracker.jobs.operations import run_after_commit_callbacks
    from tracker.jobs.views import blueprint
    from tracker.jobs.worker import worker_command

    load_handlers()
    app.register_blueprint(blueprint)
    app.cli.add_command(worker_command)
    if not event.contains(Session, "after_commit", run_after_commit_callbacks):
        event.listen(Session, "after_commit", run_after_commit_callbacks)
        event.listen(Session, "after_soft_rollback", _discard_on_outer_rollback)


def _discard_on_outer_rollback(session: Session, previous_transaction) -> None:
    # A rolled-back savepoint (a refused import) must not cancel what the enclosing
    # transaction will still commit.
    if not previous_transaction.nested:
        from tracker.jobs.operations import discard_after_commit_callbacks

        discard_after_commit_callbacks(session)
