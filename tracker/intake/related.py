"""Related recommendations: the same ask made in different documents.

Similarity is deterministic: weighted word overlap of summaries and quotes (rare words
count more, so "Title 42" or "MPP" outweigh "asylum seekers") plus shared themes.
Pairs above ``THRESHOLD`` are stored as suggestions; people confirm or dismiss them,
and a dismissed pair is never suggested again.
"""

from __future__ import annotations

import math

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.audit.operations import record_event
from tracker.intake.models import RelatedRecommendation
from tracker.intake.themes import stems
from tracker.recommendations.models import Recommendation

THRESHOLD = 0.20
MIN_WORD_OVERLAP = 0.08  # shared themes alone do not make two asks the same


def _words(recommendation: Recommendation) -> set[str]:
    return set(stems(f"{recommendation.summary} {recommendation.quote}"))


def similarity(a: set[str], b: set[str], themes_a: set[str], themes_b: set[str], weights: dict[str, float]) -> float:
    """0–1: weighted Jaccard overlap of words (70%) and of themes (30%); 0 when no rare word is shared."""
    union = a | b
    words = sum(weights.get(w, 1.0) for w in a & b) / max(sum(weights.get(w, 1.0) for w in union), 1e-9)
    themes = len(themes_a & themes_b) / len(themes_a | themes_b) if themes_a | themes_b else 0.0
    if words < MIN_WORD_OVERLAP:
        return 0.0
    return 0.7 * words + 0.3 * themes


def refresh_related(session: Session, only: Recommendation | None = None) -> int:
    """Store a suggested pair for every similar couple from different documents; returns how many were new.

    With ``only``, just that recommendation is compared with the others (after accepting one).
    Existing pairs keep their status: a confirmed or dismissed pair is never re-scored.
    """
    recommendations = session.scalars(select(Recommendation).options(selectinload(Recommendation.themes))).all()
    words = {r.id: _words(r) for r in recommendations}
    themes = {r.id: {t.slug for t in r.themes} for r in recommendations}
    frequency: dict[str, int] = {}
    for stem_set in words.values():
        for stem in stem_set:
            frequency[stem] = frequency.get(stem, 0) + 1
    weights = {w: math.log((len(recommendations) + 1) / n) for w, n in frequency.items()}
    existing = {(p.first_id, p.second_id) for p in session.scalars(select(RelatedRecommendation))}
    created = 0
    for a in recommendations:
        for b in recommendations:
            if a.id >= b.id or a.document_id == b.document_id:
                continue
            if only is not None and only.id not in (a.id, b.id):
                continue
            if (a.id, b.id) in existing:
                continue
            score = similarity(words[a.id], words[b.id], themes[a.id], themes[b.id], weights)
            if score >= THRESHOLD:
                session.add(RelatedRecommendation(first_id=a.id, second_id=b.id, score=round(score, 4)))
                created += 1
    session.flush()
    return created


def related_to(session: Session, recommendation_id: int) -> list[RelatedRecommendation]:
    """Suggested and confirmed pairs of a recommendation, confirmed first, then by score."""
    pairs = session.scalars(
        select(RelatedRecommendation).where(
            or_(
                RelatedRecommendation.first_id == recommendation_id,
                RelatedRecommendation.second_id == recommendation_id,
            ),
            RelatedRecommendation.status != "dismissed",
        )
    ).all()
    return sorted(pairs, key=lambda p: (p.status != "confirmed", -p.score))


def decide_pair(session: Session, pair: RelatedRecommendation, decision: str, user) -> None:
    """Confirm or dismiss a suggested pair (audited)."""
    if decision not in ("confirmed", "dismissed"):
        raise ValueError(decision)
    pair.status = decision
    pair.decided_by_id = getattr(user, "id", None)
    record_event(
        session,
        f"related.{decision}",
        user=user,
        target_type="recommendation",
        target_id=pair.first_id,
        summary=f"Recommendations {pair.first_id} and {pair.second_id} {decision} as related.",
        details={"first_id": pair.first_id, "second_id": pair.second_id, "score": pair.score},
    )
    session.flush()
