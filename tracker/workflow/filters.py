"""The list's team-workflow filters in the URL: owner, follow_up, response, disputed, stale.

Parsed with the other filters by ``tracker.recommendations.filters.parse_list_args``.
Owners and follow-up dates are the team's working notes: only signed-in users may
filter by them (anonymous visitors never see them).
"""

from __future__ import annotations

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.core.inputs import parse_id
from tracker.responses.vocabulary import RESPONSE_BY_CODE
from tracker.workflow.queries import FOLLOW_UP_FILTERS, UNOWNED

DEFAULT_STALE_DAYS = 90
TRUE_VALUES = ("1", "true", "yes", "on")


def stale_days_setting() -> int:
    """The "stale after N days" setting (TRACKER_STALE_AFTER_DAYS, default 90)."""
    if has_app_context():
        return current_app.config.get("STALE_AFTER_DAYS", DEFAULT_STALE_DAYS)
    return DEFAULT_STALE_DAYS


def _flag(args, name: str, errors: list[str]) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in TRUE_VALUES:
        return True
    errors.append(_("'%(name)s' must be 1 or 0, not '%(value)s'.", name=name, value=raw[:40]))
    return False


def parse_workflow_args(session: Session, args, split_values, user: User | None, errors: list[str]) -> dict:
    """The workflow filters of ``args`` as ListState fields (and resolved owner ids under ``ids``)."""
    owners = split_values(args, "owner")
    follow_up = split_values(args, "follow_up")
    responses = split_values(args, "response")
    if (owners or follow_up) and user is None:
        errors.append(_("Sign in to filter by owner or follow-up date."))
        owners, follow_up = (), ()
    owner_ids: list[int] = []
    numeric = [user_id for user_id in map(parse_id, owners) if user_id is not None]
    known = set(session.scalars(select(User.id).where(User.id.in_(numeric)))) if numeric else set()
    for value in owners:
        if value == "me" and user is not None:
            owner_ids.append(user.id)
        elif value == UNOWNED:
            continue
        elif (owner_id := parse_id(value)) is not None and owner_id in known:
            owner_ids.append(owner_id)
        else:
            errors.append(_("Unknown owner '%(value)s': use me, none or a user's number.", value=value[:40]))
    for value in follow_up:
        if value not in FOLLOW_UP_FILTERS:
            errors.append(
                _(
                    "Unknown follow-up filter '%(value)s'. Choose one of: %(choices)s.",
                    value=value[:40],
                    choices=", ".join(FOLLOW_UP_FILTERS),
                )
            )
    for value in responses:
        if value not in RESPONSE_BY_CODE:
            errors.append(
                _(
                    "Unknown response '%(value)s'. Known responses: %(codes)s.",
                    value=value[:40],
                    codes=", ".join(RESPONSE_BY_CODE),
                )
            )
    stale = _flag(args, "stale", errors)
    return {
        "owner": owners,
        "follow_up": follow_up,
        "response": responses,
        "disputed": _flag(args, "disputed", errors),
        "stale_days": stale_days_setting() if stale else None,
        "owner_ids": sorted(set(owner_ids)),
    }
