"""``flask --app tracker recommendations ...``: curation from the command line.

The same operations as the pages and the API; ``--as EMAIL`` names the staff member the
revision is attributed to (default: none, shown as "the system"). One transaction per
command: nothing is saved when a check fails.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from tracker import db
from tracker.accounts.models import User
from tracker.recommendations.models import RETIREMENT_REASONS
from tracker.recommendations.operations import CurationError, retire_recommendation, unretire_recommendation
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.restructure import merge_recommendations

recommendations_cli = AppGroup("recommendations", help="Retire, bring back and merge recommendations.")
_as_option = click.option("--as", "email", default=None, help="The account the change is attributed to.")


def _user(session, email: str | None):
    if email is None:
        return None
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account {email}.")
    return user


def _recommendation(session, recommendation_id: int):
    recommendation = get_recommendation(session, recommendation_id)
    if recommendation is None:
        raise click.ClickException(f"There is no recommendation {recommendation_id}.")
    return recommendation


def _run(action, message: str) -> None:
    """Run ``action(session)``, commit, and say ``message``; a refused change saves nothing."""
    session = db.session()
    try:
        action(session)
    except CurationError as error:
        session.rollback()
        raise click.ClickException(str(error)) from error
    session.commit()
    click.echo(message)


@recommendations_cli.command("retire")
@click.argument("recommendation_id", type=int)
@click.argument(
    "reason", type=click.Choice([c for c in RETIREMENT_REASONS if c not in ("duplicate", "document_retired")])
)
@click.option("--note", default="", help="More about why (required with 'other').")
@_as_option
def retire_command(recommendation_id: int, reason: str, note: str, email: str | None) -> None:
    """Retire RECOMMENDATION_ID: out of lists, counts and reports (reversibly)."""
    _run(
        lambda session: retire_recommendation(
            session,
            _recommendation(session, recommendation_id),
            user=_user(session, email),
            reason_code=reason,
            note=note,
        ),
        f"Recommendation {recommendation_id} retired.",
    )


@recommendations_cli.command("unretire")
@click.argument("recommendation_id", type=int)
@click.option("--reason", required=True, help="Why it comes back (kept in the history).")
@_as_option
def unretire_command(recommendation_id: int, reason: str, email: str | None) -> None:
    """Bring the retired RECOMMENDATION_ID back."""
    _run(
        lambda session: unretire_recommendation(
            session, _recommendation(session, recommendation_id), user=_user(session, email), reason=reason
        ),
        f"Recommendation {recommendation_id} is back.",
    )


@recommendations_cli.command("merge")
@click.argument("duplicate_id", type=int)
@click.argument("kept_id", type=int)
@click.option("--reason", required=True, help="Why they are the same (kept in the history).")
@_as_option
def merge_command(duplicate_id: int, kept_id: int, reason: str, email: str | None) -> None:
    """Merge DUPLICATE_ID into KEPT_ID (history, links and evidence move; the old id redirects)."""
    _run(
        lambda session: merge_recommendations(
            session,
            _recommendation(session, duplicate_id),
            _recommendation(session, kept_id),
            user=_user(session, email),
            reason=reason,
        ),
        f"Recommendation {duplicate_id} merged into {kept_id}.",
    )
