"""The business verbs of intake: add a document, propose candidates, accept, merge, reject.

Operations flush, never commit: the request wrapper (or the CLI command) commits once.
Every decision is recorded with ``record_event``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.actors.operations import find_or_create_actor
from tracker.audit.operations import record_event
from tracker.documents.models import Document
from tracker.documents.operations import create_document
from tracker.intake.dates import StatedDate, publication_date
from tracker.intake.language import LANGUAGES, detect_language
from tracker.intake.matching import ActorIndex, ActorRecord, Proposal, ThemeRecord, propose
from tracker.intake.models import IntakeCandidate, IntakeSubmission
from tracker.intake.related import refresh_related
from tracker.notifications.operations import notify
from tracker.recommendations.models import Recommendation
from tracker.recommendations.operations import Maker, create_recommendation
from tracker.themes.models import Theme
from tracker.timeutil import utcnow


class IntakeError(ValueError):
    """A decision that cannot be made (the candidate was already decided, say)."""


class KeyTaken(IntakeError):
    """Accepting failed because the new recommendation's key was taken at the same moment."""


@dataclass
class DocumentInput:
    """A validated new document (from the form or the command line)."""

    title: str
    text: str
    language: str | None = None  # None or "": detected from the text
    kind: str = "statement"
    publisher_id: int | None = None
    new_publisher: str | None = None
    published_on: date | None = None
    url: str | None = None
    source_kind: str = "pasted"
    original_filename: str | None = None
    upload: bytes | None = None


def actor_index(session: Session) -> ActorIndex:
    """Every known actor, ready for matching."""
    actors = session.scalars(select(Actor)).all()
    by_id = {a.id: a.slug for a in actors}
    return ActorIndex(
        [
            ActorRecord(
                a.slug,
                a.name,
                a.kind,
                a.acronym,
                tuple(a.aliases or ()),
                by_id.get(a.parent_id) if a.parent_id is not None else None,
            )
            for a in actors
        ]
    )


def theme_records(session: Session) -> list[ThemeRecord]:
    """Every theme, ready for suggesting."""
    return [ThemeRecord(t.slug, t.name, t.description or "") for t in session.scalars(select(Theme))]


def store_upload(folder: Path, data: bytes, kind: str) -> str:
    """Write an upload under a generated name (never the user's) and return that name."""
    folder.mkdir(parents=True, exist_ok=True)
    extension = {"pdf": ".pdf", "html": ".html", "markdown": ".md"}.get(kind, ".txt")
    name = secrets.token_hex(16) + extension
    (folder / name).write_bytes(data)
    return name


def add_document(
    session: Session, data: DocumentInput, user, upload_folder: Path | None = None, progress=None
) -> tuple[Document, list[IntakeCandidate]]:
    """Create the Document, remember how it came in, and propose its candidates."""
    publisher = session.get(Actor, data.publisher_id) if data.publisher_id else None
    if publisher is None and data.new_publisher:
        publisher = find_or_create_actor(
            session, data.new_publisher, "organisation", user=user, reason="Publisher of a document added for intake"
        )
    published_on, precision, date_note = data.published_on, "day", None
    if published_on is None:
        stated = publication_date(data.text)
        if stated is not None:
            published_on, precision, date_note = stated.value, stated.precision, date_note_for(stated)
    document = create_document(
        session,
        title=data.title,
        text=data.text,
        kind=data.kind,
        language=data.language or detect_language(data.text),
        publisher=publisher,
        published_on=published_on,
        published_precision=precision,
        date_note=date_note,
        url=data.url or None,
        user=user,
        reason="Added for intake",
    )
    stored = None
    if data.upload is not None and upload_folder is not None:
        stored = store_upload(upload_folder, data.upload, data.source_kind)
        document.source_file = f"uploads/{stored}"
    session.add(
        IntakeSubmission(
            document=document,
            source_kind=data.source_kind,
            stored_name=stored,
            original_filename=(data.original_filename or None) and data.original_filename[:255],
            submitted_by_id=getattr(user, "id", None),
        )
    )
    candidates = propose_candidates(session, document, progress=progress)
    record_event(
        session,
        "document.added",
        user=user,
        target_type="document",
        target_id=document.id,
        summary=f"Document “{document.title[:200]}” added; {len(candidates)} candidates proposed.",
        details={"source": data.source_kind, "candidates": len(candidates)},
    )
    return document, candidates


