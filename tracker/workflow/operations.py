"""The business verbs of team workflow: owners and follow-up dates. They flush; the request commits.

Permissions are checked here, once, for the pages, the API and bulk actions alike:
staff assign anyone (active advocates and up); an advocate may take ownership of an
unowned recommendation and give up their own; follow-up dates are set by the
recommendation's owners and by staff.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.notifications.following import follow_automatically
from tracker.recommendations.models import Recommendation
from tracker.timeutil import utcnow
from tracker.workflow.models import FollowUp, RecommendationOwner

# How far ahead a follow-up date may be set: further than this is almost certainly a typo.
MAX_FOLLOW_UP_YEARS = 10


class WorkflowRefused(Exception):
    """The change is not allowed or not valid; ``message`` says why, for the person who tried."""

    def __init__(self, message: str, status: int = 403):
        self.message = message
        self.status = status
        super().__init__(message)


def owner_ids(session: Session, recommendation_id: int) -> set[int]:
    """The ids of a recommendation's owners."""
    return set(
        session.scalars(
            select(RecommendationOwner.user_id).where(RecommendationOwner.recommendation_id == recommendation_id)
        )
    )


def assignable_users(session: Session) -> list[User]:
    """Everyone who can own a recommendation: active advocates, staff and admins, by name."""
    users = session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.name, User.email))
    return [user for user in users if has_role(user, "advocate")]


def resolve_owners(session: Session, user_ids: Iterable[int]) -> list[User]:
    """The users behind ``user_ids``; refuses unknown, inactive or viewer accounts by id."""
    wanted = list(dict.fromkeys(user_ids))
    found = {user.id: user for user in session.scalars(select(User).where(User.id.in_(wanted)))} if wanted else {}
    bad = [str(uid) for uid in wanted if uid not in found or not has_role(found[uid], "advocate")]
    if bad:
        raise WorkflowRefused(
            _(
                "These people cannot own recommendations (unknown, deactivated or read-only accounts): %(ids)s.",
                ids=", ".join(bad),
            ),
            422,
        )
    return [found[uid] for uid in wanted]


def can_assign(user: User | None) -> bool:
    """Staff and admins assign owners to anyone."""
    return has_role(user, "staff")


def can_set_follow_up(user: User | None, owners: set[int]) -> bool:
    """Staff, and the recommendation's owners, set its follow-up date."""
    return has_role(user, "staff") or (has_role(user, "advocate") and user.id in owners)


def set_owners(session: Session, recommendation: Recommendation, users: list[User], actor: User) -> None:
    """Make ``users`` the recommendation's owners (staff only); an empty list leaves it unowned."""
    if not can_assign(actor):
        raise WorkflowRefused(_("Only staff and administrators assign owners."))
    before = owner_ids(session, recommendation.id)
    after = {user.id for user in users}
    _remove(session, recommendation.id, before - after)
    _add(session, recommendation.id, after - before, actor)
    if before != after:
        _audit_owners(session, recommendation, actor, before, after)


def add_owners(session: Session, recommendation: Recommendation, users: list[User], actor: User) -> None:
    """Add ``users`` to the owners, keeping the others (staff only; used by bulk actions)."""
    set_owners(session, recommendation, _merge(owner_ids(session, recommendation.id), users, session, add=True), actor)


def remove_owners(session: Session, recommendation: Recommendation, users: list[User], actor: User) -> None:
    """Remove ``users`` from the owners (staff only; used by bulk actions)."""
    set_owners(session, recommendation, _merge(owner_ids(session, recommendation.id), users, session, add=False), actor)


def _merge(current: set[int], users: list[User], session: Session, add: bool) -> list[User]:
    ids = (current | {u.id for u in users}) if add else (current - {u.id for u in users})
    return list(session.scalars(select(User).where(User.id.in_(ids)))) if ids else []


