"""JSON API of saved views: list, create, read, change, delete (same rules as the pages)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import current_user, require_role, signed_in_user
from tracker.db import MAX_ID
from tracker.savedviews.models import SavedView
from tracker.savedviews.operations import ViewRefused, create_view, delete_view, update_view
from tracker.savedviews.queries import visible_views
from tracker.workflow.api import json_object

blueprint = Blueprint("savedviews_api", __name__, url_prefix="/api/views")


def view_json(view: SavedView) -> dict:
    """The API representation of a saved view, with its stable URL and its list API URL."""
    return {
        "id": view.id,
        "name": view.name,
        "shared": view.shared,
        "query": view.query,
        "owner": {"id": view.owner.id, "name": view.owner.display_name},
        "url": url_for("savedviews.open_view", view_id=view.id, _external=True),
        "api_url": url_for("api.list_recommendations", _external=True) + (f"?{view.query}" if view.query else ""),
        "created_at": view.created_at.isoformat(),
        "updated_at": view.updated_at.isoformat(),
    }


def _view_or_404(view_id: int) -> SavedView:
    view = db.session().get(SavedView, view_id) if 1 <= view_id <= MAX_ID else None
    if view is None or not view.can_see(current_user()):
        abort(404, description=_("There is no saved view %(id)s that you can open.", id=view_id))
    return view


def _own_view_or_404(view_id: int) -> SavedView:
    view = _view_or_404(view_id)
    if not view.can_edit(current_user()):
        abort(
            404,
            description=_(
                "You have no saved view %(id)s to change: only the person who saved a view changes or deletes it.",
                id=view_id,
            ),
        )
    return view


def _refused(error: ViewRefused):
    return jsonify(error={"status": error.status, "message": error.message}), error.status


def _typed(body: dict, name: str, kind, message: str):
    value = body.get(name)
    if value is not None and not isinstance(value, kind):
        abort(422, description=message)
    return value


@blueprint.get("")
@require_role("viewer")
def list_views():
    """My views and the team's shared ones."""
    return jsonify(items=[view_json(v) for v in visible_views(db.session(), signed_in_user())])


@blueprint.post("")
@require_role("viewer")
def create():
    """Save a list query: {name, query (the list's query string), shared?}."""
    body = json_object("'name' and 'query'")
    name = _typed(body, "name", str, _("'name' must be a string."))
    query = _typed(body, "query", str, _("'query' must be a string such as \"status=no_action&owner=me\"."))
    shared = _typed(body, "shared", bool, _("'shared' must be true or false."))
    try:
        view = create_view(db.session(), signed_in_user(), name or "", query or "", bool(shared))
    except ViewRefused as error:
        return _refused(error)
    return jsonify(view_json(view)), 201


@blueprint.get("/<int:view_id>")
@require_role("viewer")
def get_view(view_id: int):
    """One view (yours, or shared)."""
    return jsonify(view_json(_view_or_404(view_id)))


@blueprint.patch("/<int:view_id>")
@require_role("viewer")
def patch_view(view_id: int):
    """Change your view: any of {name, query, shared}."""
    view = _own_view_or_404(view_id)
    body = json_object("'name', 'query' or 'shared'")
    changes = {
        "name": _typed(body, "name", str, _("'name' must be a string.")),
        "query": _typed(body, "query", str, _("'query' must be a string.")),
        "shared": _typed(body, "shared", bool, _("'shared' must be true or false.")),
    }
    try:
        update_view(db.session(), view, signed_in_user(), **changes)
    except ViewRefused as error:
        return _refused(error)
    return jsonify(view_json(view))


@blueprint.delete("/<int:view_id>")
@require_role("viewer")
def delete(view_id: int):
    """Delete your view."""
    view = _own_view_or_404(view_id)
    try:
        delete_view(db.session(), view, signed_in_user())
    except ViewRefused as error:
        return _refused(error)
    return "", 204
