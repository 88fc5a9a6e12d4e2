"""Reading saved views: the menu of views a user can open."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.core.inputs import parse_id
from tracker.savedviews.models import SavedView

MENU_LIMIT = 50


def visible_views(session: Session, user: User | None, limit: int = MENU_LIMIT) -> list[SavedView]:
    """The user's own views and the team's shared views, by name."""
    if user is None:
        return []
    return list(
        session.scalars(
            select(SavedView)
            .where(or_(SavedView.owner_id == user.id, SavedView.shared.is_(True)))
            .order_by(SavedView.name, SavedView.id)
            .limit(limit)
        )
    )


def views_menu(session: Session, user: User | None) -> dict:
    """The views menu of the list and My work: mine (private or shared) and others' shared ones."""
    views = visible_views(session, user)
    return {
        "mine": [v for v in views if user and v.owner_id == user.id],
        "shared": [v for v in views if user and v.owner_id != user.id],
    }


def view_named_in(args, user: User | None) -> SavedView | None:
    """The view a list URL came from (``view=<id>``), if the user may see it; else None."""
    from tracker import db

    view_id = parse_id(args.get("view", ""))
    if view_id is None:
        return None
    view = db.session().get(SavedView, view_id)
    return view if view is not None and view.can_see(user) else None