def take_ownership(session: Session, recommendation: Recommendation, user: User) -> None:
    """An advocate takes an unowned recommendation (staff may join owned ones too)."""
    if not has_role(user, "advocate"):
        raise WorkflowRefused(_("Only advocates, staff and administrators own recommendations."))
    current = owner_ids(session, recommendation.id)
    if user.id in current:
        raise WorkflowRefused(_("You already own this recommendation."), 409)
    if current and not has_role(user, "staff"):
        raise WorkflowRefused(_("Someone already owns this recommendation; ask staff to add you as an owner."), 409)
    _add(session, recommendation.id, {user.id}, user)
    _audit_owners(session, recommendation, user, current, current | {user.id})


def release_ownership(session: Session, recommendation: Recommendation, user: User) -> None:
    """Stop owning a recommendation."""
    current = owner_ids(session, recommendation.id)
    if user is None or user.id not in current:
        raise WorkflowRefused(_("You do not own this recommendation."), 409)
    _remove(session, recommendation.id, {user.id})
    _audit_owners(session, recommendation, user, current, current - {user.id})


def _add(session: Session, recommendation_id: int, user_ids: set[int], actor: User) -> None:
    now = utcnow()
    for user_id in sorted(user_ids):
        session.add(
            RecommendationOwner(
                recommendation_id=recommendation_id, user_id=user_id, assigned_by_id=actor.id, assigned_at=now
            )
        )
        # Owners follow what they own, so they hear about its changes.
        follow_automatically(session, user_id, "recommendation", recommendation_id)
    session.flush()


def _remove(session: Session, recommendation_id: int, user_ids: set[int]) -> None:
    if user_ids:
        session.execute(
            delete(RecommendationOwner)
            .where(
                RecommendationOwner.recommendation_id == recommendation_id, RecommendationOwner.user_id.in_(user_ids)
            )
            .execution_options(synchronize_session=False)
        )
        session.flush()


def _audit_owners(session, recommendation, actor, before: set[int], after: set[int]) -> None:
    record_event(
        session,
        "recommendation.owners_changed",
        user=actor,
        target_type="recommendation",
        target_id=recommendation.id,
        summary=f"owners {sorted(before)} → {sorted(after)}",
        details={"added": sorted(after - before), "removed": sorted(before - after)},
    )


def validate_follow_up(due_on: date | None) -> None:
    """Refuse a date absurdly far away (a typo such as 3024)."""
    if due_on is not None and due_on.year > date.today().year + MAX_FOLLOW_UP_YEARS:
        raise WorkflowRefused(
            _("A follow-up date more than %(n)s years ahead is probably a typo.", n=MAX_FOLLOW_UP_YEARS), 422
        )


def set_follow_up(session: Session, recommendation: Recommendation, due_on: date | None, user: User) -> None:
    """Set (or, with None, clear) the date someone should next check on the recommendation."""
    if not can_set_follow_up(user, owner_ids(session, recommendation.id)):
        raise WorkflowRefused(_("Only the recommendation's owners and staff set its follow-up date."))
    validate_follow_up(due_on)
    current = session.get(FollowUp, recommendation.id)
    before = current.due_on if current else None
    if due_on is None:
        if current is not None:
            session.delete(current)
    elif current is None:
        session.add(FollowUp(recommendation_id=recommendation.id, due_on=due_on, set_by_id=user.id, set_at=utcnow()))
    else:
        current.due_on, current.set_by_id, current.set_at = due_on, user.id, utcnow()
    session.flush()
    if before != due_on:
        record_event(
            session,
            "recommendation.follow_up_set",
            user=user,
            target_type="recommendation",
            target_id=recommendation.id,
            summary=f"follow-up {before.isoformat() if before else 'none'} → "
            f"{due_on.isoformat() if due_on else 'none'}",
        )


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (31 January + 1 month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def move_follow_up(
    session: Session, recommendation: Recommendation, user: User, choice: str, today: date | None = None
) -> None:
    """Apply a "move the follow-up date" choice: "" keeps it, a number of months sets it
    that far from today, "clear" removes it."""
    if not choice:
        return
    if choice == "clear":
        set_follow_up(session, recommendation, None, user)
    else:
        set_follow_up(session, recommendation, add_months(today or date.today(), int(choice)), user)
