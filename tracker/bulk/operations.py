"""The business verb of bulk actions: apply one action to many recommendations, all or nothing.

Each recommendation goes through the same single-item verb the pages use (a status
update through ``record_update``, owners and follow-up dates through the workflow
verbs, themes and priority through ``update_recommendation`` with its version check and
revision), so permissions, validation, history and audit are the same. Every version the
person saw is checked first; if any recommendation changed since, nothing is written
and the conflicting ones are named. The writes run in a savepoint so that a failure
half-way (a concurrent save caught by the versioned UPDATE) undoes the ones before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.recommendations.models import Recommendation
from tracker.recommendations.operations import update_recommendation
from tracker.revisions.operations import CurationError
from tracker.revisions.operations import EditConflict as DataConflict
from tracker.themes.models import Theme
from tracker.updates.operations import EditConflict, EvidenceInput, NotAllowed, UpdateInput, record_update
from tracker.workflow.operations import WorkflowRefused, add_owners, move_follow_up, remove_owners, set_follow_up

MAX_ITEMS = 500
# Which role each action needs: status updates are advocates' work, data changes staff's.
ACTIONS = {
    "status": "advocate",
    "follow_up": "advocate",  # and, per recommendation, its owner (or staff)
    "add_owners": "staff",
    "remove_owners": "staff",
    "add_theme": "staff",
    "remove_theme": "staff",
    "set_priority": "staff",
}
# Actions that change a recommendation's data or history: the version seen is required for each.
VERSIONED_ACTIONS = ("status", "add_theme", "remove_theme", "set_priority")


@dataclass
class BulkInput:
    """A validated bulk request (``BulkForm`` builds it for the page and the API)."""

    action: str
    versions: dict[int, int | None]  # id → the version seen (None: not checked)
    new_status: str | None = None
    note: str = ""
    effective_on: date | None = None
    evidence: list[EvidenceInput] = field(default_factory=list)
    follow_up_move: str = ""
    due_on: date | None = None
    owners: list[User] = field(default_factory=list)
    theme: Theme | None = None
    priority: str = ""
    reason: str = ""  # kept in each changed recommendation's revision


@dataclass
class BulkDone:
    """What ``apply_bulk`` saved: every selected recommendation, and the ids of those a theme
    or priority change left as they were (they already had it)."""

    recommendations: list[Recommendation]
    unchanged: list[int] = field(default_factory=list)


class BulkRefused(Exception):
    """Nothing was saved; ``message`` says why, ``status`` is the HTTP code, ``conflicts``
    lists the recommendations that changed since they were seen (409)."""

    def __init__(self, message: str, status: int, conflicts: Sequence[Recommendation] = ()):
        self.message = message
        self.status = status
        self.conflicts = list(conflicts)
        super().__init__(message)


def load_selected(session: Session, ids) -> tuple[list[Recommendation], list[int]]:
    """The recommendations with these ids (in the order given) and the ids that do not exist."""
    ids = list(dict.fromkeys(ids))
    found = {r.id: r for r in session.scalars(select(Recommendation).where(Recommendation.id.in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found], [i for i in ids if i not in found]


def theme_choices(session: Session) -> list[Theme]:
    """The themes a bulk action can add or remove: current ones by name, then retired ones."""
    return list(session.scalars(select(Theme).order_by(Theme.retired_at.is_not(None), func.lower(Theme.name))))


def apply_bulk(session: Session, user: User, data: BulkInput) -> BulkDone:
    """Apply ``data.action`` to every selected recommendation, or to none (raises ``BulkRefused``)."""
    if data.action not in ACTIONS:
        raise BulkRefused(_("Unknown action."), 422)
    if not has_role(user, ACTIONS[data.action]):
        raise BulkRefused(_("Your role may not do this to recommendations."), 403)
    if not data.versions:
        raise BulkRefused(_("Select at least one recommendation."), 422)
    if len(data.versions) > MAX_ITEMS:
        raise BulkRefused(_("At most %(n)s recommendations at once; narrow the filters.", n=MAX_ITEMS), 422)
    recommendations, missing = load_selected(session, data.versions)
    if missing:
        raise BulkRefused(
            _("These recommendations do not exist: %(ids)s.", ids=", ".join(str(i) for i in missing)), 422
        )
    conflicts = [r for r in recommendations if data.versions[r.id] is not None and r.version != data.versions[r.id]]
    if conflicts:
        raise BulkRefused(
            _(
                "Nothing was saved: %(n)s of the selected recommendations changed since you selected them.",
                n=len(conflicts),
            ),
            409,
            conflicts,
        )
    unchanged = []
    try:
        with session.begin_nested():
            for recommendation in recommendations:
                if not _apply_one(session, user, recommendation, data):
                    unchanged.append(recommendation.id)
    except (EditConflict, DataConflict):
        session.expire_all()
        changed = [
            r
            for r in load_selected(session, data.versions)[0]
            if data.versions[r.id] is not None and r.version != data.versions[r.id]
        ]
        raise BulkRefused(
            _("Nothing was saved: someone else saved a change while this was being applied."), 409, changed
        ) from None
    except NotAllowed:
        raise BulkRefused(_("Your role may not do this to recommendations."), 403) from None
    except WorkflowRefused as refused:
        raise BulkRefused(
            _("Nothing was saved: %(reason)s", reason=refused.message), 422 if refused.status != 403 else 403
        ) from None
    except CurationError as refused:
        raise BulkRefused(_("Nothing was saved: %(reason)s", reason=" ".join(refused.errors.values())), 422) from None
    record_event(
        session,
        "recommendations.bulk",
        user=user,
        target_type="recommendation",
        summary=f"{data.action} on {len(recommendations)} recommendations",
        details={"action": data.action, "ids": [r.id for r in recommendations], "unchanged": unchanged},
    )
    return BulkDone(recommendations, unchanged)


def _apply_one(session: Session, user: User, recommendation: Recommendation, data: BulkInput) -> bool:
    """Apply the action to one recommendation; False when a data change found nothing to change."""
    if data.action == "status":
        if data.effective_on is None:
            raise ValueError("a bulk status change needs its effective date (the bulk form requires one)")
        version = data.versions[recommendation.id]
        record_update(
            session,
            recommendation,
            user,
            UpdateInput(
                expected_version=recommendation.version if version is None else version,
                new_status=data.new_status,
                note=data.note,
                effective_on=data.effective_on,
                evidence=[EvidenceInput(url=e.url, quotation=e.quotation, source=e.source) for e in data.evidence],
            ),
        )
        move_follow_up(session, recommendation, user, data.follow_up_move)
    elif data.action == "follow_up":
        set_follow_up(session, recommendation, data.due_on, user)
    elif data.action == "add_owners":
        add_owners(session, recommendation, data.owners, user)
    elif data.action == "remove_owners":
        remove_owners(session, recommendation, data.owners, user)
    elif data.action in ("add_theme", "remove_theme", "set_priority"):
        return _change_data(session, user, recommendation, data)
    return True


def _change_data(session: Session, user: User, recommendation: Recommendation, data: BulkInput) -> bool:
    """Add or remove a theme, or set the priority, as one edit with its revision (none when
    the recommendation already is as asked)."""
    version = data.versions[recommendation.id]
    expected = recommendation.version if version is None else version
    if data.action == "set_priority":
        changes: dict = {"priority": data.priority}
        default_reason = _("Bulk change: priority set to %(priority)s.", priority=data.priority)
    else:
        chosen = data.theme
        if chosen is None:
            raise ValueError("adding or removing a theme needs the theme (the bulk form requires one)")
        themes = [theme for theme in recommendation.themes if theme.id != chosen.id]
        if data.action == "add_theme":
            themes.append(chosen)
            default_reason = _("Bulk change: theme “%(theme)s” added.", theme=chosen.name)
        else:
            default_reason = _("Bulk change: theme “%(theme)s” removed.", theme=chosen.name)
        changes = {"themes": themes}
    return (
        update_recommendation(
            session,
            recommendation,
            user=user,
            reason=data.reason or default_reason,
            expected_version=expected,
            **changes,
        )
        is not None
    )
