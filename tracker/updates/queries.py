"""Reading the history: timelines, statuses as of a date, updates for feeds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import CTE, ColumnElement, Row, Select, Subquery, Table, case, func, or_, select
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


def statuses_then(day: date, name: str = "statuses_then") -> CTE:
    """A CTE (recommendation_id, status): the status on ``day`` of every recommendation with
    an update effective after that day; every other one was at its current status
    (``recommendations.status``), so ``coalesce(status, Recommendation.status)`` over an
    outer join is each recommendation's status on ``day``.

    The status is the ``prior_status`` of the recommendation's first update after the
    day: the one update with ``prior_effective_on <= day < effective_on`` (or none before
    it). One range of ``ix_status_updates_prior`` (the updates after the day, read from the
    index alone), no lookup per recommendation..
    """
    return (
        select(StatusUpdate.recommendation_id.label("recommendation_id"), StatusUpdate.prior_status.label("status"))
        .where(
            StatusUpdate.effective_on > day,
            or_(StatusUpdate.prior_effective_on.is_(None), StatusUpdate.prior_effective_on <= day),
        )
        .cte(name)
        # SQLite reads it once into a table; PostgreSQL plans it inline, where it knows
        # the statistics of its rows (a materialized CTE's are unknown to its planner).
        .prefix_with("MATERIALIZED", dialect="sqlite")
    )


def status_on(day: date | None) -> tuple[ColumnElement[str] | InstrumentedAttribute[str], CTE | None]:
    """Each recommendation's status on ``day`` (None: today's) for a query over many
    recommendations: the expression, and the CTE to outer-join on ``recommendation_id``
    (None: nothing to join). ``statuses_then`` reads the updates after the day once,
    where ``status_as_of`` looks up each recommendation's history."""
    if day is None:
        return Recommendation.status, None
    then = statuses_then(day)
    return func.coalesce(then.c.status, Recommendation.status), then


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


def latest_effective_on(session: Session, recommendation_id: int) -> date | None:
    """The effective date of the update that sets the current status (None: no history).

    Reads one date from the history's index instead of loading the update and its evidence."""
    return session.scalar(
        select(StatusUpdate.effective_on)
        .where(StatusUpdate.recommendation_id == recommendation_id)
        .order_by(StatusUpdate.effective_on.desc())
        .limit(1)
    )


def correctable_updates(session: Session, recommendation_id: int) -> list[Row]:
    """(id, effective_on, note) of every update of a recommendation, newest effective date
    first: what the update form offers to correct, without loading evidence or authors."""
    return list(
        session.execute(
            select(StatusUpdate.id, StatusUpdate.effective_on, StatusUpdate.note)
            .where(StatusUpdate.recommendation_id == recommendation_id)
            .order_by(StatusUpdate.effective_on.desc(), StatusUpdate.id.desc())
        )
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


def neighbours_in_order(recommendation_ids: Iterable[int] | Select | None = None) -> Select:
    """(id, prior_status, prior_effective_on) of every update of these recommendations
    (None: of all) as its history in effective order says they should be: the status and
    date of the update before it (the initial status and None for the first)."""
    updates = StatusUpdate.__table__
    by, order = updates.c.recommendation_id, (updates.c.effective_on, updates.c.id)
    query = select(
        updates.c.id,
        func.coalesce(func.lag(updates.c.to_status).over(partition_by=by, order_by=order), INITIAL_STATUS).label(
            "prior_status"
        ),
        func.lag(updates.c.effective_on).over(partition_by=by, order_by=order).label("prior_effective_on"),
    )
    if recommendation_ids is not None:
        query = query.where(updates.c.recommendation_id.in_(recommendation_ids))
    return query


def unlinked(updates: Table, linked: Subquery) -> ColumnElement[bool]:
    """The stored neighbour columns of ``updates`` differ from ``linked`` (``neighbours_in_order``)."""
    return or_(
        updates.c.prior_status.is_distinct_from(linked.c.prior_status),
        updates.c.prior_effective_on.is_distinct_from(linked.c.prior_effective_on),
    )


def count_unlinked(session: Session) -> int:
    """How many updates have neighbour columns their history contradicts (0 when exact)."""
    updates = StatusUpdate.__table__
    linked = neighbours_in_order().subquery("linked")
    return (
        session.scalar(
            select(func.count())
            .select_from(updates)
            .join(linked, linked.c.id == updates.c.id)
            .where(unlinked(updates, linked))
        )
        or 0
    )
