"""Reading for the reports dashboard and the list of saved reports.

Each function is one or two aggregate statements over the current statuses (the indexed
``recommendations.status`` column), whatever the number of recommendations.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer

from tracker.actors.models import Actor
from tracker.main.scorecard import ScoreRow
from tracker.recommendations.facet_index import FACET_CODES, facet_counts
from tracker.recommendations.models import Recommendation
from tracker.reports.models import SavedReport
from tracker.themes.models import Theme
from tracker.updates.models import StatusUpdate
from tracker.workflow.queries import last_activity, stale_condition

CHART_ROWS = 12


# A row of counts by status (an actor, a theme, or everything): the scorecard's row, so
# the dashboard draws the same bars as the home page.
Distribution = ScoreRow


def overall_distribution(session: Session) -> Distribution:
    """Every recommendation's current status, counted."""
    row = Distribution(label="All recommendations")
    for status, count in session.execute(
        select(facet_counts.c.status, facet_counts.c.count).where(facet_counts.c.facet == "s")
    ):
        row.counts[status] = count
    return row


def distribution_by_actor(session: Session, role: str, limit: int = CHART_ROWS) -> tuple[list[Distribution], int]:
    """Status counts per addressee or maker (each including its descendants), the ``limit``
    actors with the most recommendations first; also how many actors have any.

    Read from ``facet_counts`` (a few hundred rows, kept exact by every change)."""
    rows = session.execute(
        select(Actor.id, Actor.slug, Actor.name, facet_counts.c.status, facet_counts.c.count)
        .join(Actor, Actor.id == facet_counts.c.value_id)
        .where(facet_counts.c.facet == FACET_CODES[role], facet_counts.c.count > 0)
    )
    return _top(rows, limit)


def distribution_by_theme(session: Session, limit: int = CHART_ROWS) -> tuple[list[Distribution], int]:
    """Status counts per theme, the themes with the most recommendations first."""
    rows = session.execute(
        select(Theme.id, Theme.slug, Theme.name, facet_counts.c.status, facet_counts.c.count)
        .join(Theme, Theme.id == facet_counts.c.value_id)
        .where(facet_counts.c.facet == FACET_CODES["theme"], facet_counts.c.count > 0)
    )
    return _top(rows, limit)


def _top(rows, limit: int) -> tuple[list[Distribution], int]:
    by_id: dict[int, Distribution] = {}
    for row_id, slug, name, status, count in rows:
        by_id.setdefault(row_id, Distribution(label=name, slug=slug)).counts[status] = count
    ranked = sorted(by_id.values(), key=lambda d: (-d.total, d.label.lower()))
    return ranked[:limit], len(ranked)


def recent_changes(session: Session, limit: int = 10) -> list[tuple[StatusUpdate, str]]:
    """The latest status changes as recorded (newest first), with each recommendation's summary."""
    return list(
        session.execute(
            select(StatusUpdate, Recommendation.summary)
            .join(Recommendation, Recommendation.id == StatusUpdate.recommendation_id)
            .where(StatusUpdate.from_status != StatusUpdate.to_status, Recommendation.retired_at.is_(None))
            .order_by(StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc())
            .limit(limit)
        )
    )


def stale_recommendations(session: Session, days: int, limit: int = 15) -> tuple[list[tuple], int]:
    """(recommendation, since when) for those with no status update for ``days`` days,
    counting from when they were made (their document's date) or added when never updated,
    the longest-neglected first, and how many there are."""
    condition = stale_condition(days) & Recommendation.retired_at.is_(None)
    total = session.scalar(select(func.count()).select_from(Recommendation).where(condition)) or 0
    since = last_activity().label("since")
    items = [
        (rec, when)
        for rec, when in session.execute(
            select(Recommendation, since).where(condition).order_by(since, Recommendation.id).limit(limit)
        )
    ]
    return items, total


def last_saved_report(session: Session) -> SavedReport | None:
    """The most recently saved report."""
    return session.scalar(select(SavedReport).order_by(SavedReport.id.desc()).limit(1))


def saved_reports_query() -> Select:
    """Saved reports, newest first, without their (large) content."""
    return select(SavedReport).options(defer(SavedReport.content)).order_by(SavedReport.id.desc())
