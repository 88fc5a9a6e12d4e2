"""The role vocabulary: one ordered list, each role includes every role before it.

viewer   reads (needed only when PUBLIC_READ is off; anonymous visitors read otherwise)
advocate updates statuses, adds notes and evidence
staff    advocate + edits recommendation data, reviews reports
admin    staff + manages users and reads the audit log
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from tracker.i18n import N_

if TYPE_CHECKING:
    from tracker.accounts.models import User

ROLES = ("viewer", "advocate", "staff", "admin")

ROLE_LABELS = {
    "viewer": N_("Viewer"),
    "advocate": N_("Advocate"),
    "staff": N_("Staff"),
    "admin": N_("Administrator"),
}

ROLE_DESCRIPTIONS = {
    "viewer": N_("Reads recommendations, documents and actors."),
    "advocate": N_("Also updates statuses and adds notes and evidence."),
    "staff": N_("Also edits recommendation data and reviews reports."),
    "admin": N_("Also manages users and reads the audit log."),
}

_RANK = {role: rank for rank, role in enumerate(ROLES)}


def role_rank(role: str) -> int:
    """The position of ``role`` in ``ROLES``; raises ValueError for an unknown role."""
    try:
        return _RANK[role]
    except KeyError:
        raise ValueError(f"Unknown role {role!r}; expected one of {', '.join(ROLES)}.") from None


def has_role(user: User | None, role: str) -> TypeGuard[User]:
    """Whether ``user`` holds ``role`` or a higher one.

    Deny by default: no user, an inactive user or a user with an unknown role has no
    role at all. An unknown *required* role is a programming error and raises.
    """
    required = role_rank(role)
    if user is None or not getattr(user, "is_active", False):
        return False
    return _RANK.get(getattr(user, "role", None) or "", -1) >= required
