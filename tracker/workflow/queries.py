"""Reading team workflow: owners and follow-ups of a page of recommendations, the list's
workflow filters, staleness, and the sections of My work."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from tracker.accounts.models import User
from tracker.db import UTCDateTime
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation
from tracker.timeutil import utcnow
from tracker.updates.models import StatusUpdate
from tracker.workflow.models import FollowUp, RecommendationOwner

FOLLOW_UP_FILTERS = ("overdue", "due", "set", "none")
UNOWNED = "none"


def owners_for(session: Session, recommendation_ids: list[int]) -> dict[int, list[User]]:
    """Owners per recommendation id, by name (one statement)."""
    result: dict[int, list[User]] = defaultdict(list)
    if recommendation_ids:
        rows = session.execute(
            select(RecommendationOwner.recommendation_id, User)
            .join(User, User.id == RecommendationOwner.user_id)
            .where(RecommendationOwner.recommendation_id.in_(recommendation_ids))
            .order_by(User.name, User.email)
        )
        for recommendation_id, user in rows:
            result[recommendation_id].append(user)
    return result


def follow_ups_for(session: Session, recommendation_ids: list[int]) -> dict[int, FollowUp]:
    """The follow-up of each recommendation id that has one (one statement)."""
    if not recommendation_ids:
        return {}
    return {
        f.recommendation_id: f
        for f in session.scalars(select(FollowUp).where(FollowUp.recommendation_id.in_(recommendation_ids)))
    }


def owner_condition(user_ids: list[int], include_unowned: bool) -> ColumnElement:
    """Recommendations owned by any of ``user_ids`` (and, if asked, those owned by nobody)."""
    conditions: list[ColumnElement[bool]] = []
    if user_ids:
        conditions.append(
            Recommendation.id.in_(
                select(RecommendationOwner.recommendation_id).where(RecommendationOwner.user_id.in_(user_ids))
            )
        )
    if include_unowned:
        owned = select(RecommendationOwner.user_id).where(RecommendationOwner.recommendation_id == Recommendation.id)
        conditions.append(~owned.correlate(Recommendation).exists())
    return or_(*conditions)


def follow_up_condition(kinds: tuple[str, ...], today: date) -> ColumnElement:
    """Recommendations whose follow-up is overdue (before today), due (today or before),
    set at all, or not set."""
    conditions = []
    for kind in kinds:
        if kind == "none":
            conditions.append(Recommendation.id.not_in(select(FollowUp.recommendation_id)))
            continue
        query = select(FollowUp.recommendation_id)
        if kind == "overdue":
            query = query.where(FollowUp.due_on < today)
        elif kind == "due":
            query = query.where(FollowUp.due_on <= today)
        conditions.append(Recommendation.id.in_(query))
    return or_(*conditions)


def follow_up_ordering() -> list:
    """Soonest follow-up first; recommendations without one last."""
    due = (
        select(FollowUp.due_on)
        .where(FollowUp.recommendation_id == Recommendation.id)
        .correlate(Recommendation)
        .scalar_subquery()
    )
    return [due.is_(None), due, Recommendation.id]


class DateAsTimestamp(FunctionElement):
    """A DATE as a timestamp at midnight UTC, comparable with stored timestamps on both databases."""

    type = UTCDateTime()
    inherit_cache = True


@compiles(DateAsTimestamp)
def _date_as_timestamp(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS TIMESTAMP WITH TIME ZONE)"


@compiles(DateAsTimestamp, "sqlite")
def _date_as_timestamp_sqlite(element, compiler, **kw):
    # SQLite keeps timestamps as text; datetime() gives the same text form, sorted alike.
    return f"datetime({compiler.process(element.clauses, **kw)})"


def last_activity() -> ColumnElement:
    """When someone last recorded a status update, else when the recommendation was made
    (its document's publication date), else when it was added to the tracker."""
    last_update = (
        select(func.max(StatusUpdate.recorded_at))
        .where(StatusUpdate.recommendation_id == Recommendation.id)
        .correlate(Recommendation)
        .scalar_subquery()
    )
    made = (
        select(DateAsTimestamp(Document.published_on))
        .where(Document.id == Recommendation.document_id)
        .correlate(Recommendation)
        .scalar_subquery()
    )
    return func.coalesce(last_update, made, Recommendation.created_at)


def stale_cutoff(days: int, now: datetime | None = None) -> datetime:
    """The moment before which a recommendation's last activity makes it stale."""
    return (now or utcnow()) - timedelta(days=days)


def stale_condition(days: int) -> ColumnElement:
    """No status update for ``days`` days, counting from when the recommendation was made or added.

    A recommendation never assessed since its document was published a year ago is
    stale, whatever day it was loaded into the tracker.
    """
    return last_activity() < stale_cutoff(days)
