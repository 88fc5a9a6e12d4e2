"""JSON API of the government's responses: read the history, append to it."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.responses.forms import ResponseForm
from tracker.responses.models import GovernmentResponse
from tracker.responses.operations import ResponseRefused, record_response
from tracker.responses.queries import history
from tracker.workflow.api import invalid_fields, json_object, recommendation_or_404

blueprint = Blueprint("responses_api", __name__, url_prefix="/api")
FIELDS = ("response", "responded_on", "source_url", "quotation", "source", "note")


def response_json(item: GovernmentResponse | None) -> dict | None:
    """The API representation of one recorded response (None stays None)."""
    if item is None:
        return None
    return {
        "id": item.id,
        "recommendation_id": item.recommendation_id,
        "response": item.response,
        "claims_implemented": item.claims_implemented,
        "responded_on": item.responded_on.isoformat(),
        "source_url": item.source_url,
        "quotation": item.quotation,
        "source": item.source,
        "note": item.note,
        "recorded_by": item.author_name,
        "recorded_at": item.recorded_at.isoformat(),
    }


@blueprint.get("/recommendations/<int:recommendation_id>/responses")
def list_responses(recommendation_id: int):
    """Every recorded response, newest first; ``current`` is the one in force."""
    recommendation = recommendation_or_404(recommendation_id)
    items = history(db.session(), recommendation.id)
    return jsonify(
        recommendation_id=recommendation.id,
        status=recommendation.status,
        current=response_json(items[0]) if items else None,
        items=[response_json(i) for i in items],
    )


@blueprint.post("/recommendations/<int:recommendation_id>/responses")
@require_role("advocate")
def create_response(recommendation_id: int):
    """Append a response: {response, responded_on, claims_implemented?, source_url?, quotation?, source?, note?}."""
    recommendation = recommendation_or_404(recommendation_id)
    body = json_object("'response' and 'responded_on'")
    data = MultiDict({name: body[name] for name in FIELDS if isinstance(body.get(name), str)})
    claim = body.get("claims_implemented", False)
    if not isinstance(claim, bool):
        return invalid_fields({"claims_implemented": [_("true or false.")]})
    if claim:
        data["claims_implemented"] = "y"
    form = ResponseForm(formdata=data, meta={"csrf": False})
    if not form.validate():
        return invalid_fields(form.errors)
    try:
        item = record_response(db.session(), recommendation, signed_in_user(), form.to_input())
    except ResponseRefused:
        abort(403)
    return jsonify(response_json(item)), 201
