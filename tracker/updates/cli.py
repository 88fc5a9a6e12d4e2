"""``flask --app tracker history ...``: check or rebuild the status history's neighbour columns."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from tracker import db
from tracker.updates.operations import link_neighbours
from tracker.updates.queries import count_unlinked

history_cli = AppGroup("history", help="The status history's precomputed neighbour columns (reports).")


@history_cli.command("check")
def check_command() -> None:
    """Compare each update's prior_status and prior_effective_on with its history; exit 1 when any differ."""
    wrong = count_unlinked(db.session())
    if wrong:
        raise click.ClickException(
            f"{wrong:,} status updates have a wrong prior status or date. Run `flask --app tracker history rebuild`."
        )
    click.echo("Every status update's neighbour columns match its history.")


@history_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute every update's prior_status and prior_effective_on (one transaction)."""
    session = db.session()
    started = time.monotonic()
    try:
        changed = link_neighbours(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    click.echo(f"Status history linked: {changed:,} updates corrected in {time.monotonic() - started:.1f} s.")
