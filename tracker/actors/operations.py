"""The business verbs of actors: create, edit (parent included, no cycles), merge.

Every verb records a revision (with its audit event) and marks the data as changed.
Verbs flush, never commit. Merging moves every link to the kept actor, deletes the
merged row and leaves a redirect from its slug (``ActorRedirect``).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker.actors.models import ACTOR_KINDS, Actor, ActorRedirect
from tracker.actors.queries import actors_by_slug as _exact_actors_by_slug
from tracker.documents.models import Document
from tracker.recommendations import facet_index
from tracker.recommendations.restructure import replace_actor
from tracker.revisions.models import Revision
from tracker.revisions.operations import (
    CurationError,
    check_text,
    check_version,
    clean_reason,
    diff,
    flush_versioned,
    record_created,
    record_revision,
)
from tracker.slugs import slugify, unique_slug

NAME_MAX, ACRONYM_MAX, ALIAS_MAX, DESCRIPTION_MAX = 200, 40, 200, 20000
FIELDS = ("name", "acronym", "aliases", "kind", "description", "parent")
_UNSET = object()


def snapshot(actor: Actor) -> dict:
    """An actor's curated data as JSON values (what revisions compare)."""
    return {
        "slug": actor.slug,
        "name": actor.name,
        "acronym": actor.acronym,
        "aliases": list(actor.aliases or []),
        "kind": actor.kind,
        "description": actor.description,
        "parent": actor.parent.slug if actor.parent is not None else None,
    }


def actors_by_slug(session: Session, slugs) -> dict[str, Actor]:
    """Actors keyed by the slugs asked for, following the redirects of merged actors."""
    slugs = set(slugs)
    found = _exact_actors_by_slug(session, slugs)
    missing = slugs - found.keys()
    if missing:
        for old_slug, actor in session.execute(
            select(ActorRedirect.old_slug, Actor)
            .join(Actor, Actor.id == ActorRedirect.actor_id)
            .where(ActorRedirect.old_slug.in_(missing))
        ):
            found[old_slug] = actor
    return found


def redirect_for(session: Session, slug: str) -> Actor | None:
    """The actor an old (merged) slug now leads to, or None."""
    return actors_by_slug(session, {slug}).get(slug) if slug else None


def _clean_values(values: dict, errors: dict) -> dict:
    cleaned: dict[str, Any] = {}
    for name, maximum, required in (
        ("name", NAME_MAX, True),
        ("acronym", ACRONYM_MAX, False),
        ("description", DESCRIPTION_MAX, False),
    ):
        if name in values:
            cleaned[name] = check_text(
                errors,
                name,
                values[name],
                maximum=maximum,
                required=required,
                collapse=None if name == "description" else "spaces",
            )
    if "kind" in values:
        if values["kind"] not in ACTOR_KINDS:
            errors["kind"] = _("Choose one of: %(kinds)s.", kinds=", ".join(ACTOR_KINDS))
        cleaned["kind"] = values["kind"]
    if "aliases" in values:
        aliases = [re.sub(r"\s+", " ", a).strip() for a in values["aliases"] or []]
        aliases = list(dict.fromkeys(a for a in aliases if a))
        if any(len(a) > ALIAS_MAX or "\x00" in a for a in aliases):
            errors["aliases"] = _("Each alias can be at most %(n)s characters.", n=ALIAS_MAX)
        cleaned["aliases"] = aliases
    return cleaned


def _check_parent(actor: Actor | None, parent: Actor | None, errors: dict) -> None:
    if actor is None or parent is None:
        return
    node: Actor | None = parent
    while node is not None:
        if node.id == actor.id:
            errors["parent"] = _(
                "%(name)s is below this actor: that would make the hierarchy a cycle.", name=parent.name
            )
            return
        node = node.parent


def create_actor(
    session: Session,
    *,
    name: str,
    kind: str,
    user=None,
    reason: str = "",
    slug: str | None = None,
    acronym: str | None = None,
    aliases: list[str] | None = None,
    description: str | None = None,
    parent: Actor | None = None,
    actor_id: int | None = None,
) -> Actor:
    """Create an actor (a slug is made from the name unless given); flush."""
    errors: dict[str, str] = {}
    values = _clean_values(
        {"name": name, "kind": kind, "acronym": acronym, "aliases": aliases or [], "description": description}, errors
    )
    if errors:
        raise CurationError(errors)
    actor = Actor(
        id=actor_id, slug=slug or unique_slug(session, Actor, slugify(values["name"], 70)), parent=parent, **values
    )
    session.add(actor)
    session.flush()
    record_created(session, "actor", actor, snapshot(actor), user=user, reason=reason)
    return actor


