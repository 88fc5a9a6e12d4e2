"""The business verb of responses: record one. It flushes; the request (or CLI) commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.notifications.operations import notify
from tracker.notifications.texts import shorten
from tracker.recommendations.models import Recommendation
from tracker.responses.models import GovernmentResponse
from tracker.responses.vocabulary import RESPONSE_BY_CODE
from tracker.timeutil import utcnow


@dataclass
class ResponseInput:
    """What a person submits: already validated by ``ResponseForm``."""

    response: str
    claims_implemented: bool
    responded_on: date
    source_url: str | None = None
    quotation: str | None = None
    source: str | None = None
    note: str = ""


class ResponseRefused(Exception):
    """The user may not record responses."""


def can_record_response(user: User | None) -> bool:
    """Advocates and up record what the addressee said, as they record statuses."""
    return has_role(user, "advocate")


def record_response(
    session: Session, recommendation: Recommendation, user: User, data: ResponseInput
) -> GovernmentResponse:
    """Append a response to the recommendation's response history.

    The history is append-only: a new position of the government, or a correction, is
    a new row; nothing is edited. The recommendation row itself is not touched, so its
    version (and any open status-update form) stays valid.
    """
    if not can_record_response(user):
        raise ResponseRefused()
    if data.response not in RESPONSE_BY_CODE:
        raise ValueError(f"unknown response {data.response!r}")
    row = GovernmentResponse(
        recommendation_id=recommendation.id,
        response=data.response,
        claims_implemented=data.claims_implemented,
        responded_on=data.responded_on,
        source_url=data.source_url or None,
        quotation=data.quotation or None,
        source=data.source or None,
        note=data.note,
        recorded_by_id=user.id,
        recorded_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        "government_response.recorded",
        user=user,
        target_type="recommendation",
        target_id=recommendation.id,
        summary=f"{data.response}{' (claims implemented)' if data.claims_implemented else ''} "
        f"on {data.responded_on.isoformat()}",
        details={"government_response_id": row.id},
    )
    notify(
        session,
        "government_response",
        key=str(row.id),
        actor=user,
        recommendation=recommendation,
        details={"response": data.response, "excerpt": shorten(data.note or data.quotation or "")},
    )
    return row
