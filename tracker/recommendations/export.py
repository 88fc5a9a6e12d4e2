"""CSV export of recommendations, streamed in chunks (memory does not grow with rows).

The export first reads the ids of the matching recommendations in the requested order
(one narrow query: sorting whole rows, quotes included, made PostgreSQL sort hundreds
of MB on disk), then reads them a chunk of ids at a time: the columns in one statement
and the makers, addressees and themes as plain id pairs in three more. Slugs come from
the actors and themes read once, in name order, so no link row joins another table.
No ORM objects are built: 300,000 rows would otherwise make over a million.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from flask import Response
from sqlalchemy import Connection, Select, select
from sqlalchemy.orm import Session, sessionmaker

from tracker.actors.models import Actor
from tracker.csvstream import csv_download, csv_text
from tracker.db import read_without_mapping
from tracker.documents.models import Document
from tracker.recommendations.matching import InIds
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


# Rows read per chunk: large enough that the four statements per chunk cost little,
# small enough that a chunk's text stays a few MB.
CHUNK_SIZE = 2000


def _grouped(session: Session, query: Select) -> dict[int, list[str]]:
    """{recommendation id: [value, ...]} from (recommendation id, value) rows, in query order."""
    groups: dict[int, list[str]] = defaultdict(list)
    # Plain rows straight from the connection, fetched in one call: millions of link rows
    # at scale, and fetching them one at a time costs more than the query.
    for recommendation_id, value in session.connection().execute(query).all():
        groups[recommendation_id].append(value)
    return groups


class _Names:
    """Slugs of every actor and theme with their rank in name order (what the lists of
    addressees and themes are sorted by), and documents' slugs and titles as met."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.actors = self._ranked(select(Actor.id, Actor.slug).order_by(Actor.name, Actor.id))
        self.themes = self._ranked(select(Theme.id, Theme.slug).order_by(Theme.name, Theme.id))
        self.documents: dict[int, tuple[str, str]] = {}

    def _ranked(self, query: Select) -> dict[int, tuple[int, str]]:
        return {row_id: (rank, slug) for rank, (row_id, slug) in enumerate(self.connection.execute(query).all())}

    def load_documents(self, ids: set[int]) -> None:
        """Read the documents among ``ids`` not read yet (documents repeat across chunks)."""
        missing = ids - self.documents.keys()
        if missing:
            query = select(Document.id, Document.slug, Document.title).where(Document.id.in_(missing))
            self.documents.update((doc_id, (slug, title)) for doc_id, slug, title in self.connection.execute(query))


MAKERS = RecommendationMaker.__table__
ADDRESSEES, THEMES = recommendation_addressees, recommendation_themes


def _columns(as_of: date | None) -> Select:
    """The columns of the export, without the makers, addressees and themes."""
    return select(
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
    )


def _chunk_rows(connection: Connection, columns: Select, names: _Names, ids: list[int]) -> list[list]:
    """The CSV rows of the recommendations ``ids``, in that order (four statements)."""
    # The ids go to the database as one parameter (InIds): 2,000 bound values per
    # statement cost PostgreSQL more to plan than to run.
    found = {row[0]: row for row in connection.execute(columns.where(InIds(Recommendation.id, ids))).all()}
    actors, themes = names.actors, names.themes
    makers: dict[int, list[str]] = defaultdict(list)
    for recommendation_id, actor_id, role in connection.execute(
        select(MAKERS.c.recommendation_id, MAKERS.c.actor_id, MAKERS.c.role)
        .where(InIds(MAKERS.c.recommendation_id, ids))
        .order_by(MAKERS.c.recommendation_id, MAKERS.c.position)
    ).all():
        makers[recommendation_id].append(f"{actors[actor_id][1]}:{role}")
    # (rank in name order, slug) per recommendation: sorted, they are in name order.
    addressed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for recommendation_id, actor_id in connection.execute(
        select(ADDRESSEES.c.recommendation_id, ADDRESSEES.c.actor_id).where(InIds(ADDRESSEES.c.recommendation_id, ids))
    ).all():
        addressed[recommendation_id].append(actors[actor_id])
    themed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for recommendation_id, theme_id in connection.execute(
        select(THEMES.c.recommendation_id, THEMES.c.theme_id).where(InIds(THEMES.c.recommendation_id, ids))
    ).all():
        themed[recommendation_id].append(themes[theme_id])
    names.load_documents({row[9] for row in found.values()})
    documents, join = names.documents, LIST_SEPARATOR.join
    rows = []
    for row_id in ids:
        row = found.get(row_id)
        if row is None:  # deleted since the ids were read (PostgreSQL reads each statement afresh)
            continue
        key, summary, summary_es, status, priority, quote, start, end, document_id, created, updated = row[1:]
        rows.append(
            [
                row_id,
                key,
                summary,
                summary_es or "",
                status,
                priority,
                quote,
                start,
                end,
                *documents[document_id],
                join(makers.get(row_id, ())),
                join([slug for _rank, slug in sorted(addressed.get(row_id, ()))]),
                join([slug for _rank, slug in sorted(themed.get(row_id, ()))]),
                created.isoformat(),
                updated.isoformat(),
            ]
        )
    return rows


def generate_csv(session_factory: sessionmaker, query: Select, as_of: date | None = None) -> Iterator[str]:
    """Yield the CSV of the recommendations ``query`` selects (in its order), a chunk at a time.

    ``query`` is a ``select(Recommendation)`` with any filters, joins, order and limit;
    the status column is each recommendation's status on ``as_of`` (None: today's).
    Lists of makers (``slug:role``), addressees and themes hold slugs joined by "; ";
    addressees and themes are in name order. The session is opened when the first chunk
    is requested and closed before the last one is handed over, so a client that stops
    reading holds no connection.
    """
    ids_query = query.with_only_columns(Recommendation.id, maintain_column_froms=False)
    columns = _columns(as_of)
    text = csv_text([CSV_COLUMNS])
    with session_factory() as session:
        connection = session.connection()
        read_without_mapping(connection)
        ids = list(connection.execute(ids_query).scalars())
        names = _Names(connection)
        for start in range(0, len(ids), CHUNK_SIZE):
            chunk = csv_text(_chunk_rows(connection, columns, names, ids[start : start + CHUNK_SIZE]))
            if start:
                yield text
                text = chunk
            else:  # the header goes with the first chunk: a one-chunk export is read in one go
                text += chunk
    yield text


def csv_response(
    session_factory: sessionmaker, query: Select, as_of: date | None = None, filename: str = "recommendations.csv"
) -> Response:
    """A streamed CSV download of the recommendations ``query`` selects."""
    return csv_download(generate_csv(session_factory, query, as_of), filename)
