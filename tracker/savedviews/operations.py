"""The business verbs of saved views: create, change, delete. They flush; the request commits."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from tracker.accounts.models import User
from tracker.accounts.roles import has_role
from tracker.audit.operations import record_event
from tracker.recommendations.columns import LIST_LAYOUTS
from tracker.recommendations.filters import InvalidFilters, parse_list_args
from tracker.savedviews.models import NAME_MAX, QUERY_MAX, SavedView
from tracker.timeutil import utcnow

# Not part of what a view remembers: where you were in it, and which view you came from.
# (It remembers the filters, the sort, the page size, the layout and the table's columns.)
IGNORED_ARGS = ("page", "view")


class ViewRefused(Exception):
    """The view cannot be saved as asked; ``message`` says why, ``status`` is the HTTP code."""

    def __init__(self, message: str, status: int = 422):
        self.message = message
        self.status = status
        super().__init__(message)


def clean_query(session: Session, query: str, user: User) -> str:
    """The list query string to store: validated like the list's URL, page and view dropped."""
    if len(query) > QUERY_MAX or "\x00" in query:
        raise ViewRefused(_("The list's address is too long to save as a view."))
    pairs = [
        (key, value)
        for key, values in parse_qs(query.lstrip("?"), keep_blank_values=False).items()
        if key not in IGNORED_ARGS
        for value in values
    ]
    try:
        parse_list_args(session, MultiDict(pairs), user=user)
    except InvalidFilters as error:
        raise ViewRefused(" ".join(error.messages)) from error
    layouts = [value for key, value in pairs if key == "layout"]
    if len(layouts) > 1 or any(value not in LIST_LAYOUTS for value in layouts):
        raise ViewRefused(_("Unknown layout: choose cards or table."))
    return urlencode(pairs)


def clean_name(name: str | None) -> str:
    """A view's name: 1 to 120 characters, no NUL."""
    name = (name or "").strip()
    if not name:
        raise ViewRefused(_("Give the view a name."))
    if len(name) > NAME_MAX or "\x00" in name:
        raise ViewRefused(_("A view's name can be at most %(n)s characters.", n=NAME_MAX))
    return name


def create_view(session: Session, user: User, name: str, query: str, shared: bool) -> SavedView:
    """Save a list query as a named view (signed-in users; sharing needs the advocate role)."""
    if user is None:
        raise ViewRefused(_("Sign in to save views."), 403)
    if shared and not has_role(user, "advocate"):
        raise ViewRefused(_("Only advocates and staff share views with the team."), 403)
    now = utcnow()
    view = SavedView(
        name=clean_name(name),
        owner_id=user.id,
        shared=bool(shared),
        query=clean_query(session, query, user),
        created_at=now,
        updated_at=now,
    )
    session.add(view)
    session.flush()
    record_event(
        session,
        "saved_view.created",
        user=user,
        target_type="saved_view",
        target_id=view.id,
        summary=view.name,
        details={"shared": view.shared},
    )
    return view


def update_view(
    session: Session,
    view: SavedView,
    user: User,
    *,
    name: str | None = None,
    query: str | None = None,
    shared: bool | None = None,
) -> SavedView:
    """Rename, re-share or replace the query of one's own view (only what is given changes)."""
    if not view.can_edit(user):
        raise ViewRefused(_("Only the person who saved a view changes it."), 403)
    if shared and not has_role(user, "advocate"):
        raise ViewRefused(_("Only advocates and staff share views with the team."), 403)
    if name is not None:
        view.name = clean_name(name)
    if query is not None:
        view.query = clean_query(session, query, user)
    if shared is not None:
        view.shared = bool(shared)
    view.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        "saved_view.changed",
        user=user,
        target_type="saved_view",
        target_id=view.id,
        summary=view.name,
        details={"shared": view.shared},
    )
    return view


def delete_view(session: Session, view: SavedView, user: User) -> None:
    """Delete one's own view (its URL then answers 404)."""
    if not view.can_edit(user):
        raise ViewRefused(_("Only the person who saved a view deletes it."), 403)
    record_event(
        session, "saved_view.deleted", user=user, target_type="saved_view", target_id=view.id, summary=view.name
    )
    session.delete(view)
    session.flush()
