"""Reshaping candidates before deciding: split one in two, widen or narrow its quote.

Operations flush, never commit. Quotes stay verbatim: a new quote must be a part of the
document's text, located nearest to where the candidate was; spans never overlap another
candidate or recommendation of the document (so a rejected one is not brought back).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.audit.operations import record_event
from tracker.intake import english, spanish
from tracker.intake.models import IntakeCandidate
from tracker.intake.operations import IntakeError, require_pending
from tracker.intake.summaries import summarise
from tracker.recommendations.models import Recommendation


def _language(candidate: IntakeCandidate) -> str:
    return candidate.document.language if candidate.document.language in ("en", "es") else "en"


def _locate_near(text: str, quote: str, near: int) -> tuple[int, int] | None:
    """The occurrence of ``quote`` in ``text`` nearest to ``near`` (whitespace may differ)."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return min(spans, key=lambda span: abs(span[0] - near)) if spans else None


def _taken_spans(session: Session, candidate: IntakeCandidate) -> list[tuple[int, int]]:
    others = session.scalars(
        select(IntakeCandidate).where(
            IntakeCandidate.document_id == candidate.document_id, IntakeCandidate.id != candidate.id
        )
    ).all()
    recommendations = session.scalars(
        select(Recommendation).where(Recommendation.document_id == candidate.document_id)
    ).all()
    return [(c.quote_start, c.quote_end) for c in others] + [(r.quote_start, r.quote_end) for r in recommendations]


def _check_free(session: Session, candidate: IntakeCandidate, spans: list[tuple[int, int]]) -> None:
    for start, end in _taken_spans(session, candidate):
        if any(s < end and start < e for s, e in spans):
            raise IntakeError("The new quote overlaps another candidate or recommendation of this document.")


def _set_span(candidate: IntakeCandidate, start: int, end: int) -> None:
    language = _language(candidate)
    quote = candidate.document.text[start:end]
    candidate.quote, candidate.quote_start, candidate.quote_end = quote, start, end
    candidate.summary = summarise(quote, "", language)[:300]
    candidate.negated = spanish.is_negated(quote) if language == "es" else english.is_negated(quote)


def requote_candidate(session: Session, candidate: IntakeCandidate, quote: str, user) -> None:
    """Widen or narrow ``candidate`` to ``quote``, a verbatim part of the document's text."""
    require_pending(session, candidate)
    span = _locate_near(candidate.document.text, quote.strip(), candidate.quote_start)
    if span is None:
        raise IntakeError("The quote must be copied from the document's text, word for word.")
    _check_free(session, candidate, [span])
    before = candidate.quote
    _set_span(candidate, *span)
    record_event(
        session,
        "intake.candidate_requoted",
        user=user,
        target_type="document",
        target_id=candidate.document_id,
        summary=f"Candidate quote changed: {candidate.quote[:200]}",
        details={"candidate_id": candidate.id, "before": before[:500]},
    )
    session.flush()


def split_candidate(session: Session, candidate: IntakeCandidate, second_starts_with: str, user) -> IntakeCandidate:
    """Cut ``candidate`` in two where the words ``second_starts_with`` begin; returns the second part."""
    require_pending(session, candidate)
    words = second_starts_with.split()
    if not words:
        raise IntakeError("Type the words the second ask starts with.")
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    match = pattern.search(candidate.quote, 1)
    if match is None:
        raise IntakeError("Those words are not in the quote (after its first word).")
    text, start = candidate.document.text, candidate.quote_start
    first_end = start + len(candidate.quote[: match.start()].rstrip(" ,;:—–-").rstrip())
    first_end = start + len(re.sub(r"(?:[\s,;:]|\band\b|\by\b|\be\b)+$", "", text[start:first_end]))
    second_start = start + match.start()
    if first_end <= start:
        raise IntakeError("Those words are not in the quote (after its first word).")
    second = IntakeCandidate(
        document_id=candidate.document_id,
        quote="",
        quote_start=0,
        quote_end=0,
        summary="",
        makers=list(candidate.makers),
        addressees=list(candidate.addressees),
        themes=list(candidate.themes),
    )
    second.document = candidate.document
    _set_span(second, second_start, candidate.quote_end)
    _set_span(candidate, start, first_end)
    session.add(second)
    session.flush()
    record_event(
        session,
        "intake.candidate_split",
        user=user,
        target_type="document",
        target_id=candidate.document_id,
        summary=f"Candidate split: {candidate.summary[:100]} / {second.summary[:100]}",
        details={"candidate_id": candidate.id, "new_candidate_id": second.id},
    )
    return second