def date_note_for(stated: StatedDate) -> str:
    """The note kept with a date read from the text, saying how precise the text is."""
    return {
        "day": "Date stated in the text.",
        "month": f"The text states the month only ({stated.iso()}).",
        "year": f"The text states the year only ({stated.iso()}).",
    }[stated.precision]


def propose_candidates(session: Session, document: Document, progress=None) -> list[IntakeCandidate]:
    """Store a pending candidate for every ask found that is not already known.

    A span that overlaps an existing candidate (accepted, merged or *rejected*) or an
    existing recommendation of the document is skipped, so re-processing never brings
    back what someone has already decided.
    """
    index = actor_index(session)
    publisher = index.proposal(document.publisher.slug, "lead") if document.publisher else None
    known = [
        (c.quote_start, c.quote_end)
        for c in session.scalars(select(IntakeCandidate).where(IntakeCandidate.document_id == document.id))
    ]
    known += [
        (r.quote_start, r.quote_end)
        for r in session.scalars(select(Recommendation).where(Recommendation.document_id == document.id))
    ]
    created = []
    language = document.language if document.language in LANGUAGES else None
    for proposal in propose(
        document.text, index, theme_records(session), publisher, progress=progress, language=language
    ):
        ask = proposal.ask
        if any(ask.start < end and start < ask.end for start, end in known):
            continue
        candidate = IntakeCandidate(
            document=document,
            quote=ask.quote,
            quote_start=ask.start,
            quote_end=ask.end,
            summary=ask.summary[:300],
            negated=ask.negated,
            makers=[p.as_dict() for p in proposal.makers],
            addressees=[p.as_dict() for p in proposal.addressees],
            themes=proposal.themes,
        )
        session.add(candidate)
        known.append((ask.start, ask.end))
        created.append(candidate)
    session.flush()
    return created


def _actor_for(session: Session, proposal: dict, user=None) -> Actor:
    if proposal.get("slug"):
        actor = session.scalar(select(Actor).where(Actor.slug == proposal["slug"]))
        if actor is not None:
            return actor
    return find_or_create_actor(
        session,
        proposal["name"],
        proposal.get("kind") or "organisation",
        user=user,
        reason="Named in an intake candidate",
    )


def lock_document(session: Session, document_id: int) -> None:
    """Serialise decisions on one document's candidates until the transaction ends.

    Two reviewers accepting candidates of the same document at once would otherwise both
    compute the same next key (a unique-key failure), and two accepting the same
    candidate would both see it pending. PostgreSQL locks the document row; SQLite needs
    nothing more, since requests that write take its write lock when they begin.
    """
    session.execute(select(Document.id).where(Document.id == document_id).with_for_update())


def require_pending(session: Session, candidate: IntakeCandidate) -> None:
    """Refuse to decide ``candidate`` twice, reading it again under its document's lock."""
    # Read the candidate again under the document's lock: it may have been decided by
    # someone else since this request loaded it.
    lock_document(session, candidate.document_id)
    session.refresh(candidate)
    if candidate.status != "pending":
        raise IntakeError(f"This candidate was already decided ({candidate.status_label.lower()}).")


def _decide(candidate: IntakeCandidate, status: str, user) -> None:
    candidate.status = status
    candidate.decided_by_id = getattr(user, "id", None)
    candidate.decided_at = utcnow()


