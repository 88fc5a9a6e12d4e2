"""``flask --app tracker demo-data``: add synthetic recommendations for demos and benchmarks."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from tracker import db
from tracker.demo.generator import generate


@click.command("demo-data")
@click.option(
    "--recommendations",
    "count",
    type=click.IntRange(min=0),
    required=True,
    help="How many recommendations to generate.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: the same seed gives the same data.")
@click.option(
    "--updates-per-recommendation",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Mean number of status updates per recommendation (each gets 0 to twice this).",
)
@with_appcontext
def demo_data_command(count: int, seed: int, updates_per_recommendation: int) -> None:
    """Add one run of synthetic, deterministic data (its own slug prefix; one transaction).

    Never touches existing rows: every run gets a fresh ``demo<seed>r<run>-`` prefix.
    Run it while nobody else writes to the database (ids are assigned in bulk).
    """
    session = db.session()
    started = time.monotonic()

    def progress(message: str) -> None:
        click.echo(f"[{time.monotonic() - started:6.1f} s] {message}", err=True)

    try:
        report = generate(
            session, count, seed=seed, updates_per_recommendation=updates_per_recommendation, progress=progress
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    click.echo(f"Demo data added in {time.monotonic() - started:.1f} s: {report}.")
