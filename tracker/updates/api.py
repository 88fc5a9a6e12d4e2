"""JSON API for the history: read it, and append to it with a personal API token."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.core.inputs import json_type_errors
from tracker.recommendations.queries import get_recommendation
from tracker.updates.forms import update_form
from tracker.updates.models import StatusUpdate
from tracker.updates.operations import EditConflict, NotAllowed, record_update
from tracker.updates.queries import correctable_updates, timeline, updates_since_version

blueprint = Blueprint("updates_api", __name__, url_prefix="/api")


def update_json(update: StatusUpdate) -> dict:
    """The API representation of one status update."""
    return {
        "id": update.id,
        "recommendation_id": update.recommendation_id,
        "from_status": update.from_status,
        "to_status": update.to_status,
        "effective_on": update.effective_on.isoformat(),
        "recorded_at": update.recorded_at.isoformat(),
        "recorded_by": update.author_name,
        "note": update.note,
        "corrects": update.corrects_id,
        "evidence": [
            {"url": e.url} if e.url else {"quotation": e.quotation, "source": e.source} for e in update.evidence
        ],
        "resulting_version": update.resulting_version,
    }


def _recommendation_or_404(recommendation_id: int):
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    return recommendation


@blueprint.get("/recommendations/<int:recommendation_id>/updates")
def list_updates(recommendation_id: int):
    """The whole history, newest effective date first, with the current status and version."""
    recommendation = _recommendation_or_404(recommendation_id)
    return jsonify(
        recommendation_id=recommendation.id,
        status=recommendation.status,
        version=recommendation.version,
        items=[update_json(u) for u in timeline(db.session(), recommendation.id)],
    )


BODY_TYPES = {
    "version": (int,),
    "status": (str, type(None)),
    "note": (str,),
    "effective_on": (str, type(None)),
    "corrects": (int, type(None)),
    "evidence": (list, type(None)),
}
EVIDENCE_FIELDS = frozenset({"url", "quotation", "source"})


def _body_type_errors(body: dict) -> dict[str, list[str]]:
    """Members of the wrong JSON type, as the form's errors are shaped ({field: [messages]}).

    A list where a string is expected must not be stored as its Python spelling, and an
    evidence item that is not an object must not be dropped silently.
    """
    errors = {name: [message] for name, message in json_type_errors(body, BODY_TYPES).items()}
    for position, item in enumerate(body.get("evidence") or [] if "evidence" not in errors else []):
        if not isinstance(item, dict):
            errors.setdefault("evidence", []).append(
                f"item {position + 1} must be an object such as "
                '{"url": "https://…"} or {"quotation": "…", "source": "…"}'
            )
        elif set(item) - EVIDENCE_FIELDS or not all(isinstance(v, str) for v in item.values()):
            errors.setdefault("evidence", []).append(
                f"item {position + 1} may only have the text members url, quotation and source"
            )
    return errors


def _form_data_from_json(body: dict) -> MultiDict:
    """Translate the JSON body into the form's fields so one form validates both."""
    evidence = body.get("evidence") or []
    links = [item["url"] for item in evidence if item.get("url")]
    passages = [item for item in evidence if item.get("quotation")]
    data = {
        "version": body.get("version"),
        "status": body.get("status") or "",
        "note": body.get("note"),
        "effective_on": body.get("effective_on") or date.today().isoformat(),
        "evidence_links": "\n".join(str(link) for link in links),
        "evidence_quotation": passages[0].get("quotation") if passages else None,
        "evidence_source": passages[0].get("source") if passages else None,
        "corrects": body.get("corrects"),
    }
    return MultiDict({k: str(v) for k, v in data.items() if v is not None})


@blueprint.post("/recommendations/<int:recommendation_id>/updates")
@require_role("advocate")
def create_update(recommendation_id: int):
    """Append an update. Body: {version, status?, note, effective_on?, evidence?: [{url}|{quotation, source}], corrects?}."""
    session = db.session()
    recommendation = _recommendation_or_404(recommendation_id)
    if not request.is_json:
        abort(415, description=_("Send JSON (Content-Type: application/json) with at least 'version' and 'note'."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(422, description=_("Send a JSON object with at least 'version' and 'note'."))
    type_errors = _body_type_errors(body)
    if type_errors:
        return jsonify(
            error={
                "status": 422,
                "message": "The update was not saved: values of the wrong type.",
                "fields": type_errors,
            }
        ), 422
    passages = [e for e in (body.get("evidence") or []) if e.get("quotation")]
    if len(passages) > 1:
        abort(422, description=_("At most one quoted passage per update."))
    form = update_form(
        recommendation,
        correctable_updates(session, recommendation_id),
        formdata=_form_data_from_json(body),
        meta={"csrf": False},
    )
    if not form.validate():
        response = jsonify(
            error={"status": 422, "message": "The update was not saved: invalid fields.", "fields": form.errors}
        )
        return response, 422
    try:
        update = record_update(session, recommendation, signed_in_user(), form.to_input())
    except NotAllowed:
        abort(403)
    except EditConflict as conflict:
        session.rollback()
        changes = updates_since_version(session, recommendation_id, conflict.seen_version)
        current = get_recommendation(session, recommendation_id)
        if current is None:  # removed meanwhile
            abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
        return jsonify(
            error={
                "status": 409,
                "message": "The recommendation changed since the version you sent; nothing was saved.",
                "current_version": current.version,
                "changes": [update_json(u) for u in changes],
            }
        ), 409
    return jsonify(update_json(update)), 201
