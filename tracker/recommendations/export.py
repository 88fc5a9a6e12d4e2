"""CSV export of recommendations, streamed row by row (memory does not grow with rows)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask import Response
from sqlalchemy import Select
from sqlalchemy.orm import sessionmaker

from tracker.csvstream import BATCH_SIZE, csv_download, stream_query
from tracker.recommendations.models import Recommendation
from tracker.recommendations.queries import with_relations
from tracker.updates.queries import status_as_of

CSV_COLUMNS = (
    "id", "key", "summary", "status", "quote", "quote_start", "quote_end",
    "document", "document_title", "makers", "addressees", "themes", "created_at", "updated_at",
)
LIST_SEPARATOR = "; "


def csv_row(recommendation: Recommendation, status: str) -> list:
    """One CSV row; lists of makers, addressees and themes hold slugs joined by '; '."""
    return [
        recommendation.id,
        recommendation.key,
        recommendation.summary,
        status,
        recommendation.quote,
        recommendation.quote_start,
        recommendation.quote_end,
        recommendation.document.slug,
        recommendation.document.title,
        LIST_SEPARATOR.join(f"{link.actor.slug}:{link.role}" for link in recommendation.maker_links),
        LIST_SEPARATOR.join(actor.slug for actor in recommendation.addressees),
        LIST_SEPARATOR.join(theme.slug for theme in recommendation.themes),
        recommendation.created_at.isoformat(),
        recommendation.updated_at.isoformat(),
    ]


def generate_csv(session_factory: sessionmaker, query: Select, as_of: date | None = None) -> Iterator[str]:
    """Yield the CSV text in chunks of ``BATCH_SIZE`` rows, from a session of its own.

    The status column is each recommendation's status on ``as_of`` (None: today's).
    """
    query = with_relations(query).add_columns(status_as_of(as_of))
    return stream_query(session_factory, query, CSV_COLUMNS, csv_row, BATCH_SIZE)


def csv_response(session_factory: sessionmaker, query: Select, as_of: date | None = None,
                 filename: str = "recommendations.csv") -> Response:
    """A streamed CSV download of the recommendations ``query`` selects."""
    return csv_download(generate_csv(session_factory, query, as_of), filename)
