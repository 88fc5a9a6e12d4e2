"""The wide CSV of a progress report: one row per recommendation in scope, with its
status at the start and at the end of the period and how it moved, its owners, and the
government's latest response by the end of the period with that response's date.

The detailed CSV (export.py) lists the report section by section, one value a row; this
one is what a spreadsheet pivots or filters directly. Statuses are read from the history
(effective dates), so a saved report's wide CSV gives the statuses of its period.
Streamed a batch at a time: memory stays flat at 300,000 recommendations.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from tracker.accounts.models import User
from tracker.actors.models import Actor
from tracker.csvstream import stream_batches
from tracker.documents.models import Document
from tracker.recommendations.export import LIST_SEPARATOR, _grouped
from tracker.recommendations.filters import ListState
from tracker.recommendations.models import Recommendation, recommendation_addressees
from tracker.recommendations.queries import matching_condition
from tracker.reports.period import Period, direction
from tracker.responses.queries import current_responses
from tracker.updates.queries import status_as_of
from tracker.workflow.models import RecommendationOwner

WIDE_COLUMNS = (
    "id",
    "key",
    "summary",
    "document",
    "addressees",
    "status_start",
    "status_end",
    "change",
    "owners",
    "response",
    "response_date",
)


def wide_csv(session_factory: sessionmaker, period: Period, state: ListState) -> Iterator[str]:
    """Yield the wide CSV of the report for ``period`` and the filters of ``state``."""
    query = (
        select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.summary,
            Document.title,
            status_as_of(period.start_as_of).label("start"),
            status_as_of(period.end).label("end"),
        )
        .join(Document, Document.id == Recommendation.document_id)
        .where(matching_condition(Recommendation.id, state))
        .order_by(Recommendation.id)
    )

    responses = current_responses(period.end).subquery()

    def rows(session, batch):
        ids = [r.id for r in batch]
        addressees = _grouped(
            session,
            select(recommendation_addressees.c.recommendation_id, Actor.name)
            .join(Actor, Actor.id == recommendation_addressees.c.actor_id)
            .where(recommendation_addressees.c.recommendation_id.in_(ids))
            .order_by(recommendation_addressees.c.recommendation_id, Actor.name),
        )
        owner_name = func.coalesce(func.nullif(User.name, ""), User.email)
        owners = _grouped(
            session,
            select(RecommendationOwner.recommendation_id, owner_name)
            .join(User, User.id == RecommendationOwner.user_id)
            .where(RecommendationOwner.recommendation_id.in_(ids))
            .order_by(RecommendationOwner.recommendation_id, owner_name),
        )
        answered = {
            recommendation_id: (response, responded_on)
            for recommendation_id, response, responded_on in session.connection().execute(
                select(responses.c.recommendation_id, responses.c.response, responses.c.responded_on).where(
                    responses.c.recommendation_id.in_(ids)
                )
            )
        }
        return [
            [
                row.id,
                row.key,
                row.summary,
                row.title,
                LIST_SEPARATOR.join(addressees.get(row.id, ())),
                row.start,
                row.end,
                direction(row.start, row.end),
                LIST_SEPARATOR.join(owners.get(row.id, ())),
                *answered.get(row.id, ("", "")),
            ]
            for row in batch
        ]

    return stream_batches(session_factory, query, WIDE_COLUMNS, rows, plain_rows=True)
