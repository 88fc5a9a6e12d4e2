"""Helpers for the import/export tests: export every kind, wipe, import from text."""

from __future__ import annotations

import csv
import io

from sqlalchemy import delete, select, update

from tracker import db as tracker_db
from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.export import generate_csv
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.transfer import import_csv
from tracker.transfer.export import generate_actors_csv, generate_documents_csv, generate_status_updates_csv
from tracker.updates.models import Evidence, StatusUpdate

KINDS = ("actors", "documents", "recommendations", "status_updates")
# The status-history columns before "original_recorded_at/by" were added: files in this
# older format must still import, so most tests write them.
from tracker.transfer.formats import STATUS_UPDATE_COLUMNS  # noqa: E402

HISTORY_COLUMNS = tuple(c for c in STATUS_UPDATE_COLUMNS if not c.startswith("original_"))


def export(app, kind: str) -> str:
    """The full export of one kind, as text."""
    factory = tracker_db.get_sessionmaker(app)
    generators = {
        "actors": lambda: generate_actors_csv(factory),
        "documents": lambda: generate_documents_csv(factory),
        "recommendations": lambda: generate_csv(factory, select(Recommendation).order_by(Recommendation.id)),
        "status_updates": lambda: generate_status_updates_csv(factory),
    }
    return "".join(generators[kind]())


def rows(csv_text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_text)))


def import_text(session, csv_text: str, **kwargs):
    """Import CSV text given as UTF-8 bytes, as an upload would be."""
    return import_csv(session, io.BytesIO(csv_text.encode("utf-8")), **kwargs)


def wipe(session) -> None:
    """Delete every actor, document, recommendation and status update."""
    for statement in (
        delete(Evidence),
        update(StatusUpdate).values(corrects_id=None),
        delete(StatusUpdate),
        delete(RecommendationMaker),
        delete(recommendation_addressees),
        delete(recommendation_themes),
        delete(Recommendation),
        delete(Document),
        update(Actor).values(parent_id=None),
        delete(Actor),
    ):
        session.execute(statement)
    session.flush()
    session.expire_all()


def csv_text(header, *lines) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for line in lines:
        writer.writerow(line)
    return buffer.getvalue()
