"""The wide CSV of a progress report: one row per recommendation in scope, with its
status at the start and at the end of the period and how it moved.

The detailed CSV (export.py) lists the report section by section, one value a row; this
one is what a spreadsheet pivots or filters directly. Statuses are read from the history
(effective dates), so a saved report's wide CSV gives the statuses of its period.
Streamed a batch at a time: memory stays flat at 300,000 recommendations.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from tracker.actors.models import Actor
from tracker.csvstream import stream_batches
from tracker.documents.models import Document
from tracker.recommendations.export import LIST_SEPARATOR, _grouped
from tracker.recommendations.filters import ListState
from tracker.recommendations.models import Recommendation, recommendation_addressees
from tracker.recommendations.queries import matching_condition
from tracker.reports.period import Period, direction
from tracker.updates.queries import status_as_of

WIDE_COLUMNS = ("id", "key", "summary", "document", "addressees", "status_start", "status_end", "change")


def wide_csv(session_factory: sessionmaker, period: Period, state: ListState) -> Iterator[str]:
    """Yield the wide CSV of the report for ``period`` and the filters of ``state``."""
    query = (select(Recommendation.id, Recommendation.key, Recommendation.summary, Document.title,
                    status_as_of(period.start_as_of).label("start"), status_as_of(period.end).label("end"))
             .join(Document, Document.id == Recommendation.document_id)
             .where(matching_condition(Recommendation.id, state))
             .order_by(Recommendation.id))

    def rows(session, batch):
        addressees = _grouped(session, select(recommendation_addressees.c.recommendation_id, Actor.name)
                              .join(Actor, Actor.id == recommendation_addressees.c.actor_id)
                              .where(recommendation_addressees.c.recommendation_id.in_([r.id for r in batch]))
                              .order_by(recommendation_addressees.c.recommendation_id, Actor.name))
        return [[row.id, row.key, row.summary, row.title,
                 LIST_SEPARATOR.join(addressees.get(row.id, ())), row.start, row.end,
                 direction(row.start, row.end)] for row in batch]

    return stream_batches(session_factory, query, WIDE_COLUMNS, rows, plain_rows=True)
