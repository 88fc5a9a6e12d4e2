"""Reading responses: the current response of each recommendation, histories, comparisons."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.recommendations.models import Recommendation
from tracker.responses.models import GovernmentResponse
from tracker.responses.vocabulary import DISPUTED_STATUSES, RESPONSE_CODES
from tracker.updates.queries import status_on

DISPUTED_LIMIT = 1000


def current_responses(on: date | None = None) -> Select:
    """A SELECT of each recommendation's current response row: latest ``responded_on``,
    then the latest recorded (no later row exists for the same recommendation). With
    ``on``, the response in force on that day (responses dated after it are ignored)."""
    newer = aliased(GovernmentResponse)
    later = select(newer.id).where(
        newer.recommendation_id == GovernmentResponse.recommendation_id,
        or_(
            newer.responded_on > GovernmentResponse.responded_on,
            and_(newer.responded_on == GovernmentResponse.responded_on, newer.id > GovernmentResponse.id),
        ),
    )
    query = select(GovernmentResponse)
    if on is not None:
        later = later.where(newer.responded_on <= on)
        query = query.where(GovernmentResponse.responded_on <= on)
    return query.where(~later.exists())


def responses_for(session: Session, recommendation_ids: list[int]) -> dict[int, GovernmentResponse]:
    """The current response per recommendation id (those without one are absent)."""
    if not recommendation_ids:
        return {}
    query = current_responses().where(GovernmentResponse.recommendation_id.in_(recommendation_ids))
    return {response.recommendation_id: response for response in session.scalars(query)}


def history(session: Session, recommendation_id: int) -> list[GovernmentResponse]:
    """Every response recorded for a recommendation, newest first."""
    return list(
        session.scalars(
            select(GovernmentResponse)
            .where(GovernmentResponse.recommendation_id == recommendation_id)
            .order_by(GovernmentResponse.responded_on.desc(), GovernmentResponse.id.desc())
        )
    )


def response_condition(codes: tuple[str, ...]) -> ColumnElement:
    """Recommendations whose current response is one of ``codes`` ("no_response" also
    matches recommendations with no response recorded at all)."""
    current = current_responses().subquery()
    condition: ColumnElement[bool] = Recommendation.id.in_(
        select(current.c.recommendation_id).where(current.c.response.in_(codes))
    )
    if "no_response" in codes:
        anything = select(GovernmentResponse.id).where(GovernmentResponse.recommendation_id == Recommendation.id)
        condition = or_(condition, ~anything.correlate(Recommendation).exists())
    return condition


def claims_success() -> Select:
    """Ids of recommendations whose current response accepts them or claims them implemented."""
    current = current_responses().subquery()
    return select(current.c.recommendation_id).where(
        or_(current.c.response == "accepted", current.c.claims_implemented.is_(True))
    )


def disputed_condition(status_expression) -> ColumnElement:
    """ "The government says it is implemented, the advocates disagree": the response
    accepts it or claims implementation while the assessed status is no action or regressed."""
    return and_(status_expression.in_(DISPUTED_STATUSES), Recommendation.id.in_(claims_success()))


def response_status_counts(session: Session, matching: Select | None = None, on: date | None = None) -> dict:
    """Recommendations counted by the government's response and the assessed status, side by side.

    ``{"table": {response: {status: n}}, "claims_implemented": n, "disputed": n}``: every
    recommendation (or those in ``matching``, a SELECT of ids) with its response and status
    on ``on`` (default: today); those with no response count as "no_response".
    """
    current = current_responses(on).subquery()
    status_expression, then = status_on(on)
    status = status_expression.label("status")
    response = func.coalesce(current.c.response, "no_response").label("response")
    claims = func.coalesce(current.c.claims_implemented, False)
    query = (
        select(response, status, claims.label("claims"), func.count())
        .select_from(Recommendation)
        .outerjoin(current, current.c.recommendation_id == Recommendation.id)
        .group_by(response, status, claims)
    )
    if then is not None:
        query = query.outerjoin(then, then.c.recommendation_id == Recommendation.id)
    if matching is not None:
        query = query.where(Recommendation.id.in_(matching))
    table: dict[str, dict[str, int]] = {code: {} for code in RESPONSE_CODES}
    claimed = disputed = 0
    for response_code, status_code, claim, count in session.execute(query):
        row = table.setdefault(response_code, {})
        row[status_code] = row.get(status_code, 0) + count
        claimed += count if claim else 0
        if (claim or response_code == "accepted") and status_code in DISPUTED_STATUSES:
            disputed += count
    return {"table": table, "claims_implemented": claimed, "disputed": disputed}


def disputed_items(
    session: Session, matching: Select | None = None, on: date | None = None, limit: int = DISPUTED_LIMIT
) -> list[dict]:
    """ "Government says implemented, advocates disagree" on ``on``, as plain dicts for reports."""
    current = current_responses(on).subquery()
    status, then = status_on(on)
    query = (
        select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.summary,
            status,
            current.c.response,
            current.c.claims_implemented,
            current.c.responded_on,
            current.c.source_url,
            current.c.quotation,
            current.c.source,
            Recommendation.priority,
        )
        .join(current, current.c.recommendation_id == Recommendation.id)
        .where(
            status.in_(DISPUTED_STATUSES), or_(current.c.response == "accepted", current.c.claims_implemented.is_(True))
        )
        .order_by(Recommendation.id)
        .limit(limit)
    )
    if then is not None:
        query = query.outerjoin(then, then.c.recommendation_id == Recommendation.id)
    if matching is not None:
        query = query.where(Recommendation.id.in_(matching))
    return [
        {
            "recommendation_id": row.id,
            "recommendation_key": row.key,
            "summary": row.summary,
            "status": row[3],
            "response": row.response,
            "claims_implemented": bool(row.claims_implemented),
            "responded_on": row.responded_on.isoformat(),
            "source_url": row.source_url,
            "quotation": row.quotation,
            "source": row.source,
            "priority": row.priority,
        }
        for row in session.execute(query)
    ]