def accept_candidate(
    session: Session,
    candidate: IntakeCandidate,
    user,
    summary: str | None = None,
    makers: list[dict] | None = None,
    addressees: list[dict] | None = None,
    themes: list[str] | None = None,
) -> Recommendation:
    """Create a Recommendation (status not assessed) from ``candidate``, with any edits given.

    ``makers``/``addressees`` are lists of proposals (``{"slug"|"name", "kind", "role"}``);
    actors without a slug are created. Related recommendations are suggested at once.
    """
    require_pending(session, candidate)
    makers = candidate.makers if makers is None else makers
    addressees = candidate.addressees if addressees is None else addressees
    themes = candidate.themes if themes is None else themes
    makers_in, seen = [], set()
    for proposal in makers:
        actor = _actor_for(session, proposal, user)
        if actor.id not in seen:
            seen.add(actor.id)
            makers_in.append(Maker(actor, proposal.get("role") or "lead"))
    try:
        # A savepoint: if another change took the key meanwhile (outside intake), nothing is kept.
        with session.begin_nested():
            recommendation = create_recommendation(
                session,
                document=candidate.document,
                summary=(summary or candidate.summary).strip()[:300],
                quote_start=candidate.quote_start,
                quote_end=candidate.quote_end,
                makers=makers_in,
                addressees=list({a.id: a for a in (_actor_for(session, p, user) for p in addressees)}.values()),
                themes=list(
                    session.scalars(select(Theme).where(Theme.slug.in_(themes or []), Theme.retired_at.is_(None)))
                ),
                user=user,
                reason=f"Accepted from intake (candidate {candidate.id})",
                audit_summary=f"Accepted from intake: {(summary or candidate.summary).strip()[:200]}",
            )
    except IntegrityError as error:
        raise KeyTaken("The recommendation's key was taken at the same moment; nothing was saved.") from error
    _decide(candidate, "accepted", user)
    candidate.recommendation = recommendation
    refresh_related(session, only=recommendation)
    # Followers of its actors, themes or document hear about the new recommendation.
    notify(
        session,
        "new_recommendation",
        key=str(recommendation.id),
        actor=user,
        recommendation=recommendation,
        details={"document": candidate.document.title[:200]},
    )
    return recommendation


def merge_candidate(session: Session, candidate: IntakeCandidate, recommendation: Recommendation, user) -> None:
    """Record that ``candidate`` is the same ask as an existing recommendation (no new row)."""
    require_pending(session, candidate)
    _decide(candidate, "merged", user)
    candidate.recommendation = recommendation
    record_event(
        session,
        "intake.candidate_merged",
        user=user,
        target_type="recommendation",
        target_id=recommendation.id,
        summary=f"Candidate {candidate.id} merged into recommendation {recommendation.id}.",
        details={"candidate_id": candidate.id, "document_id": candidate.document_id},
    )
    session.flush()


def reject_candidate(session: Session, candidate: IntakeCandidate, user) -> None:
    """Reject ``candidate``; it is kept so that re-processing does not propose it again."""
    require_pending(session, candidate)
    _decide(candidate, "rejected", user)
    record_event(
        session,
        "intake.candidate_rejected",
        user=user,
        target_type="document",
        target_id=candidate.document_id,
        summary=f"Candidate rejected: {candidate.summary[:200]}",
        details={"candidate_id": candidate.id},
    )
    session.flush()


def pending_counts(session: Session) -> dict[int, int]:
    """Pending candidates per document id."""
    rows = session.execute(
        select(IntakeCandidate.document_id, func.count())
        .where(IntakeCandidate.status == "pending")
        .group_by(IntakeCandidate.document_id)
    )
    return {document_id: count for document_id, count in rows}


def proposal_from_dict(data: dict) -> Proposal:
    """A stored proposal back as a ``Proposal``."""
    return Proposal(
        name=data["name"], kind=data.get("kind") or "organisation", slug=data.get("slug"), role=data.get("role")
    )
