"""JSON API: what I follow, and my notifications (any signed-in user or API token)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.core.inputs import json_type_errors
from tracker.core.pagination import paginate, requested_page
from tracker.db import MAX_ID
from tracker.notifications import texts
from tracker.notifications.following import FollowError, follow, follows_of, resolve_target, unfollow
from tracker.notifications.models import FOLLOW_KINDS, Follow, Notification
from tracker.notifications.operations import mark_read, unread_count

blueprint = Blueprint("notifications_api", __name__, url_prefix="/api")

PER_PAGE = 50


def follow_json(item: Follow, target) -> dict:
    """The API representation of one follow."""
    return {
        "id": item.id,
        "kind": item.kind,
        "automatic": item.automatic,
        "created_at": item.created_at.isoformat(),
        "target": None
        if target is None
        else {
            "id": target.id,
            "slug": target.slug,
            "title": target.title,
            "url": url_for("main.home", _external=True).rstrip("/") + target.url,
        },
    }


def notification_json(item: Notification) -> dict:
    """The API representation of one notification (texts in the request's language)."""
    return {
        "id": item.id,
        "event": item.event,
        "headline": texts.headline(item),
        "title": item.title,
        "excerpt": texts.excerpt(item) or None,
        "reason": texts.reason(item),
        "url": url_for("main.home", _external=True).rstrip("/") + item.url,
        "recommendation_id": item.recommendation_id,
        "actor": item.actor.display_name if item.actor else None,
        "created_at": item.created_at.isoformat(),
        "read": item.read_at is not None,
    }


def _json_body() -> dict:
    if not request.is_json:
        abort(415, description=_("Send JSON (Content-Type: application/json)."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(422, description=_("Send a JSON object."))
    return body


@blueprint.get("/follows")
@require_role("viewer")
def list_follows():
    """Everything the user follows."""
    return jsonify(items=[follow_json(item, target) for item, target in follows_of(db.session(), signed_in_user())])


@blueprint.post("/follows")
@require_role("viewer")
def create_follow():
    """Follow something: {"kind": ..., "id": ...} or {"kind": ..., "slug": ...}."""
    body = _json_body()
    wrong_types = json_type_errors(body, {"kind": (str,), "id": (int, type(None)), "slug": (str, type(None))})
    if wrong_types:
        abort(422, description="; ".join(f"'{name}' {problem}" for name, problem in wrong_types.items()))
    kind, target_id, slug = body.get("kind"), body.get("id"), body.get("slug")
    if kind not in FOLLOW_KINDS:
        abort(422, description=_("'kind' must be one of: %(kinds)s.", kinds=", ".join(FOLLOW_KINDS)))
    if target_id is None and not slug:
        abort(422, description=_("Send the 'id' or the 'slug' of what to follow."))
    session = db.session()
    try:
        target = resolve_target(session, kind, target_id, slug, user=signed_in_user())
    except FollowError as error:
        abort(404, description=str(error))
    item, created = follow(session, signed_in_user(), target)
    return jsonify(follow_json(item, target)), 201 if created else 200


@blueprint.delete("/follows/<int:follow_id>")
@require_role("viewer")
def delete_follow(follow_id: int):
    """Stop following."""
    session, user = db.session(), signed_in_user()
    item = session.get(Follow, follow_id) if follow_id <= MAX_ID else None
    if item is None or item.user_id != user.id:
        abort(404, description=_("You have no follow %(id)s.", id=follow_id))
    unfollow(session, user, item)
    return "", 204


@blueprint.get("/notifications")
@require_role("viewer")
def list_notifications():
    """The user's notifications, newest first; ``unread=true`` for unread ones only."""
    session, user = db.session(), signed_in_user()
    page = requested_page(request.args)
    unread_arg = request.args.get("unread", "false")
    if unread_arg not in ("true", "false"):
        abort(400, description=_("'unread' must be true or false."))
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_arg == "true":
        query = query.where(Notification.read_at.is_(None))
    items = paginate(session, query.order_by(Notification.created_at.desc(), Notification.id.desc()), page, PER_PAGE)
    return jsonify(
        items=[notification_json(n) for n in items.items],
        total=items.total,
        page=page,
        pages=items.pages,
        unread=unread_count(session, user),
    )


@blueprint.post("/notifications/read")
@require_role("viewer")
def read_notifications():
    """Mark notifications read: {"ids": [...]} or {"all": true}."""
    body = _json_body()
    session, user = db.session(), signed_in_user()
    if body.get("all") is True:
        marked = mark_read(session, user)
    else:
        ids = body.get("ids")
        if (
            not isinstance(ids, list)
            or not ids
            or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_ID for i in ids)
        ):
            abort(422, description=_('Send {"ids": [notification ids]} or {"all": true}.'))
        marked = mark_read(session, user, ids)
    return jsonify(marked=marked, unread=unread_count(session, user))
