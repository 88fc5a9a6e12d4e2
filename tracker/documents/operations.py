"""The business verbs of documents: create, edit, trim the text safely, retire, bring back.

Every verb records a revision (with its audit event) and marks the data as changed.
Verbs flush, never commit. The text may only lose boilerplate before the first or after
the last quote: offsets of every recommendation (and intake candidate) shift with it,
and a change that would break a quote is refused, naming the recommendations.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.documents.models import DATE_PRECISIONS, DOCUMENT_KINDS, Document
from tracker.intake.models import IntakeCandidate
from tracker.recommendations.models import Recommendation
from tracker.revisions.models import Revision
from tracker.revisions.operations import (
    CurationError,
    check_text,
    check_version,
    clean_reason,
    diff,
    flush_versioned,
    record_created,
    record_revision,
)
from tracker.slugs import slugify, unique_slug
from tracker.timeutil import utcnow

TITLE_MAX, LANGUAGE_MAX, URL_MAX, DATE_NOTE_MAX = 500, 16, 2000, 300
FIELDS = ("title", "publisher", "kind", "language", "url", "published_on", "published_precision", "date_note")
_UNSET = object()


def snapshot(document: Document) -> dict:
    """A document's curated data as JSON values (the text is summarised by its length)."""
    return {
        "title": document.title,
        "publisher": document.publisher.slug if document.publisher else None,
        "kind": document.kind,
        "language": document.language,
        "url": document.url,
        "published_on": document.published_on.isoformat() if document.published_on else None,
        "published_precision": document.published_precision,
        "date_note": document.date_note,
    }


def normalise_date(day: date | None, precision: str) -> date | None:
    """The stored date for a precision: the 1st of the month, or 1 January."""
    if day is None:
        return None
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def _clean(values: dict, errors: dict) -> dict:
    cleaned = {}
    for name, maximum, required in (
        ("title", TITLE_MAX, True),
        ("language", LANGUAGE_MAX, True),
        ("url", URL_MAX, False),
        ("date_note", DATE_NOTE_MAX, False),
    ):
        if name in values:
            cleaned[name] = check_text(errors, name, values[name], maximum=maximum, required=required, collapse="all")
    url = cleaned.get("url")
    if url and not url.startswith(("http://", "https://")):
        errors["url"] = _("A web address starts with http:// or https://.")
    if "kind" in values:
        if values["kind"] not in DOCUMENT_KINDS:
            errors["kind"] = _("Choose one of: %(kinds)s.", kinds=", ".join(DOCUMENT_KINDS))
        cleaned["kind"] = values["kind"]
    if "published_precision" in values and values["published_precision"] not in DATE_PRECISIONS:
        errors["published_precision"] = _("Choose day, month or year.")
    if "published_on" in values:
        day = values["published_on"]
        if day is not None and day > date.today():
            errors["published_on"] = _("The publication date cannot be in the future.")
        cleaned["published_on"] = day
    if "published_precision" in values:
        cleaned["published_precision"] = values["published_precision"]
    return cleaned


def create_document(
    session: Session,
    *,
    title: str,
    text: str,
    kind: str,
    language: str,
    user=None,
    reason: str = "",
    slug: str | None = None,
    publisher: Actor | None = None,
    published_on: date | None = None,
    published_precision: str = "day",
    date_note: str | None = None,
    url: str | None = None,
    source_file: str | None = None,
    document_id: int | None = None,
    created_at=None,
) -> Document:
    """Create a document (a slug is made from the title unless given); flush."""
    errors: dict[str, str] = {}
    values = _clean(
        {
            "title": title,
            "kind": kind,
            "language": language,
            "url": url,
            "date_note": date_note,
            "published_on": published_on,
            "published_precision": published_precision,
        },
        errors,
    )
    if not (text or "").strip():
        errors["text"] = _("The text is required.")
    if errors:
        raise CurationError(errors)
    values["published_on"] = normalise_date(values["published_on"], published_precision)
    document = Document(
        id=document_id,
        slug=slug or unique_slug(session, Document, slugify(values["title"])),
        text=text,
        publisher=publisher,
        source_file=source_file,
        created_at=created_at or utcnow(),
        updated_at=utcnow(),
        **values,
    )
    session.add(document)
    session.flush()
    record_created(session, "document", document, snapshot(document), user=user, reason=reason)
    return document


def update_document(
    session: Session,
    document: Document,
    *,
    user,
    reason: str,
    expected_version: int | None,
    require_reason: bool = True,
    publisher=_UNSET,
    slug: str | None = None,
    source_file=_UNSET,
    text: str | None = None,
    **values,
) -> Revision | None:
    """Change title, publisher, kind, language, URL, date (with precision) or date note; flush.

    ``slug``, ``source_file`` and ``text`` are for the seed loader and importer, which
    check every quote of the new text themselves (people trim text with ``replace_text``).
    Returns the revision, or None when nothing changed.
    """
    reason = clean_reason(reason, required=require_reason)
    check_version(session, "document", document, expected_version)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise CurationError({name: _("This field cannot be changed.") for name in unknown})
    errors: dict[str, str] = {}
    cleaned = _clean(values, errors)
    if errors:
        raise CurationError(errors)
    if "published_on" in cleaned:
        cleaned["published_on"] = normalise_date(
            cleaned["published_on"], cleaned.get("published_precision", document.published_precision)
        )
    before = snapshot(document)
    for name, value in cleaned.items():
        setattr(document, name, value)
    if publisher is not _UNSET:
        document.publisher = publisher
    if slug is not None:
        document.slug = slug
    if source_file is not _UNSET:
        document.source_file = source_file
    changes = diff(before, snapshot(document))
    if text is not None and text != document.text:
        changes["text_length"] = [len(document.text), len(text)]
        document.text = text
    if not changes:
        return None
    return _save(session, document, user, reason, changes, "edited", expected_version)


