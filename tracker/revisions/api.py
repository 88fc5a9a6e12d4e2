"""JSON API for curating documents, actors and themes: PATCH, revisions, actor merge.

Staff only for writes (a personal token, or CSRF in the browser); revisions are public
like the records. Thin adapters around each entity's operations module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import Blueprint, abort, jsonify, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.actors.models import Actor
from tracker.actors.operations import actors_by_slug, merge_actors, update_actor
from tracker.actors.operations import snapshot as actor_snapshot
from tracker.documents.models import Document
from tracker.documents.operations import replace_text, update_document
from tracker.documents.operations import snapshot as document_snapshot
from tracker.recommendations.curation_api import conflict_response, invalid, json_body, revision_json
from tracker.revisions.operations import CurationError, EditConflict, revisions_for
from tracker.themes.models import Theme
from tracker.themes.operations import snapshot as theme_snapshot
from tracker.themes.operations import update_theme

blueprint = Blueprint("records_api", __name__, url_prefix="/api")
TEXT_FIELDS = {
    "document": ("title", "kind", "language", "url", "published_precision", "date_note"),
    "actor": ("name", "acronym", "kind", "description"),
    "theme": ("name", "name_es", "description", "description_es"),
}
R = TypeVar("R", Document, Actor, Theme)


def _found(kind: str, slug: str, record: R | None) -> R:
    if record is None:
        abort(404, description=_("There is no %(kind)s '%(slug)s'.", kind=kind, slug=slug[:80]))
    return record


def _document(slug: str) -> Document:
    return _found("document", slug, db.session().scalar(select(Document).where(Document.slug == slug)))


def _actor(slug: str) -> Actor:
    """The actor with this slug, or the one it was merged into (its old slug redirects)."""
    return _found("actor", slug, actors_by_slug(db.session(), {slug}).get(slug))


def _theme(slug: str) -> Theme:
    return _found("theme", slug, db.session().scalar(select(Theme).where(Theme.slug == slug)))


LOADERS: dict[str, Callable[[str], Document | Actor | Theme]] = {
    "document": _document,
    "actor": _actor,
    "theme": _theme,
}


def _load(kind: str, slug: str) -> Document | Actor | Theme:
    return LOADERS[kind](slug)


def document_json(document: Document) -> dict:
    """The API representation of a document (without its text)."""
    return {
        "id": document.id,
        "slug": document.slug,
        **document_snapshot(document),
        "text_length": len(document.text),
        "retired": document.retired_at is not None,
        "version": document.version,
        "url_html": url_for("documents.show", slug=document.slug, _external=True),
    }


def actor_json(actor: Actor) -> dict:
    """The API representation of an actor."""
    return {
        "id": actor.id,
        **actor_snapshot(actor),
        "version": actor.version,
    }


def theme_json(theme: Theme) -> dict:
    """The API representation of a theme."""
    return {
        "id": theme.id,
        **theme_snapshot(theme),
        "version": theme.version,
    }


#: kind -> the function writing a record of that kind as JSON.
RECORD_JSON: dict[str, Callable[[Any], dict]] = {"document": document_json, "actor": actor_json, "theme": theme_json}


def _common(body: dict, kind: str, errors: dict) -> dict:
    allowed = (
        set(TEXT_FIELDS[kind])
        | {"version", "reason"}
        | {"document": {"publisher", "published_on", "text"}, "actor": {"aliases", "parent"}, "theme": set()}[kind]
    )
    for name in set(body) - allowed:
        errors[name] = _("Unknown field.")
    if not isinstance(body.get("version"), int) or isinstance(body.get("version"), bool):
        errors["version"] = _("Send the version you edited (a whole number).")
    values = {}
    for name in TEXT_FIELDS[kind]:
        if name in body:
            if body[name] is not None and not isinstance(body[name], str):
                errors[name] = _("Must be text.")
            else:
                values[name] = body[name]
    return values


def _respond(record, kind: str, call):
    try:
        call()
    except EditConflict as error:
        db.session().rollback()
        current = _load(kind, record.slug)
        return conflict_response(_("Changed since the version you sent; nothing was saved."), current.version, error)
    except CurationError as error:
        return invalid(error.errors)
    return jsonify(RECORD_JSON[kind](record))


@blueprint.patch("/documents/<slug>")
@require_role("staff")
def edit_document(slug: str):
    """Change a document. Body: {version, reason, title?, publisher? (slug or null), kind?, language?,
    url?, published_on? (YYYY-MM-DD or null), published_precision?, date_note?, text? (trimming only)}."""
    document = _document(slug)
    body = json_body(("version", "reason"))
    errors: dict[str, str] = {}
    values = _common(body, "document", errors)
    if "publisher" in body:
        publisher = body["publisher"]
        found = actors_by_slug(db.session(), {publisher}).get(publisher) if isinstance(publisher, str) else None
        if publisher is not None and found is None:
            errors["publisher"] = _("Unknown actor.")
        values["publisher"] = found
    if "published_on" in body:
        try:
            values["published_on"] = date.fromisoformat(body["published_on"]) if body["published_on"] else None
        except (TypeError, ValueError):
            errors["published_on"] = _("A date written YYYY-MM-DD, or null.")
    if "text" in body and not isinstance(body["text"], str):
        errors["text"] = _("Must be text.")
    if errors:
        return invalid(errors)

    def call():
        reason = str(body["reason"])
        update_document(
            db.session(), document, user=current_user(), reason=reason, expected_version=body["version"], **values
        )
        if "text" in body:
            replace_text(
                db.session(), document, body["text"], user=current_user(), reason=reason, expected_version=None
            )

    return _respond(document, "document", call)


@blueprint.patch("/actors/<slug>")
@require_role("staff")
def edit_actor(slug: str):
    """Change an actor. Body: {version, reason, name?, acronym?, aliases? [..], kind?, description?,
    parent? (slug or null)}."""
    actor = _actor(slug)
    body = json_body(("version", "reason"))
    errors: dict[str, str] = {}
    values = _common(body, "actor", errors)
    if "aliases" in body:
        if not isinstance(body["aliases"], list) or not all(isinstance(a, str) for a in body["aliases"]):
            errors["aliases"] = _("A list of names.")
        else:
            values["aliases"] = body["aliases"]
    if "parent" in body:
        parent = body["parent"]
        found = actors_by_slug(db.session(), {parent}).get(parent) if isinstance(parent, str) else None
        if parent is not None and found is None:
            errors["parent"] = _("Unknown actor.")
        values["parent"] = found
    if errors:
        return invalid(errors)
    return _respond(
        actor,
        "actor",
        lambda: update_actor(
            db.session(),
            actor,
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=body["version"],
            **values,
        ),
    )


@blueprint.post("/actors/<slug>/merge")
@require_role("staff")
def merge_actor(slug: str):
    """Merge this actor into another. Body: {into: slug, reason}. Answers with the kept actor."""
    actor = _actor(slug)
    body = json_body(("into", "reason"))
    into = body["into"]
    kept = actors_by_slug(db.session(), {into}).get(into) if isinstance(into, str) else None
    if kept is None:
        return invalid({"into": _("Unknown actor.")})
    try:
        merge_actors(db.session(), actor, kept, user=current_user(), reason=str(body["reason"]))
    except CurationError as error:
        return invalid(error.errors)
    return jsonify(actor_json(kept))


@blueprint.patch("/themes/<slug>")
@require_role("staff")
def edit_theme(slug: str):
    """Rename or describe a theme. Body: {version, reason, name?, name_es?, description?, description_es?}."""
    theme = _theme(slug)
    body = json_body(("version", "reason"))
    errors: dict[str, str] = {}
    values = _common(body, "theme", errors)
    if errors:
        return invalid(errors)
    return _respond(
        theme,
        "theme",
        lambda: update_theme(
            db.session(),
            theme,
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=body["version"],
            **values,
        ),
    )


def _revisions(kind: str, slug: str):
    record = _load(kind, slug)
    return jsonify(items=[revision_json(r) for r in revisions_for(db.session(), kind, record.id)])


@blueprint.get("/documents/<slug>/revisions")
def document_revisions(slug: str):
    """The revisions of a document, newest first."""
    return _revisions("document", slug)


@blueprint.get("/actors/<slug>/revisions")
def actor_revisions(slug: str):
    """The revisions of an actor, newest first."""
    return _revisions("actor", slug)


@blueprint.get("/themes/<slug>/revisions")
def theme_revisions(slug: str):
    """The revisions of a theme, newest first."""
    return _revisions("theme", slug)
