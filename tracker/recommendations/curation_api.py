"""JSON API for curating recommendations: edit, revisions, restore, split, merge, retire.

Staff only (viewers and advocates get 403); through the API a personal token, in the
browser a CSRF token. Thin adapters around ``tracker.recommendations.operations``:
422 lists problems per field, 409 lists the revisions since the version sent.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.actors.operations import actors_by_slug
from tracker.recommendations.api import recommendation_json
from tracker.recommendations.models import Recommendation
from tracker.recommendations.operations import (
    CurationError,
    EditConflict,
    Maker,
    restore_revision,
    retire_recommendation,
    unretire_recommendation,
    update_recommendation,
)
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.restructure import Part, merge_recommendations, split_recommendation
from tracker.revisions.models import Revision
from tracker.revisions.operations import revisions_for
from tracker.themes.models import Theme

blueprint = Blueprint("curation_api", __name__, url_prefix="/api")
EDITABLE_FIELDS = ("summary", "summary_es", "priority", "quote_start", "quote_end", "makers", "addressees", "themes")


def revision_json(revision: Revision) -> dict:
    """The API representation of one revision."""
    return {
        "id": revision.id,
        "kind": revision.kind,
        "user": revision.user.name if revision.user else None,
        "created_at": revision.created_at.isoformat(),
        "reason": revision.reason,
        "changes": revision.changes,
        "restores": revision.restores_id,
    }


def load(recommendation_id: int) -> Recommendation:
    """The recommendation or a JSON 404."""
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    return recommendation


def json_body(required: tuple[str, ...] = ()) -> dict:
    """The JSON object sent, or a 415/422 saying what to send."""
    if not request.is_json:
        abort(415, description=_("Send JSON (Content-Type: application/json)."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(422, description=_("Send a JSON object."))
    missing = [name for name in required if name not in body]
    if missing:
        abort(422, description=_("Missing: %(names)s.", names=", ".join(missing)))
    return body


def invalid(errors: dict[str, str]):
    """A 422 naming each bad field."""
    return jsonify(
        error={
            "status": 422,
            "message": _("Nothing was saved: some fields are invalid."),
            "fields": {name: [message] for name, message in errors.items()},
        }
    ), 422


def conflict(recommendation: Recommendation, error: EditConflict):
    """A 409 with the current version and what changed since the version sent."""
    db.session().rollback()
    current = get_recommendation(db.session(), recommendation.id)
    if current is None:  # removed meanwhile
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation.id))
    return conflict_response(
        _("The recommendation changed since the version you sent; nothing was saved."), current.version, error
    )


def conflict_response(message: str, current_version: int, error: EditConflict):
    """The 409 every curation endpoint answers: the current version and the revisions made
    since the version the client sent."""
    return jsonify(
        error={
            "status": 409,
            "message": message,
            "current_version": current_version,
            "changes": [revision_json(r) for r in error.revisions],
        }
    ), 409


def attempt(recommendation: Recommendation, call):
    """Run a write verb: ``(its result, None)``, or ``(None, the 409 or 422 response)`` when
    the recommendation changed since the version sent or the input is refused."""
    try:
        return call(), None
    except EditConflict as error:
        return None, conflict(recommendation, error)
    except CurationError as error:
        return None, invalid(error.errors)


def _version(body: dict, errors: dict) -> int | None:
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        errors["version"] = _("Send the version you edited (a whole number).")
        return None
    return version


def parse_fields(body: dict, errors: dict) -> dict:
    """Turn the JSON fields into operation arguments (slugs resolved), collecting errors."""
    session = db.session()
    values = {
        name: body[name] for name in ("summary", "summary_es", "priority", "quote_start", "quote_end") if name in body
    }
    for name in ("summary", "summary_es", "priority"):
        if name in values and values[name] is not None and not isinstance(values[name], str):
            errors[name] = _("Must be text.")
    if "makers" in body:
        makers = body["makers"]
        if not isinstance(makers, list) or not all(
            isinstance(m, dict) and isinstance(m.get("actor"), str) for m in makers
        ):
            errors["makers"] = _('A list of {"actor": slug, "role": role}.')
        else:
            found = actors_by_slug(session, {m["actor"] for m in makers})
            unknown = [m["actor"] for m in makers if m["actor"] not in found]
            if unknown:
                errors["makers"] = _("Unknown actors: %(slugs)s.", slugs=", ".join(unknown[:10]))
            else:
                values["makers"] = [Maker(found[m["actor"]], str(m.get("role") or "lead")) for m in makers]
    if "addressees" in body:
        values["addressees"] = _slugs(
            body["addressees"], "addressees", errors, lambda slugs: actors_by_slug(session, slugs)
        )
    if "themes" in body:
        values["themes"] = _slugs(
            body["themes"],
            "themes",
            errors,
            lambda slugs: {t.slug: t for t in session.scalars(select(Theme).where(Theme.slug.in_(slugs)))},
        )
    return values


def _slugs(value, name: str, errors: dict, lookup) -> list:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[name] = _("A list of slugs.")
        return []
    found = lookup(set(value))
    unknown = [v for v in value if v not in found]
    if unknown:
        errors[name] = _("Unknown: %(slugs)s.", slugs=", ".join(unknown[:10]))
    return [found[v] for v in value if v in found]


@blueprint.patch("/recommendations/<int:recommendation_id>")
@require_role("staff")
def edit(recommendation_id: int):
    """Change fields. Body: {version, reason, summary?, summary_es?, quote_start?, quote_end?,
    makers?: [{actor, role}], addressees?: [slug], themes?: [slug], priority?}."""
    recommendation = load(recommendation_id)
    body = json_body(("version", "reason"))
    errors: dict[str, str] = {}
    version = _version(body, errors)
    unknown = set(body) - set(EDITABLE_FIELDS) - {"version", "reason"}
    for name in unknown:
        errors[name] = _("Unknown field.")
    values = parse_fields(body, errors)
    if errors:
        return invalid(errors)
    _result, refused = attempt(
        recommendation,
        lambda: update_recommendation(
            db.session(),
            recommendation,
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=version,
            **values,
        ),
    )
    if refused is not None:
        return refused
    return jsonify(recommendation_json(recommendation))


@blueprint.get("/recommendations/<int:recommendation_id>/revisions")
def revisions(recommendation_id: int):
    """The revisions of a recommendation's data, newest first."""
    recommendation = load(recommendation_id)
    return jsonify(items=[revision_json(r) for r in revisions_for(db.session(), "recommendation", recommendation.id)])


