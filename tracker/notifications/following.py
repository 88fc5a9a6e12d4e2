"""The business verbs of following: follow, unfollow, and who follows what.

A follow names its target by kind and id. ``resolve_target`` turns an id or slug into
a ``Target`` (title and page) and is the one place that knows each kind's model, so the
HTML buttons, the API and ``notify`` agree on what can be followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.actors.models import Actor
from tracker.actors.queries import load_ancestors
from tracker.audit.operations import record_event
from tracker.core.inputs import parse_id
from tracker.documents.models import Document
from tracker.notifications.models import FOLLOW_KINDS, Follow
from tracker.recommendations.models import Recommendation
from tracker.themes.models import Theme

if TYPE_CHECKING:
    from tracker.savedviews.models import SavedView

# How specific a follow is, to say *why* someone was notified (the most specific wins).
SPECIFICITY = {"recommendation": 0, "view": 1, "document": 2, "theme": 3, "actor": 4}


@dataclass(frozen=True)
class Target:
    """Something that can be followed: its kind, id, a title and the path of its page."""

    kind: str
    id: int
    title: str
    url: str
    slug: str | None = None


class FollowError(ValueError):
    """A follow request names nothing that can be followed; the message says why."""


def _model_for(kind: str):
    from tracker.savedviews.models import SavedView

    return {"recommendation": Recommendation, "actor": Actor, "theme": Theme, "document": Document, "view": SavedView}[
        kind
    ]


def target_of(kind: str, obj) -> Target:
    """The ``Target`` of a loaded recommendation, actor, theme or document."""
    if kind == "recommendation":
        return Target(kind, obj.id, obj.summary, url_for("recommendations.show", recommendation_id=obj.id))
    if kind == "actor":
        return Target(kind, obj.id, obj.display_name, url_for("actors.show", slug=obj.slug), obj.slug)
    if kind == "theme":
        return Target(kind, obj.id, obj.name, url_for("recommendations.index", theme=obj.slug), obj.slug)
    if kind == "document":
        return Target(kind, obj.id, obj.title, url_for("documents.show", slug=obj.slug), obj.slug)
    if kind == "view":
        return Target(kind, obj.id, obj.name, url_for("savedviews.open_view", view_id=obj.id))
    raise FollowError(f"unknown kind {kind!r}")


def resolve_target(session: Session, kind: str, target_id=None, slug=None, user=None) -> Target:
    """The followable thing of ``kind`` with this id or slug; raises FollowError if none
    (a saved view must also be one ``user`` may see: shared, or their own)."""
    if kind not in FOLLOW_KINDS:
        raise FollowError("'kind' must be one of: " + ", ".join(FOLLOW_KINDS))
    model = _model_for(kind)
    obj = None
    if target_id is not None and parse_id(str(target_id)) is not None:
        obj = session.get(model, parse_id(str(target_id)))
    elif slug and hasattr(model, "slug") and isinstance(slug, str):
        obj = session.scalar(select(model).where(model.slug == slug))
    elif target_id is None and not slug:
        raise FollowError("Send the 'id' (or, except for recommendations, the 'slug') of what to follow.")
    if obj is None or (kind == "view" and not obj.can_see(user)):
        raise FollowError(f"There is no {kind} {target_id if target_id is not None else slug}.")
    return target_of(kind, obj)


def find_follow(session: Session, user: User, kind: str, target_id: int) -> Follow | None:
    """The user's follow of this target, if any."""
    return session.scalar(
        select(Follow).where(Follow.user_id == user.id, Follow.kind == kind, Follow.target_id == target_id)
    )


def follow(session: Session, user: User, target: Target, *, automatic: bool = False) -> tuple[Follow, bool]:
    """Follow ``target`` (nothing changes if already followed). Returns (follow, created)."""
    existing = find_follow(session, user, target.kind, target.id)
    if existing is not None:
        return existing, False
    item = Follow(user_id=user.id, kind=target.kind, target_id=target.id, automatic=automatic)
    try:
        with session.begin_nested():
            session.add(item)
            session.flush()
    except IntegrityError:  # a simultaneous click from another tab followed it first
        existing = find_follow(session, user, target.kind, target.id)
        if existing is None:  # not that: the row is refused for another reason
            raise
        return existing, False
    if not automatic:
        record_event(
            session,
            "follow.created",
            user=user,
            target_type=target.kind,
            target_id=target.id,
            summary=f"followed {target.kind} {target.id}",
        )
    return item, True