def _save(session, document, user, reason, changes, kind, expected_version) -> Revision:
    document.updated_at = utcnow()
    flush_versioned(session, document, expected_version)
    return record_revision(
        session, "document", document.id, user=user, reason=reason, kind=kind, changes=changes, version=document.version
    )


def quotes_outside(session: Session, document: Document, start: int, end: int) -> list[Recommendation]:
    """Recommendations of the document whose quote is not wholly within ``[start, end)``."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(
                Recommendation.document_id == document.id,
                (Recommendation.quote_start < start) | (Recommendation.quote_end > end),
            )
            .order_by(Recommendation.id)
        )
    )


def replace_text(
    session: Session,
    document: Document,
    new_text: str,
    *,
    user,
    reason: str,
    expected_version: int | None,
    require_reason: bool = True,
) -> Revision | None:
    """Replace the text by a part of it (boilerplate trimmed before and/or after); flush.

    Every quote must lie in the part kept: offsets shift by what was cut before. A text
    that is not a part of the current one, or that would cut a quote, is refused (the
    error names the recommendations it would break).
    """
    reason = clean_reason(reason, required=require_reason)
    check_version(session, "document", document, expected_version)
    old = document.text
    new_text = (new_text or "").replace("\r\n", "\n")
    if new_text == old:
        return None
    if not new_text.strip():
        raise CurationError({"text": _("The text cannot be empty.")})
    starts, at = [], old.find(new_text)
    while at >= 0:
        starts.append(at)
        at = old.find(new_text, at + 1)
    if not starts:
        raise CurationError(
            {
                "text": _(
                    "Only text before the first quote or after the last may be removed, and "
                    "nothing may be added or changed in between."
                )
            }
        )
    best: int | None = None
    broken: list[Recommendation] = []
    for start in starts:
        outside = quotes_outside(session, document, start, start + len(new_text))
        if not outside:
            best = start
            break
        broken = broken or outside
    if best is None:
        names = ", ".join(f"#{r.id} ({r.key})" for r in broken[:10])
        raise CurationError(
            {"text": _("This would cut the quote of %(n)s recommendations: %(names)s.", n=len(broken), names=names)}
        )
    pending = session.scalars(
        select(IntakeCandidate).where(
            IntakeCandidate.document_id == document.id,
            IntakeCandidate.status == "pending",
            (IntakeCandidate.quote_start < best) | (IntakeCandidate.quote_end > best + len(new_text)),
        )
    ).first()
    if pending is not None:
        raise CurationError({"text": _("This would cut a candidate still waiting for review; decide it first.")})
    _shift_offsets(session, document, best, best + len(new_text), user, reason)
    document.text = new_text
    changes = {
        "text_length": [len(old), len(new_text)],
        "text_removed": [[old[:best][-500:], old[best + len(new_text) :][:500]], None],
    }
    return _save(session, document, user, reason, changes, "trimmed", expected_version)


def _shift_offsets(session: Session, document: Document, start: int, end: int, user, reason: str) -> None:
    from tracker.recommendations.operations import shift_quote

    if start:
        for recommendation in session.scalars(select(Recommendation).where(Recommendation.document_id == document.id)):
            shift_quote(session, recommendation, -start, user=user, reason=reason)
    for candidate in session.scalars(select(IntakeCandidate).where(IntakeCandidate.document_id == document.id)):
        if candidate.quote_start >= start and candidate.quote_end <= end:
            candidate.quote_start -= start
            candidate.quote_end -= start
    session.flush()


def retire_document(
    session: Session, document: Document, *, user, reason: str, expected_version: int | None = None
) -> Revision:
    """Retire a document and, with it, every recommendation it still shows; flush."""
    from tracker.recommendations.operations import retire_recommendation

    reason = clean_reason(reason)
    if document.retired_at is not None:
        raise CurationError(_("This document is already retired."))
    check_version(session, "document", document, expected_version)
    for recommendation in session.scalars(
        select(Recommendation).where(Recommendation.document_id == document.id, Recommendation.retired_at.is_(None))
    ):
        retire_recommendation(session, recommendation, user=user, reason_code="document_retired", note=reason)
    document.retired_at, document.retired_note = utcnow(), reason
    return _save(session, document, user, reason, {"retired": [None, reason]}, "retired", expected_version)


def unretire_document(
    session: Session, document: Document, *, user, reason: str, expected_version: int | None = None
) -> Revision:
    """Bring a retired document back, with the recommendations retired along with it; flush."""
    from tracker.recommendations.operations import unretire_recommendation

    reason = clean_reason(reason)
    if document.retired_at is None:
        raise CurationError(_("This document is not retired."))
    check_version(session, "document", document, expected_version)
    changes = {"retired": [document.retired_note, None]}
    document.retired_at = document.retired_note = None
    session.flush()
    for recommendation in session.scalars(
        select(Recommendation).where(
            Recommendation.document_id == document.id, Recommendation.retired_reason == "document_retired"
        )
    ):
        unretire_recommendation(session, recommendation, user=user, reason=reason)
    return _save(session, document, user, reason, changes, "unretired", expected_version)
