"""CSV export of recommendations, streamed in batches (memory does not grow with rows).

Rows are read as plain tuples, not ORM objects, and each batch's documents, makers,
addressees and themes come from four more statements: 300,000 rows would otherwise
build over a million objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from flask import Response
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from tracker.actors.models import Actor
from tracker.csvstream import BATCH_SIZE, csv_download, stream_batches
from tracker.documents.models import Document
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.themes.models import Theme
from tracker.updates.queries import status_as_of

CSV_COLUMNS = (
    "id",
    "key",
    "summary",
    "summary_es",
    "status",
    "priority",
    "quote",
    "quote_start",
    "quote_end",
    "document",
    "document_title",
    "makers",
    "addressees",
    "themes",
    "created_at",
    "updated_at",
)
LIST_SEPARATOR = "; "


def _grouped(session: Session, query: Select) -> dict[int, list[str]]:
    """{recommendation id: [value, ...]} from (recommendation id, value) rows, in query order."""
    groups: dict[int, list[str]] = defaultdict(list)
    # Plain rows straight from the connection: millions of link rows at scale.
    for recommendation_id, value in session.connection().execute(query):
        groups[recommendation_id].append(value)
    return groups


class _BatchWriter:
    """Turns a batch of plain recommendation rows into CSV rows (four queries a batch)."""

    def __init__(self):
        self.documents: dict[int, tuple[str, str]] = {}  # documents repeat across batches

    def __call__(self, session: Session, rows) -> list[list]:
        ids = [row.id for row in rows]
        missing = {row.document_id for row in rows} - self.documents.keys()
        if missing:
            self.documents.update(
                (doc_id, (slug, title))
                for doc_id, slug, title in session.execute(
                    select(Document.id, Document.slug, Document.title).where(Document.id.in_(missing))
                )
            )
        makers = _grouped(
            session,
            select(RecommendationMaker.recommendation_id, Actor.slug + ":" + RecommendationMaker.role)
            .join(Actor, Actor.id == RecommendationMaker.actor_id)
            .where(RecommendationMaker.recommendation_id.in_(ids))
            .order_by(RecommendationMaker.recommendation_id, RecommendationMaker.position),
        )
        addressees = _grouped(
            session,
            select(recommendation_addressees.c.recommendation_id, Actor.slug)
            .join(Actor, Actor.id == recommendation_addressees.c.actor_id)
            .where(recommendation_addressees.c.recommendation_id.in_(ids))
            .order_by(recommendation_addressees.c.recommendation_id, Actor.name),
        )
        themes = _grouped(
            session,
            select(recommendation_themes.c.recommendation_id, Theme.slug)
            .join(Theme, Theme.id == recommendation_themes.c.theme_id)
            .where(recommendation_themes.c.recommendation_id.in_(ids))
            .order_by(recommendation_themes.c.recommendation_id, Theme.name),
        )
        return [
            [
                row.id,
                row.key,
                row.summary,
                row.summary_es or "",
                row.status,
                row.priority,
                row.quote,
                row.quote_start,
                row.quote_end,
                *self.documents[row.document_id],
                LIST_SEPARATOR.join(makers.get(row.id, ())),
                LIST_SEPARATOR.join(addressees.get(row.id, ())),
                LIST_SEPARATOR.join(themes.get(row.id, ())),
                row.created_at.isoformat(),
                row.updated_at.isoformat(),
            ]
            for row in rows
        ]


def generate_csv(session_factory: sessionmaker, query: Select, as_of: date | None = None) -> Iterator[str]:
    """Yield the CSV of the recommendations ``query`` selects (in its order), a batch at a time.

    ``query`` is a ``select(Recommendation)`` with any filters, joins, order and limit;
    the status column is each recommendation's status on ``as_of`` (None: today's).
    Lists of makers (``slug:role``), addressees and themes hold slugs joined by "; ".
    """
    rows_query = query.with_only_columns(
        Recommendation.id,
        Recommendation.key,
        Recommendation.summary,
        Recommendation.summary_es,
        status_as_of(as_of).label("status"),
        Recommendation.priority,
        Recommendation.quote,
        Recommendation.quote_start,
        Recommendation.quote_end,
        Recommendation.document_id,
        Recommendation.created_at,
        Recommendation.updated_at,
        maintain_column_froms=False,
    )
    return stream_batches(session_factory, rows_query, CSV_COLUMNS, _BatchWriter(), BATCH_SIZE, plain_rows=True)


def csv_response(
    session_factory: sessionmaker, query: Select, as_of: date | None = None, filename: str = "recommendations.csv"
) -> Response:
    """A streamed CSV download of the recommendations ``query`` selects."""
    return csv_download(generate_csv(session_factory, query, as_of), filename)
