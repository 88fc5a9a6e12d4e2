"""Recording and reading revisions; shared by the operations of every curated entity.

Each entity's operations module describes its data as a *snapshot* (a dict of JSON
values); ``diff`` compares two snapshots and ``record_revision`` stores the fields that
differ as ``{field: [before, after]}``. Restoring replays the stored ``before`` values.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.audit.operations import record_event
from tracker.revisions.models import Revision
from tracker.timeutil import utcnow

REASON_MAX = 1000


class CurationError(ValueError):
    """Input a curation verb refuses. ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str] | str):
        self.errors = errors if isinstance(errors, dict) else {"": errors}
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


class EditConflict(Exception):
    """The record changed since the editor loaded it; nothing was saved.

    ``revisions`` are the revisions recorded since ``seen_version`` (newest first).
    """

    def __init__(self, seen_version: int, revisions: list[Revision] | None = None):
        self.seen_version = seen_version
        self.revisions = revisions or []
        super().__init__(f"Changed after version {seen_version}.")


def clean_reason(reason: str | None, required: bool = True) -> str:
    """The reason, stripped and checked (required for edits made by people)."""
    reason = (reason or "").strip()
    if required and not reason:
        raise CurationError({"reason": _("Say why you make this change (it is kept in the history).")})
    if len(reason) > REASON_MAX:
        raise CurationError({"reason": _("The reason can be at most %(n)s characters.", n=REASON_MAX)})
    if "\x00" in reason:
        raise CurationError({"reason": _("The reason contains an invisible NUL character.")})
    return reason


def diff(before: dict, after: dict) -> dict[str, list]:
    """``{field: [before, after]}`` for every field whose value differs."""
    return {name: [before.get(name), after.get(name)] for name in after if before.get(name) != after.get(name)}


def check_version(session: Session, target_type: str, record, expected_version: int | None) -> None:
    """Refuse an edit made from an older version of ``record`` (None: no check), with the
    revisions recorded since so the editor sees what changed."""
    if expected_version is not None and record.version != expected_version:
        raise EditConflict(expected_version, revisions_for(session, target_type, record.id, limit=20))


def check_text(
    errors: dict, name: str, value, *, maximum: int, required: bool = False, collapse: str | None = None
) -> str | None:
    """A curated text field as every verb checks it: text only, trimmed (``collapse``:
    "spaces" joins runs of spaces and tabs, "all" every run of whitespace, newlines
    included), required or not, at most ``maximum`` characters, no NUL. A problem is added
    to ``errors[name]``; returns the cleaned value (None when empty)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = _("Must be text.")
        return None
    if collapse == "all":
        value = " ".join(value.split())
    elif collapse == "spaces":
        value = re.sub(r"[ \t]+", " ", value)
    value = value.strip()
    if required and not value:
        errors[name] = _("This is required.")
    elif len(value) > maximum:
        errors[name] = _("At most %(n)s characters.", n=maximum)
    elif "\x00" in value:
        errors[name] = _("Contains an invisible NUL character.")
    return value or None


def flush_versioned(session: Session, record, expected_version: int | None) -> None:
    """Flush a change to a versioned record; a concurrent save (the version moved under
    us: SQLAlchemy's StaleDataError) becomes an ``EditConflict`` like a stale form."""
    try:
        session.flush()
    except StaleDataError as error:
        raise EditConflict(expected_version if expected_version is not None else record.version) from error


def record_created(
    session: Session, target_type: str, record, state: dict, *, user, reason: str, audit_summary: str | None = None
) -> Revision:
    """The "created" revision of a new ``record`` (flushed, so it has an id): ``state`` is
    its snapshot, recorded as the change from nothing."""
    return record_revision(
        session,
        target_type,
        record.id,
        user=user,
        reason=reason,
        kind="created",
        changes=diff({}, state),
        audit_summary=audit_summary,
        version=record.version,
    )


def record_revision(
    session: Session,
    target_type: str,
    target_id: int,
    *,
    user,
    reason: str,
    changes: dict,
    kind: str = "edited",
    restores_id: int | None = None,
    audit_summary: str | None = None,
    version: int | None = None,
) -> Revision:
    """Add a revision and its audit event (flushed).

    ``version`` is the target's version after the change.
    """
    revision = Revision(
        target_type=target_type,
        target_id=target_id,
        kind=kind,
        user_id=getattr(user, "id", None),
        created_at=utcnow(),
        reason=reason,
        changes=changes,
        restores_id=restores_id,
        version=version,
    )
    session.add(revision)
    session.flush()
    record_event(
        session,
        f"{target_type}.{kind}",
        user=user,
        target_type=target_type,
        target_id=target_id,
        summary=audit_summary or f"{kind.capitalize()}: {', '.join(changes) or '—'}. {reason}"[:500],
        details={"revision_id": revision.id, "fields": sorted(changes)},
    )
    return revision


def revisions_for(
    session: Session, target_type: str, target_id: int, after_id: int | None = None, limit: int | None = None
) -> list[Revision]:
    """The target's revisions, newest first (only those after ``after_id`` if given)."""
    query = (
        select(Revision)
        .where(Revision.target_type == target_type, Revision.target_id == target_id)
        .order_by(Revision.id.desc())
    )
    if after_id is not None:
        query = query.where(Revision.id > after_id)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def state_before(
    session: Session, target_type: str, target_id: int, revision: Revision, current: dict, include: bool = True
) -> dict:
    """The target's snapshot as it was before ``revision`` (``include``) or just after it.

    Starts from ``current`` and puts back the ``before`` value of every later revision
    (and of ``revision`` itself when ``include``), newest first.
    """
    state = dict(current)
    for later in revisions_for(session, target_type, target_id, after_id=revision.id - (1 if include else 0)):
        for name, (before, _after) in (later.changes or {}).items():
            if name in state:
                state[name] = before
    return state


def get_revision(session: Session, target_type: str, target_id: int, revision_id: int) -> Revision | None:
    """The revision ``revision_id`` of that target, or None."""
    revision = session.get(Revision, revision_id) if 0 < revision_id < 2**31 else None
    if revision is None or revision.target_type != target_type or revision.target_id != target_id:
        return None
    return revision
