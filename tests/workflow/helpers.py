"""Helpers for team-workflow tests: the eight recommendations addressed to Mexico, form posting."""

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.conftest import read_csrf_token
from tracker.actors.models import Actor
from tracker.recommendations.models import Recommendation, recommendation_addressees


def mexico_recommendations(db_session) -> list[Recommendation]:
    """Recommendations addressed to the Mexican government itself, by id."""
    mexico = db_session.scalar(select(Actor).where(Actor.slug == "mexican-government"))
    return list(
        db_session.scalars(
            select(Recommendation)
            .join(recommendation_addressees)
            .where(recommendation_addressees.c.actor_id == mexico.id)
            .order_by(Recommendation.id)
        )
    )


def post(client, url: str, data: dict | list, page: str = "/my-work"):
    """POST a form with a CSRF token read from ``page`` (as a browser would)."""
    token = read_csrf_token(client, page)
    if isinstance(data, dict):
        data = list(data.items())
    return client.post(url, data=MultiDict([("csrf_token", token)] + data))
