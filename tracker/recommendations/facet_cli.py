"""``flask --app tracker facets ...``: check or rebuild the facet index (facet_index.py)."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from tracker import db
from tracker.recommendations import facet_index

facets_cli = AppGroup("facets", help="The facet index behind list filters and counts.")


@facets_cli.command("check")
def check_command() -> None:
    """Compare the facet index with the links; exit 1 when they differ."""
    found = facet_index.differences(db.session())
    if any(found.values()):
        raise click.ClickException(
            f"The facet index differs from the links: {found['missing']} rows missing, {found['extra']} rows "
            f"too many, {found['wrong_counts']} counts wrong, {found['wrong_lists']} recommendations' value lists "
            "wrong. Run `flask --app tracker facets rebuild`."
        )
    click.echo("The facet index matches the links.")


@facets_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute the facet index and its counts from the links (one transaction)."""
    session = db.session()
    started = time.monotonic()
    try:
        rows = facet_index.rebuild(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    click.echo(f"Facet index rebuilt: {rows:,} rows in {time.monotonic() - started:.1f} s.")
