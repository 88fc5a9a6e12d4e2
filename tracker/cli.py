"""Command-line interface: ``flask --app tracker <command>``."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from flask import Flask, current_app
from flask.cli import AppGroup

from tracker import migrate
from tracker.backup import BackupError, backup_sqlite

db_cli = AppGroup("db", help="Database schema migrations (Alembic).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database is at revision {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (e.g. base)."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database is at revision {revision}.")


@db_cli.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def db_backup(destination: Path) -> None:
    """Write a consistent copy of the SQLite database to DESTINATION while the app runs."""
    try:
        backup_sqlite(current_app.config["DATABASE_URL"], destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {destination}.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    config = migrate.alembic_config(current_app.config["DATABASE_URL"])
    command.revision(config, message=message, autogenerate=True)


def register_cli(app: Flask) -> None:
    """Register every command group on the app."""
    from tracker.accounts.cli import users_cli
    from tracker.demo.cli import demo_data_command
    from tracker.seeding.cli import seed_command
    from tracker.transfer.cli import import_command

    app.cli.add_command(db_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(import_command)

    from tracker.intake.cli import evaluate_command, intake_command, relate_command

    for command_ in (intake_command, evaluate_command, relate_command):
        app.cli.add_command(command_)
    app.cli.add_command(demo_data_command)

    from tracker.recommendations.cli import recommendations_cli

    app.cli.add_command(recommendations_cli)

    from tracker.recommendations.facet_cli import facets_cli

    app.cli.add_command(facets_cli)

    from tracker.updates.cli import history_cli

    app.cli.add_command(history_cli)
