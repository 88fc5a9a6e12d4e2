"""The business verbs of status updates. They flush; the request (or CLI) commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from tracker.accounts.models import User
from tracker.audit.operations import record_event
from tracker.db import rows_matched
from tracker.notifications.operations import notify
from tracker.notifications.texts import shorten
from tracker.recommendations.facet_index import ID_SLICE
from tracker.recommendations.models import Recommendation
from tracker.recommendations.statuses import STATUS_BY_CODE
from tracker.timeutil import utcnow
from tracker.updates.models import Evidence, StatusUpdate
from tracker.updates.queries import latest_effective_on, neighbours_in_order, statuses_for, unlinked


@dataclass
class EvidenceInput:
    url: str | None = None
    quotation: str | None = None
    source: str | None = None


@dataclass
class UpdateInput:
    """What a person submits: already validated by ``StatusUpdateForm``."""

    expected_version: int
    new_status: str | None  # None: keep the current status (a note or evidence only)
    note: str
    effective_on: date
    evidence: list[EvidenceInput] = field(default_factory=list)
    corrects_id: int | None = None


class EditConflict(Exception):
    """The recommendation changed since the submitter loaded it; nothing was saved."""

    def __init__(self, seen_version: int):
        self.seen_version = seen_version
        super().__init__(f"The recommendation changed after version {seen_version}.")


class NotAllowed(Exception):
    """The user may not update this recommendation."""


def record_update(session: Session, recommendation: Recommendation, user: User, data: UpdateInput) -> StatusUpdate:
    """Append an update to the history and refresh the recommendation's current status.

    Refuses with ``EditConflict`` when the recommendation is no longer at
    ``data.expected_version`` — checked here and again by the versioned UPDATE, so two
    simultaneous saves cannot both succeed.
    """
    if not recommendation.can_update(user):
        raise NotAllowed()
    if recommendation.version != data.expected_version:
        raise EditConflict(data.expected_version)
    if data.new_status is not None and data.new_status not in STATUS_BY_CODE:
        raise ValueError(f"unknown status {data.new_status!r}")

    try:
        update = append_update(
            session,
            recommendation,
            user_id=user.id,
            new_status=data.new_status,
            effective_on=data.effective_on,
            note=data.note,
            evidence=data.evidence,
            corrects_id=data.corrects_id,
        )
    except StaleDataError as error:
        raise EditConflict(data.expected_version) from error
    from_status, to_status = update.from_status, update.to_status
    record_event(
        session,
        "status_update.created",
        user=user,
        target_type="recommendation",
        target_id=recommendation.id,
        summary=f"{from_status} → {to_status} effective {data.effective_on.isoformat()}",
        details={"status_update_id": update.id, "evidence": len(data.evidence)},
    )
    notify(
        session,
        "status_update",
        key=str(update.id),
        actor=user,
        recommendation=recommendation,
        details={
            "from": from_status,
            "to": to_status,
            "excerpt": shorten(data.note),
            "effective_on": data.effective_on.isoformat(),
        },
    )
    return update


def append_update(
    session: Session,
    recommendation: Recommendation,
    *,
    user_id: int | None,
    new_status: str | None,
    effective_on: date,
    note: str,
    evidence: Sequence[EvidenceInput] = (),
    corrects_id: int | None = None,
    recorded_at: datetime | None = None,
    update_id: int | None = None,
    original_recorded_by: str | None = None,
    original_recorded_at: datetime | None = None,
    link: bool = True,
) -> StatusUpdate:
    """Append one update to the history and refresh the recommendation; flush.

    The shared core of ``record_update`` and the CSV import (no permission or version
    check here). ``from_status`` is the status in force on ``effective_on``; the
    recommendation's current status changes only when no later-effective update
    exists; its version is bumped (the update stores the version it produced) and
    ``updated_at`` moves to ``recorded_at`` (default: now) unless it is already later.
    ``update_id`` keeps an id given by an import; ``original_recorded_by``/``_at`` keep
    who and when an imported file says the update was first recorded. ``link=False``
    leaves the history's neighbour columns to the caller, which must then call
    ``link_neighbours`` once for every recommendation it appended to (an import's batch).
    May raise ``StaleDataError``.
    """
    if new_status is not None and new_status not in STATUS_BY_CODE:
        raise ValueError(f"unknown status {new_status!r}")
    previous = latest_effective_on(session, recommendation.id)
    # The status in force on the effective date is what this update changes from.
    from_status = _status_on(session, recommendation, effective_on, previous)
    to_status = new_status or from_status
    recorded_at = recorded_at or utcnow()
    update = StatusUpdate(
        id=update_id,
        recommendation_id=recommendation.id,
        user_id=user_id,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        recorded_at=recorded_at,
        note=note,
        corrects_id=corrects_id,
        resulting_version=recommendation.version + 1,
        original_recorded_by=original_recorded_by,
        original_recorded_at=original_recorded_at,
        evidence=[
            Evidence(position=i, url=e.url, quotation=e.quotation, source=e.source) for i, e in enumerate(evidence)
        ],
    )
    session.add(update)
    # The latest effective update decides the current status (a backdated update may not).
    if previous is None or effective_on >= previous:
        recommendation.status = to_status
    if recommendation.updated_at is None or recorded_at > recommendation.updated_at:
        recommendation.updated_at = recorded_at
    # Status notes are searchable (full-text search reads notes_text).
    recommendation.notes_text = f"{recommendation.notes_text or ''}\n{note}".strip()
    # Every update bumps the version, even one that changes no column of the row.
    flag_modified(recommendation, "updated_at")
    session.flush()
    if link:
        link_neighbours(session, [recommendation.id])
    return update


def _status_on(session: Session, recommendation: Recommendation, on: date, latest: date | None) -> str:
    if latest is None or latest <= on:
        return recommendation.status
    return statuses_for(session, [recommendation.id], on)[recommendation.id]


def link_neighbours(session: Session, recommendation_ids: Iterable[int] | Select | None = None) -> int:
    """Set ``prior_status`` and ``prior_effective_on`` of every update of these
    recommendations (None: of all) from their histories in effective order; returns how
    many updates changed.

    The single write path of those columns, and their bulk form: call it after any change
    to histories (``append_update`` does, for one recommendation), with every affected
    recommendation at once — a list of ids, or a SELECT of them for a whole run. One
    statement per slice of ids, whatever the number of updates; rows already right are
    not written.
    """
    if recommendation_ids is None or isinstance(recommendation_ids, Select):
        return _link(session, recommendation_ids)
    ids = sorted(set(recommendation_ids))
    return sum(_link(session, ids[i : i + ID_SLICE]) for i in range(0, len(ids), ID_SLICE))


def _link(session: Session, recommendation_ids: list[int] | Select | None) -> int:
    updates = StatusUpdate.__table__
    linked = neighbours_in_order(recommendation_ids).subquery("linked")
    result = session.execute(
        update(updates)
        .where(
            updates.c.id == linked.c.id,
            unlinked(updates, linked),
        )
        .values(prior_status=linked.c.prior_status, prior_effective_on=linked.c.prior_effective_on)
        .execution_options(synchronize_session=False)
    )
    # Updates already loaded in this session would show their old neighbours.
    wanted = set(recommendation_ids) if isinstance(recommendation_ids, list) else None
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, StatusUpdate) and (wanted is None or loaded.recommendation_id in wanted):
            session.expire(loaded, ["prior_status", "prior_effective_on"])
    return rows_matched(result)