def find_or_create_actor(session: Session, name: str, kind: str, user=None, reason: str = "") -> Actor:
    """The actor called ``name`` (by name, alias or acronym), or a new one of ``kind``."""
    from tracker.intake.operations import actor_index

    name = re.sub(r"\s+", " ", name).strip()[:NAME_MAX]
    found = session.scalar(select(Actor).where(func.lower(Actor.name) == name.lower()))
    if found is None:
        index = actor_index(session)
        slugs = index.slugs_in(name)
        mentions = index.mentions(name)
        if slugs and mentions[0][1] - mentions[0][0] == len(name):
            found = session.scalar(select(Actor).where(Actor.slug == slugs[0]))
    return found or create_actor(
        session, name=name, kind=kind if kind in ACTOR_KINDS else "organisation", user=user, reason=reason
    )


def update_actor(
    session: Session,
    actor: Actor,
    *,
    user,
    reason: str,
    expected_version: int | None,
    require_reason: bool = True,
    slug: str | None = None,
    parent=_UNSET,
    **values,
) -> Revision | None:
    """Change name, acronym, aliases, kind, description and/or parent (cycles refused); flush.

    ``slug`` may be changed only by the seed loader and importer (URLs are public).
    Returns the revision, or None when nothing changed.
    """
    reason = clean_reason(reason, required=require_reason)
    check_version(session, "actor", actor, expected_version)
    errors: dict[str, str] = {}
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise CurationError({name: _("This field cannot be changed.") for name in unknown})
    cleaned = _clean_values(values, errors)
    if parent is not _UNSET:
        _check_parent(actor, parent, errors)
    if errors:
        raise CurationError(errors)
    before = snapshot(actor)
    for name, value in cleaned.items():
        setattr(actor, name, value)
    if slug is not None:
        actor.slug = slug
    moved = parent is not _UNSET and actor.parent is not parent
    if moved:
        actor.parent = parent
    changes = diff(before, snapshot(actor))
    if not changes:
        return None
    flush_versioned(session, actor, expected_version)
    if moved:
        # Its recommendations (and its descendants') now reach other ancestors.
        facet_index.refresh_for_actors(session, [actor.id])
    return record_revision(session, "actor", actor.id, user=user, reason=reason, changes=changes, version=actor.version)


def check_merge(merged: Actor, kept: Actor, reason: str) -> str:
    """Refuse a merge into itself or into an actor below the merged one (``CurationError``);
    returns the cleaned reason."""
    reason = clean_reason(reason)
    if merged.id == kept.id:
        raise CurationError({"into": _("Choose another actor to merge into.")})
    node: Actor | None = kept
    while node is not None:
        if node.id == merged.id:
            raise CurationError({"into": _("%(name)s is below the merged actor; move it first.", name=kept.name)})
        node = node.parent
    return reason


def merge_actors(session: Session, merged: Actor, kept: Actor, *, user, reason: str) -> Revision:
    """Merge ``merged`` into ``kept`` (the same real-world body); flush.

    Every maker and addressee link, publisher, child and redirect moves to ``kept``;
    aliases are united; the merged slug redirects to ``kept``; the merged row goes.
    """
    reason = check_merge(merged, kept, reason)
    before_kept, before_merged = snapshot(kept), snapshot(merged)
    session.flush()
    # Everything the merged actor (or one below it) made or received, to re-index after.
    affected = facet_index.reaching(session, [merged.id])
    # Every maker and addressee link moves, with a revision in each recommendation's history.
    replace_actor(session, merged, kept, user=user, reason=reason)
    session.execute(update(Document).where(Document.publisher_id == merged.id).values(publisher_id=kept.id))
    session.execute(
        update(Actor)
        .where(Actor.parent_id == merged.id)
        .values(parent_id=kept.id)
        .execution_options(synchronize_session=False)
    )
    session.execute(update(ActorRedirect).where(ActorRedirect.actor_id == merged.id).values(actor_id=kept.id))
    # Objects in the session still hold the old links and children: reload them.
    session.expire_all()
    kept.aliases = list(
        dict.fromkeys(
            [
                *(kept.aliases or []),
                before_merged["name"],
                *before_merged["aliases"],
                *([before_merged["acronym"]] if before_merged["acronym"] else []),
            ]
        )
    )
    old_slug, merged_id = merged.slug, merged.id
    session.delete(merged)
    session.flush()
    facet_index.refresh(session, affected)
    session.add(ActorRedirect(old_slug=old_slug, actor_id=kept.id))
    session.flush()
    changes = diff(before_kept, snapshot(kept)) | {"merged_from": [None, before_merged]}
    record_revision(
        session, "actor", merged_id, user=user, reason=reason, kind="merged", changes={"merged_into": [None, kept.slug]}
    )
    return record_revision(
        session, "actor", kept.id, user=user, reason=reason, kind="merged", changes=changes, version=kept.version
    )
