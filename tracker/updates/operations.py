"""The business verbs of status updates. They flush; the request (or CLI) commits."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.accounts.models import User
from tracker.audit.operations import record_event
from tracker.recommendations.models import Recommendation
from tracker.recommendations.statuses import STATUS_BY_CODE
from tracker.timeutil import utcnow
from tracker.updates.models import Evidence, StatusUpdate
from tracker.updates.queries import current_update, statuses_for


@dataclass
class EvidenceInput:
    url: str | None = None
    quotation: str | None = None
    source: str | None = None


@dataclass
class UpdateInput:
    """What a person submits: already validated by ``StatusUpdateForm``."""

    expected_version: int
    new_status: str | None          # None: keep the current status (a note or evidence only)
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

    previous = current_update(session, recommendation.id)
    # The status in force on the effective date is what this update changes from.
    from_status = _status_on(session, recommendation, data.effective_on, previous)
    to_status = data.new_status or from_status
    update = StatusUpdate(
        recommendation_id=recommendation.id,
        user_id=user.id,
        from_status=from_status,
        to_status=to_status,
        effective_on=data.effective_on,
        recorded_at=utcnow(),
        note=data.note,
        corrects_id=data.corrects_id,
        resulting_version=data.expected_version + 1,
        evidence=[Evidence(position=i, url=e.url, quotation=e.quotation, source=e.source)
                  for i, e in enumerate(data.evidence)],
    )
    session.add(update)
    # The latest effective update decides the current status (a backdated update may not).
    if previous is None or data.effective_on >= previous.effective_on:
        recommendation.status = to_status
    recommendation.updated_at = update.recorded_at
    recommendation.notes_text = f"{recommendation.notes_text}\n{data.note}".strip()
    try:
        session.flush()
    except StaleDataError as error:
        raise EditConflict(data.expected_version) from error
    record_event(session, "status_update.created", user=user, target_type="recommendation",
                 target_id=recommendation.id,
                 summary=f"{from_status} → {to_status} effective {data.effective_on.isoformat()}",
                 details={"status_update_id": update.id, "evidence": len(data.evidence)})
    return update


def _status_on(session: Session, recommendation: Recommendation, on: date, latest: StatusUpdate | None) -> str:
    if latest is None or latest.effective_on <= on:
        return recommendation.status
    return statuses_for(session, [recommendation.id], on)[recommendation.id]
