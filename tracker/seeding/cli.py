"""``flask --app tracker seed``: load the curated seed data."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from tracker import PROJECT_ROOT, db
from tracker.audit.operations import record_event
from tracker.seeding.loader import load_seeds
from tracker.seeding.reader import SeedError


@click.command("seed")
@click.option(
    "--path",
    "seed_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=PROJECT_ROOT / "seeds",
    show_default="seeds/",
    help="Folder of seed files.",
)
@with_appcontext
def seed_command(seed_dir: Path) -> None:
    """Load the documents, actors, themes and recommendations (idempotent, one transaction)."""
    session = db.session()
    try:
        report = load_seeds(session, seed_dir)
        if report.created or report.updated:
            record_event(
                session,
                "seeds.loaded",
                target_type="seeds",
                summary=f"Seed data loaded from {seed_dir.name}/: {report}.",
                details={"created": report.created, "updated": report.updated},
            )
        session.commit()
    except SeedError as error:
        session.rollback()
        raise click.ClickException(f"{error}\nNothing was loaded.") from error
    click.echo(f"Seeds loaded: {report}.")
