"""Reading responses: the current response of each recommendation, histories, comparisons."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.recommendations.models import Recommendation
from tracker.responses.models import GovernmentResponse
from tracker.responses.vocabulary import DISPUTED_STATUSES


def current_responses() -> Select:
    """A SELECT of each recommendation's current response row: latest ``responded_on``,
    then the latest recorded (no later row exists for the same recommendation)."""
    newer = aliased(GovernmentResponse)
    later = select(newer.id).where(
        newer.recommendation_id == GovernmentResponse.recommendation_id,
        or_(newer.responded_on > GovernmentResponse.responded_on,
            and_(newer.responded_on == GovernmentResponse.responded_on, newer.id > GovernmentResponse.id)))
    return select(GovernmentResponse).where(~later.exists())


def responses_for(session: Session, recommendation_ids: list[int]) -> dict[int, GovernmentResponse]:
    """The current response per recommendation id (those without one are absent)."""
    if not recommendation_ids:
        return {}
    query = current_responses().where(GovernmentResponse.recommendation_id.in_(recommendation_ids))
    return {response.recommendation_id: response for response in session.scalars(query)}


def history(session: Session, recommendation_id: int) -> list[GovernmentResponse]:
    """Every response recorded for a recommendation, newest first."""
    return list(session.scalars(
        select(GovernmentResponse).where(GovernmentResponse.recommendation_id == recommendation_id)
        .order_by(GovernmentResponse.responded_on.desc(), GovernmentResponse.id.desc())))


def response_condition(codes: tuple[str, ...]) -> ColumnElement:
    """Recommendations whose current response is one of ``codes`` ("no_response" also
    matches recommendations with no response recorded at all)."""
    current = current_responses().subquery()
    condition = Recommendation.id.in_(select(current.c.recommendation_id).where(current.c.response.in_(codes)))
    if "no_response" in codes:
        anything = select(GovernmentResponse.id).where(GovernmentResponse.recommendation_id == Recommendation.id)
        condition = or_(condition, ~anything.correlate(Recommendation).exists())
    return condition


def claims_success() -> Select:
    """Ids of recommendations whose current response accepts them or claims them implemented."""
    current = current_responses().subquery()
    return select(current.c.recommendation_id).where(
        or_(current.c.response == "accepted", current.c.claims_implemented.is_(True)))


def disputed_condition(status_expression) -> ColumnElement:
    """"The government says it is implemented, the advocates disagree": the response
    accepts it or claims implementation while the assessed status is no action or regressed."""
    return and_(status_expression.in_(DISPUTED_STATUSES), Recommendation.id.in_(claims_success()))