@blueprint.post("/recommendations/<int:recommendation_id>/revisions/<int:revision_id>/restore")
@require_role("staff")
def restore(recommendation_id: int, revision_id: int):
    """Put the data back as it was before that revision (``{"after": true}``: just after it).
    Body: {version, reason}."""
    recommendation = load(recommendation_id)
    body = json_body(("version", "reason"))
    errors: dict[str, str] = {}
    version = _version(body, errors)
    if errors:
        return invalid(errors)
    _result, refused = attempt(
        recommendation,
        lambda: restore_revision(
            db.session(),
            recommendation,
            revision_id,
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=version,
            before=not body.get("after"),
        ),
    )
    if refused is not None:
        return refused
    return jsonify(recommendation_json(recommendation))


@blueprint.post("/recommendations/<int:recommendation_id>/retire")
@require_role("staff")
def retire(recommendation_id: int):
    """Retire. Body: {reason: withdrawn|mistake|superseded|other, note?, version?}."""
    recommendation = load(recommendation_id)
    body = json_body(("reason",))
    _result, refused = attempt(
        recommendation,
        lambda: retire_recommendation(
            db.session(),
            recommendation,
            user=current_user(),
            reason_code=str(body["reason"]),
            note=str(body.get("note") or ""),
            expected_version=_optional_version(body),
        ),
    )
    if refused is not None:
        return refused
    return jsonify(recommendation_json(recommendation))


@blueprint.post("/recommendations/<int:recommendation_id>/restore")
@require_role("staff")
def unretire(recommendation_id: int):
    """Bring a retired recommendation back. Body: {reason, version?}."""
    recommendation = load(recommendation_id)
    body = json_body(("reason",))
    _result, refused = attempt(
        recommendation,
        lambda: unretire_recommendation(
            db.session(),
            recommendation,
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=_optional_version(body),
        ),
    )
    if refused is not None:
        return refused
    return jsonify(recommendation_json(recommendation))


def _optional_version(body: dict) -> int | None:
    version = body.get("version")
    if version is None:
        return None
    if not isinstance(version, int) or isinstance(version, bool):
        abort(422, description=_("Send the version you edited (a whole number)."))
    return version


@blueprint.post("/recommendations/<int:recommendation_id>/merge")
@require_role("staff")
def merge(recommendation_id: int):
    """Merge this recommendation into another. Body: {into: id, reason, version?}."""
    recommendation = load(recommendation_id)
    body = json_body(("into", "reason"))
    into = body["into"]
    if not isinstance(into, int) or isinstance(into, bool):
        return invalid({"into": _("The id of the recommendation to keep.")})
    kept = get_recommendation(db.session(), into)
    if kept is None:
        return invalid({"into": _("There is no recommendation %(id)s.", id=into)})
    _result, refused = attempt(
        recommendation,
        lambda: merge_recommendations(
            db.session(),
            recommendation,
            kept,
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=_optional_version(body),
        ),
    )
    if refused is not None:
        return refused
    return jsonify(recommendation_json(kept))


@blueprint.post("/recommendations/<int:recommendation_id>/split")
@require_role("staff")
def split(recommendation_id: int):
    """Split into parts. Body: {version, reason, parts: [{summary, quote_start, quote_end}, ...]}."""
    recommendation = load(recommendation_id)
    body = json_body(("version", "reason", "parts"))
    errors: dict[str, str] = {}
    version = _version(body, errors)
    parts = body["parts"]
    if not isinstance(parts, list) or not all(
        isinstance(p, dict)
        and isinstance(p.get("summary"), str)
        and all(isinstance(p.get(k), int) and not isinstance(p.get(k), bool) for k in ("quote_start", "quote_end"))
        for p in parts
    ):
        errors["parts"] = _("A list of {summary, quote_start, quote_end}.")
    if errors:
        return invalid(errors)
    results, refused = attempt(
        recommendation,
        lambda: split_recommendation(
            db.session(),
            recommendation,
            [Part(p["summary"], p["quote_start"], p["quote_end"]) for p in parts],
            user=current_user(),
            reason=str(body["reason"]),
            expected_version=version,
        ),
    )
    if refused is not None:
        return refused
    return jsonify(items=[recommendation_json(r) for r in results]), 201


def merged_redirect(recommendation: Recommendation, endpoint: str, code: int):
    """A permanent redirect from a merged recommendation to the one it was merged into."""
    from flask import redirect

    from tracker.recommendations.restructure import resolve_merged

    kept = resolve_merged(db.session(), recommendation)
    return redirect(url_for(endpoint, recommendation_id=kept.id), code=code)