def follow_automatically(session: Session, user_id: int, kind: str, target_id: int) -> None:
    """Follow on someone's behalf (owners follow what they own); nothing if already followed."""
    if (
        session.scalar(
            select(Follow.id).where(Follow.user_id == user_id, Follow.kind == kind, Follow.target_id == target_id)
        )
        is None
    ):
        session.add(Follow(user_id=user_id, kind=kind, target_id=target_id, automatic=True))


def unfollow(session: Session, user: User, item: Follow) -> None:
    """Stop following. Only the follower may do this (callers load the follow by user)."""
    if item.user_id != user.id:
        raise PermissionError("not your follow")
    session.delete(item)
    record_event(
        session,
        "follow.deleted",
        user=user,
        target_type=item.kind,
        target_id=item.target_id,
        summary=f"unfollowed {item.kind} {item.target_id}",
    )
    session.flush()


def follows_of(session: Session, user: User) -> list[tuple[Follow, Target | None]]:
    """Everything ``user`` follows, with its target (None when it no longer exists)."""
    items = session.scalars(
        select(Follow).where(Follow.user_id == user.id).order_by(Follow.kind, Follow.created_at)
    ).all()
    by_kind: dict[str, dict[int, object]] = {}
    for kind in {item.kind for item in items}:
        model = _model_for(kind)
        if model is None:
            continue
        ids = [item.target_id for item in items if item.kind == kind]
        by_kind[kind] = {obj.id: obj for obj in session.scalars(select(model).where(model.id.in_(ids)))}
    result = []
    for item in items:
        obj = by_kind.get(item.kind, {}).get(item.target_id)
        result.append((item, target_of(item.kind, obj) if obj is not None else None))
    return result


def followers_of_recommendation(session: Session, recommendation: Recommendation) -> dict[int, dict]:
    """Who hears about an event on ``recommendation``: user id -> the reason (their most
    specific matching follow). Following an actor covers everything made by or addressed
    to it or to any actor under it; a theme, its recommendations; a document, those it holds."""
    actor_ids: dict[int, Actor] = {}
    actors = list(recommendation.addressees) + list(recommendation.makers)
    load_ancestors(session, actors)  # one statement, not one per parent
    for actor in actors:
        for node in [actor, *actor.ancestors()]:
            actor_ids[node.id] = node
    themes = {theme.id: theme for theme in recommendation.themes}
    views = _matching_views(session, recommendation)
    conditions = [
        (Follow.kind == "recommendation") & (Follow.target_id == recommendation.id),
        (Follow.kind == "document") & (Follow.target_id == recommendation.document_id),
    ]
    if themes:
        conditions.append((Follow.kind == "theme") & Follow.target_id.in_(list(themes)))
    if actor_ids:
        conditions.append((Follow.kind == "actor") & Follow.target_id.in_(list(actor_ids)))
    if views:
        conditions.append((Follow.kind == "view") & Follow.target_id.in_(list(views)))
    names = {
        "recommendation": {recommendation.id: recommendation.summary},
        "document": {recommendation.document_id: recommendation.document.title},
        "theme": {i: t.name for i, t in themes.items()},
        "actor": {i: a.display_name for i, a in actor_ids.items()},
        "view": {i: v.name for i, v in views.items()},
    }
    reasons: dict[int, dict] = {}
    for item in session.scalars(select(Follow).where(or_(*conditions))):
        if item.kind == "view" and not views[item.target_id].can_see(item.user):
            continue  # a view unshared since it was followed
        reason = {"kind": item.kind, "name": names[item.kind].get(item.target_id, "")}
        current = reasons.get(item.user_id)
        if current is None or SPECIFICITY[item.kind] < SPECIFICITY[current["kind"]]:
            reasons[item.user_id] = reason
    return reasons


def _matching_views(session: Session, recommendation: Recommendation) -> dict[int, SavedView]:
    """The followed saved views whose filters ``recommendation`` matches, by id."""
    from urllib.parse import parse_qsl

    from werkzeug.datastructures import MultiDict

    from tracker.recommendations.filters import InvalidFilters, parse_list_args
    from tracker.recommendations.matching import filtered_ids
    from tracker.savedviews.models import SavedView

    followed = session.scalars(
        select(SavedView).where(SavedView.id.in_(select(Follow.target_id).where(Follow.kind == "view")))
    ).all()
    matching: dict[int, SavedView] = {}
    for view in followed:
        try:
            state = parse_list_args(session, MultiDict(parse_qsl(view.query)), user=view.owner)
        except InvalidFilters:
            continue  # a view naming something since removed matches nothing
        # filtered_ids may select from the facet index: test membership, do not add a WHERE to it.
        ids = select(Recommendation.id).where(
            Recommendation.id == recommendation.id, Recommendation.id.in_(filtered_ids(state))
        )
        if session.scalar(ids) is not None:
            matching[view.id] = view
    return matching
