"""``flask --app tracker import FILE``: the same import as the web page, with a progress bar."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from tracker import db
from tracker.accounts.models import User
from tracker.transfer.operations import import_csv


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "email", help="Record the import (and the status updates it adds) as this user.")
@click.option(
    "--keep-recorded",
    is_flag=True,
    help="Migration mode (needs --user of an administrator): status updates keep the file's "
    "recorded_by and recorded_at instead of this user and now. Recorded in the audit log.",
)
@with_appcontext
def import_command(path: str, email: str | None, keep_recorded: bool) -> None:
    """Import a CSV file in an export format (the kind is read from its header row).

    All rows or none: when any row is invalid, nothing is imported, every problem is
    printed with its line number and the exit code is 1.
    """
    session = db.session()
    user = None
    if email:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.BadParameter(f"there is no user {email}", param_hint="--user")
    if keep_recorded and getattr(user, "role", None) != "admin":
        raise click.BadParameter(
            "the migration mode needs --user with an administrator's email", param_hint="--keep-recorded"
        )
    size = os.path.getsize(path)
    with open(path, "rb") as file_obj, click.progressbar(length=size, label="Importing", file=sys.stderr) as bar:

        def advance(position: int) -> None:
            bar.update(position - bar.pos)

        report = import_csv(
            session, file_obj, progress=advance, user=user, source=os.path.basename(path), keep_recorded=keep_recorded
        )
        bar.update(size - bar.pos)
    if not report.ok:
        session.rollback()
        for error in report.errors:
            click.echo(f"{path}:{error.line}: {error.message}" if error.line else f"{path}: {error.message}", err=True)
        click.echo(report.summary(), err=True)
        sys.exit(1)
    session.commit()
    click.echo(f"Imported {report.kind}: {report.summary()}")
