"""Splitting one recommendation into several, and merging duplicates (part of its operations).

Split: the original keeps the first part (its URL and history); each other part becomes
a new recommendation with the same makers, addressees, themes and priority, and a copy
of the status history (each copied update says where it comes from). Merge: the kept
recommendation receives the duplicate's status history (with evidence), makers,
addressees and themes; the duplicate is retired with ``merged_into_id`` set, so its
URL and API id redirect permanently. Both record revisions on every recommendation
involved. Nothing is deleted. An actor merge replaces the merged actor in every
recommendation that names it (``replace_actor``), with a revision on each.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from tracker.actors.models import Actor
from tracker.recommendations import facet_index
from tracker.recommendations.checks import SUMMARY_MAX, Maker
from tracker.recommendations.models import Recommendation, RecommendationMaker, recommendation_addressees
from tracker.recommendations.operations import (
    _save,
    changes_since,
    create_recommendation,
    snapshot,
    update_recommendation,
)
from tracker.revisions.models import Revision
from tracker.revisions.operations import REASON_MAX, CurationError, EditConflict, check_text, clean_reason, diff
from tracker.timeutil import utcnow
from tracker.updates.models import Evidence, StatusUpdate
from tracker.updates.operations import link_neighbours
from tracker.updates.queries import current_update

MAX_PARTS = 20


@dataclass
class Part:
    """One part of a split: its summary and its passage (offsets in the document text)."""

    summary: str
    quote_start: int
    quote_end: int


def _check_version(session: Session, recommendation: Recommendation, expected_version: int | None) -> None:
    if expected_version is not None and recommendation.version != expected_version:
        raise EditConflict(expected_version, changes_since(session, recommendation, expected_version))


def split_recommendation(
    session: Session,
    recommendation: Recommendation,
    parts: list[Part],
    *,
    user,
    reason: str,
    expected_version: int | None,
) -> list[Recommendation]:
    """Split into ``parts`` (two or more passages within the current quote, not overlapping);
    returns the recommendations, the original first. Flushes."""
    reason = clean_reason(reason)
    _check_version(session, recommendation, expected_version)
    if recommendation.retired_at is not None:
        raise CurationError(_("A retired recommendation cannot be split."))
    errors: dict[str, str] = {}
    if not 2 <= len(parts) <= MAX_PARTS:
        raise CurationError({"parts": _("Give between 2 and %(n)s parts.", n=MAX_PARTS)})
    ordered = sorted(parts, key=lambda p: (p.quote_start, p.quote_end))
    for index, part in enumerate(ordered):
        check_text(errors, f"parts-{index}-summary", part.summary, maximum=SUMMARY_MAX, required=True)
        if not (recommendation.quote_start <= part.quote_start < part.quote_end <= recommendation.quote_end):
            errors[f"parts-{index}-quote"] = _("Each part must be a passage of the current quote.")
        elif index and part.quote_start < ordered[index - 1].quote_end:
            errors[f"parts-{index}-quote"] = _("Parts must not overlap.")
        elif not recommendation.document.text[part.quote_start : part.quote_end].strip():
            errors[f"parts-{index}-quote"] = _("The chosen passage is only blank space.")
    if errors:
        raise CurationError(errors)
    first, others = parts[0], parts[1:]
    makers = [Maker(link.actor, link.role) for link in recommendation.maker_links]
    created = []
    for part in others:
        new = create_recommendation(
            session,
            document=recommendation.document,
            summary=part.summary,
            quote_start=part.quote_start,
            quote_end=part.quote_end,
            makers=makers,
            addressees=list(recommendation.addressees),
            themes=list(recommendation.themes),
            user=user,
            priority=recommendation.priority,
            summary_es=None,
            status=recommendation.status,
            reason=_("Split from #%(id)s: %(reason)s", id=recommendation.id, reason=reason),
        )
        _copy_history(session, recommendation, new)
        created.append(new)
    before = snapshot(recommendation)
    recommendation.summary = first.summary.strip()
    recommendation.quote_start, recommendation.quote_end = first.quote_start, first.quote_end
    recommendation.quote = recommendation.document.text[first.quote_start : first.quote_end]
    changes = diff(before, snapshot(recommendation)) | {"split_into": [None, [r.id for r in created]]}
    _save(session, recommendation, user, reason, changes, "split", expected_version=expected_version)
    return [recommendation, *created]


def _copy_history(session: Session, source: Recommendation, target: Recommendation) -> None:
    note = _("Copied from #%(id)s when it was split.", id=source.id)
    updates = list(
        session.scalars(
            select(StatusUpdate).where(StatusUpdate.recommendation_id == source.id).order_by(StatusUpdate.id)
        )
    )
    copies: dict[int, StatusUpdate] = {}
    for number, original in enumerate(updates, start=2):
        copy = StatusUpdate(
            recommendation_id=target.id,
            user_id=original.user_id,
            from_status=original.from_status,
            to_status=original.to_status,
            effective_on=original.effective_on,
            recorded_at=original.recorded_at,
            note=f"{original.note}\n\n({note})".strip(),
            resulting_version=number,
            corrects_id=copies[original.corrects_id].id if original.corrects_id in copies else None,
            evidence=[
                Evidence(position=e.position, url=e.url, quotation=e.quotation, source=e.source)
                for e in original.evidence
            ],
        )
        session.add(copy)
        session.flush()
        copies[original.id] = copy
    if updates:
        target.notes_text = source.notes_text
        target.status = source.status
        target.version = len(updates) + 1
        session.flush()
        link_neighbours(session, [target.id])


def merge_recommendations(
    session: Session,
    duplicate: Recommendation,
    kept: Recommendation,
    *,
    user,
    reason: str,
    expected_version: int | None = None,
) -> Revision:
    """Merge ``duplicate`` into ``kept``; returns the kept one's revision. Flushes.

    ``expected_version`` is the duplicate's version the editor saw.
    """
    reason = clean_reason(reason)
    _check_version(session, duplicate, expected_version)
    if duplicate.id == kept.id:
        raise CurationError({"into": _("A recommendation cannot be merged into itself.")})
    if duplicate.retired_at is not None:
        raise CurationError({"into": _("This recommendation is retired; bring it back before merging it.")})
    if kept.retired_at is not None:
        raise CurationError({"into": _("#%(id)s is retired: merge into a recommendation that is not.", id=kept.id)})
    before_kept = snapshot(kept)
    session.execute(
        update(StatusUpdate).where(StatusUpdate.recommendation_id == duplicate.id).values(recommendation_id=kept.id)
    )
    # The two histories are now one: each update's neighbours may have changed.
    link_neighbours(session, [kept.id])
    known = {link.actor_id for link in kept.maker_links}
    position = max((link.position for link in kept.maker_links), default=-1) + 1
    for link in duplicate.maker_links:
        if link.actor_id not in known:
            kept.maker_links.append(RecommendationMaker(actor=link.actor, role=link.role, position=position))
            known.add(link.actor_id)
            position += 1
    kept.addressees = list({a.id: a for a in [*kept.addressees, *duplicate.addressees]}.values())
    kept.themes = list({t.id: t for t in [*kept.themes, *duplicate.themes]}.values())
    kept.notes_text = f"{kept.notes_text or ''}\n{duplicate.notes_text or ''}".strip()
    session.flush()
    latest = current_update(session, kept.id)
    if latest is not None:
        kept.status = latest.to_status
    duplicate.retired_at, duplicate.retired_reason = utcnow(), "duplicate"
    duplicate.retired_note = reason
    duplicate.merged_into_id = kept.id
    _save(session, duplicate, user, reason, {"merged_into": [None, kept.id], "retired": [None, "duplicate"]}, "merged")
    changes = diff(before_kept, snapshot(kept)) | {"merged_from": [None, duplicate.id]}
    return _save(session, kept, user, reason, changes, "merged")


def resolve_merged(session: Session, recommendation: Recommendation) -> Recommendation:
    """The recommendation a merged one now lives in (following merges of merges)."""
    seen = set()
    while recommendation.merged_into_id is not None and recommendation.id not in seen:
        seen.add(recommendation.id)
        merged_into = session.get(Recommendation, recommendation.merged_into_id)
        if merged_into is None:
            break
        recommendation = merged_into
    return recommendation


def replace_actor(session: Session, merged: Actor, kept: Actor, *, user, reason: str) -> list[Revision]:
    """Link ``kept`` wherever ``merged`` is a maker or an addressee (the actor merge: both
    are the same body); flush. Each recommendation changed gets its own revision ("merged
    actor B into A", with the diff of its makers and addressees). A recommendation that
    already links ``kept`` keeps that link, with its role and position."""
    addressed = select(recommendation_addressees.c.recommendation_id).where(
        recommendation_addressees.c.actor_id == merged.id
    )
    made = select(RecommendationMaker.recommendation_id).where(RecommendationMaker.actor_id == merged.id)
    recommendations = session.scalars(
        select(Recommendation)
        .where(or_(Recommendation.id.in_(made), Recommendation.id.in_(addressed)))
        .options(
            selectinload(Recommendation.maker_links).joinedload(RecommendationMaker.actor),
            selectinload(Recommendation.addressees),
            selectinload(Recommendation.themes),
        )
        .order_by(Recommendation.id)
    ).all()
    why = f"Merged actor “{merged.name}” [{merged.slug}] into “{kept.name}” [{kept.slug}]: {reason}"[:REASON_MAX]
    revisions = []
    for recommendation in recommendations:
        links = recommendation.maker_links
        has_kept = any(link.actor_id == kept.id for link in links)
        makers = [
            Maker(kept if link.actor_id == merged.id else link.actor, link.role)
            for link in links
            if not (has_kept and link.actor_id == merged.id)
        ]
        addressees = {
            actor.id: actor
            for actor in (kept if actor.id == merged.id else actor for actor in recommendation.addressees)
        }
        revision = update_recommendation(
            session,
            recommendation,
            user=user,
            reason=why,
            expected_version=None,
            makers=makers,
            addressees=list(addressees.values()),
            kind="actor_merged",
            refresh_index=False,
        )
        if revision is not None:
            revisions.append(revision)
    facet_index.refresh(session, [recommendation.id for recommendation in recommendations])
    return revisions
