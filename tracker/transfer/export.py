"""Streamed CSV exports of actors, documents and the status history.

Recommendations have their own export (``tracker.recommendations.export``); all four
stream through ``tracker.csvstream`` and are read back by the import.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, lazyload, selectinload, sessionmaker

from tracker.accounts.models import User
from tracker.actors.models import Actor
from tracker.csvstream import stream_query
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation
from tracker.transfer.formats import (
    ACTOR_COLUMNS,
    DOCUMENT_COLUMNS,
    STATUS_UPDATE_COLUMNS,
    iso,
    join_list,
    to_json,
)
from tracker.updates.models import Evidence, StatusUpdate


def _blank(value) -> str:
    return "" if value is None else value


# --- Actors ----------------------------------------------------------------------------


def actors_query() -> Select:
    """Every actor with its parent's slug, by id."""
    parent = aliased(Actor)
    return select(Actor, parent.slug).outerjoin(parent, Actor.parent_id == parent.id).order_by(Actor.id)


def actor_row(actor: Actor, parent_slug: str | None) -> list:
    """One actor as CSV cells (``ACTOR_COLUMNS``)."""
    return [
        actor.id,
        actor.slug,
        actor.name,
        actor.kind,
        _blank(actor.acronym),
        join_list(actor.aliases or []),
        _blank(actor.description),
        _blank(parent_slug),
    ]


def generate_actors_csv(session_factory: sessionmaker) -> Iterator[str]:
    """Yield the actors CSV in chunks."""
    return stream_query(session_factory, actors_query(), ACTOR_COLUMNS, actor_row)


# --- Documents -------------------------------------------------------------------------


def documents_query() -> Select:
    """Every document with its publisher's slug, by id."""
    return select(Document, Actor.slug).outerjoin(Actor, Document.publisher_id == Actor.id).order_by(Document.id)


def document_row(document: Document, publisher_slug: str | None) -> list:
    """One document as CSV cells (``DOCUMENT_COLUMNS``); the full text is the last column."""
    return [
        document.id,
        document.slug,
        document.title,
        _blank(publisher_slug),
        iso(document.published_on),
        _blank(document.date_note),
        document.kind,
        document.language,
        _blank(document.url),
        _blank(document.source_file),
        iso(document.created_at),
        document.text,
    ]


def generate_documents_csv(session_factory: sessionmaker) -> Iterator[str]:
    """Yield the documents CSV in chunks (documents are large: 50 per chunk)."""
    return stream_query(session_factory, documents_query(), DOCUMENT_COLUMNS, document_row, batch_size=50)


# --- Status history --------------------------------------------------------------------


def evidence_json(evidence: list[Evidence]) -> str:
    """Evidence as a JSON list of {"url"} or {"quotation", "source"} objects, in order."""
    items = []
    for item in evidence:
        entry = {}
        if item.url:
            entry["url"] = item.url
        if item.quotation:
            entry["quotation"] = item.quotation
        if item.source:
            entry["source"] = item.source
        items.append(entry)
    return to_json(items)


def status_updates_query(recommendation_ids: Select | None = None) -> Select:
    """Every status update (of the recommendations ``recommendation_ids`` selects), by id."""
    query = (
        select(StatusUpdate, Recommendation.key, User.email)
        .join(Recommendation, StatusUpdate.recommendation_id == Recommendation.id)
        .outerjoin(User, StatusUpdate.user_id == User.id)
        .options(selectinload(StatusUpdate.evidence), lazyload(StatusUpdate.user))
        .order_by(StatusUpdate.id)
    )
    if recommendation_ids is not None:
        query = query.where(StatusUpdate.recommendation_id.in_(recommendation_ids))
    return query


def status_update_row(update: StatusUpdate, recommendation_key: str, email: str | None) -> list:
    """One status update as CSV cells (``STATUS_UPDATE_COLUMNS``)."""
    return [
        update.id,
        recommendation_key,
        iso(update.effective_on),
        update.from_status,
        update.to_status,
        update.note,
        evidence_json(update.evidence),
        _blank(update.corrects_id),
        iso(update.recorded_at),
        _blank(email),
        iso(update.original_recorded_at),
        _blank(update.original_recorded_by),
    ]


def generate_status_updates_csv(
    session_factory: sessionmaker, recommendation_ids: Select | None = None
) -> Iterator[str]:
    """Yield the status-history CSV in chunks, optionally for some recommendations only."""
    return stream_query(
        session_factory, status_updates_query(recommendation_ids), STATUS_UPDATE_COLUMNS, status_update_row
    )
