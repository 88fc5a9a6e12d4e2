"""Reading the history: timelines, statuses as of a date, updates for feeds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from tracker.recommendations.models import Recommendation
from tracker.recommendations.statuses import INITIAL_STATUS
from tracker.updates.models import StatusUpdate


def status_as_of(as_of: date | None) -> ColumnElement[str] | InstrumentedAttribute[str]:
    """An SQL expression for each recommendation's status on ``as_of`` (None: today's).

    On a date, the status is the ``to_status`` of the latest update effective on or
    before that date, or the initial status when there was none. The
    ``ix_status_updates_timeline`` index serves the correlated lookup.
    """
    if as_of is None:
        return Recommendation.status
    latest = (
        select(StatusUpdate.to_status)
        .where(StatusUpdate.recommendation_id == Recommendation.id, StatusUpdate.effective_on <= as_of)
        .order_by(StatusUpdate.effective_on.desc(), StatusUpdate.id.desc())
        .limit(1)
        .correlate(Recommendation)
        .scalar_subquery()
    )
    # Only recommendations with an update effective after the date can have had another
    # status then: every other one is at its current status. Looking up the history of
    # those few instead of all keeps reports and as-of lists fast at 300,000.
    # EXISTS, not IN: PostgreSQL cannot hash an IN list of a million ids in work_mem and
    # would rescan it per row; the correlated probe uses ix_status_updates_timeline.
    changed_since = (
        select(StatusUpdate.id)
        .where(StatusUpdate.recommendation_id == Recommendation.id, StatusUpdate.effective_on > as_of)
        .correlate(Recommendation)
        .exists()
    )
    return case((changed_since, func.coalesce(latest, INITIAL_STATUS)), else_=Recommendation.status)


def statuses_for(session: Session, recommendation_ids: list[int], as_of: date | None) -> dict[int, str]:
    """Status per recommendation id on ``as_of`` (one statement)."""
    if not recommendation_ids:
        return {}
    rows = session.execute(
        select(Recommendation.id, status_as_of(as_of)).where(Recommendation.id.in_(recommendation_ids))
    )
    return dict(rows.all())


def current_update(session: Session, recommendation_id: int) -> StatusUpdate | None:
    """The update that sets the current status: latest effective date, then latest recorded."""
    return session.scalar(
        select(StatusUpdate)
        .where(StatusUpdate.recommendation_id == recommendation_id)
        .order_by(StatusUpdate.effective_on.desc(), StatusUpdate.id.desc())
        .limit(1)
    )


def timeline(session: Session, recommendation_id: int) -> list[StatusUpdate]:
    """Every update of a recommendation, newest effective date first."""
    return list(
        session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.recommendation_id == recommendation_id)
            .options(selectinload(StatusUpdate.evidence))
            .order_by(StatusUpdate.effective_on.desc(), StatusUpdate.id.desc())
        )
    )


def updates_since_version(session: Session, recommendation_id: int, version: int) -> list[StatusUpdate]:
    """Updates saved after the given version of the recommendation, oldest first."""
    return list(
        session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.recommendation_id == recommendation_id, StatusUpdate.resulting_version > version)
            .order_by(StatusUpdate.id)
        )
    )
