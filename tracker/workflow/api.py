"""JSON API of team workflow: owners, follow-up dates, the people who can own, and bulk actions.

Every handler is a thin adapter: read the JSON, validate it with the same form or verb
as the page, call the same operation, answer with the same permissions.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.accounts.roles import has_role
from tracker.bulk.forms import BulkForm
from tracker.bulk.operations import ACTIONS, BulkRefused, apply_bulk, theme_choices
from tracker.recommendations.queries import get_recommendation
from tracker.workflow.forms import FollowUpForm
from tracker.workflow.operations import (
    WorkflowRefused,
    assignable_users,
    release_ownership,
    resolve_owners,
    set_follow_up,
    set_owners,
    take_ownership,
)
from tracker.workflow.queries import follow_ups_for, owners_for

blueprint = Blueprint("workflow_api", __name__, url_prefix="/api")


def json_object(required: str) -> dict:
    """The request's JSON object body; 415 when it is not JSON, 422 when not an object."""
    if not request.is_json:
        abort(415, description=_("Send JSON (Content-Type: application/json) with %(fields)s.", fields=required))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(422, description=_("Send a JSON object with %(fields)s.", fields=required))
    return body


def invalid_fields(errors: dict, message: str = "Nothing was saved: invalid fields."):
    """A 422 answer listing each field's messages."""
    fields = {name: [str(e) for e in (errs if isinstance(errs, list) else [errs])] for name, errs in errors.items()}
    return jsonify(error={"status": 422, "message": message, "fields": fields}), 422


def recommendation_or_404(recommendation_id: int):
    """The recommendation, or a 404 JSON error."""
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    return recommendation


def refused(error: WorkflowRefused | BulkRefused):
    """The JSON answer for a refused change (403, 409 or 422)."""
    body = {"status": error.status, "message": error.message}
    conflicts = error.conflicts if isinstance(error, BulkRefused) else []
    if conflicts:
        body["conflicts"] = [{"id": r.id, "version": r.version, "status": r.status} for r in conflicts]
    return jsonify(error=body), error.status


def team_json(recommendation_id: int) -> dict:
    """Owners and follow-up date of one recommendation."""
    session = db.session()
    follow_up = follow_ups_for(session, [recommendation_id]).get(recommendation_id)
    return {
        "recommendation_id": recommendation_id,
        "owners": [person_json(u) for u in owners_for(session, [recommendation_id]).get(recommendation_id, [])],
        "follow_up_on": follow_up.due_on.isoformat() if follow_up else None,
    }


def person_json(user) -> dict:
    """A team member as the API shows them (no email address)."""
    return {"id": user.id, "name": user.display_name}


@blueprint.get("/team")
@require_role("viewer")
def team():
    """The people who can own recommendations (active advocates, staff and admins)."""
    return jsonify(items=[dict(person_json(u), role=u.role) for u in assignable_users(db.session())])


@blueprint.get("/recommendations/<int:recommendation_id>/team")
@require_role("viewer")
def get_team(recommendation_id: int):
    """Owners and follow-up date of a recommendation (signed-in users)."""
    return jsonify(team_json(recommendation_or_404(recommendation_id).id))


@blueprint.put("/recommendations/<int:recommendation_id>/owners")
@require_role("staff")
def put_owners(recommendation_id: int):
    """Staff set the owners: ``{"owners": [user ids]}`` (an empty list leaves it unowned)."""
    recommendation = recommendation_or_404(recommendation_id)
    owners = json_object("'owners'").get("owners")
    if not isinstance(owners, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in owners):
        return invalid_fields({"owners": [_("A list of user numbers, such as [3, 7].")]})
    session = db.session()
    try:
        set_owners(session, recommendation, resolve_owners(session, owners), signed_in_user())
    except WorkflowRefused as error:
        return refused(error)
    return jsonify(team_json(recommendation.id))


@blueprint.post("/recommendations/<int:recommendation_id>/owners/me")
@require_role("advocate")
def take(recommendation_id: int):
    """Take ownership (advocates: of an unowned recommendation)."""
    recommendation = recommendation_or_404(recommendation_id)
    try:
        take_ownership(db.session(), recommendation, signed_in_user())
    except WorkflowRefused as error:
        return refused(error)
    return jsonify(team_json(recommendation.id))


@blueprint.delete("/recommendations/<int:recommendation_id>/owners/me")
@require_role("advocate")
def release(recommendation_id: int):
    """Stop owning a recommendation."""
    recommendation = recommendation_or_404(recommendation_id)
    try:
        release_ownership(db.session(), recommendation, signed_in_user())
    except WorkflowRefused as error:
        return refused(error)
    return jsonify(team_json(recommendation.id))


@blueprint.put("/recommendations/<int:recommendation_id>/follow-up")
@require_role("advocate")
def put_follow_up(recommendation_id: int):
    """Owners and staff set the follow-up date: ``{"due_on": "YYYY-MM-DD"}``, or null to clear it."""
    recommendation = recommendation_or_404(recommendation_id)
    body = json_object("'due_on'")
    if "due_on" not in body or not isinstance(body["due_on"], (str, type(None))):
        return invalid_fields({"due_on": [_("A date written YYYY-MM-DD, or null to clear it.")]})
    form = FollowUpForm(formdata=MultiDict({"due_on": body["due_on"] or ""}), meta={"csrf": False})
    if not form.validate():
        return invalid_fields(form.errors)
    try:
        set_follow_up(db.session(), recommendation, form.due_on.data, signed_in_user())
    except WorkflowRefused as error:
        return refused(error)
    return jsonify(team_json(recommendation.id))


def _bulk_form_data(body: dict) -> MultiDict:
    """Translate the JSON body into the bulk form's fields so one form validates both."""
    ids = body.get("ids")
    sent_versions = body.get("versions")
    versions = sent_versions if isinstance(sent_versions, dict) else {}
    data: MultiDict = MultiDict()
    for index, ident in enumerate(ids if isinstance(ids, list) else []):
        version = versions.get(str(ident))
        data.add(f"item-{index}", f"{ident}:{version}" if isinstance(version, int) else str(ident))
    sent_evidence = body.get("evidence")
    evidence = sent_evidence if isinstance(sent_evidence, list) else []
    links = [e["url"] for e in evidence if isinstance(e, dict) and isinstance(e.get("url"), str)]
    passages = [e for e in evidence if isinstance(e, dict) and e.get("quotation")]
    for name in ("action", "status", "note", "effective_on", "follow_up_move", "due_on", "theme", "priority", "reason"):
        if isinstance(body.get(name), str):
            data.add(name, body[name])
    data.add("evidence_links", "\n".join(links))
    if passages:
        data.add("evidence_quotation", str(passages[0].get("quotation")))
        data.add("evidence_source", str(passages[0].get("source") or ""))
    owners = body.get("owners")
    for owner in owners if isinstance(owners, list) else []:
        data.add("owners", str(owner))
    return data


@blueprint.post("/recommendations/bulk")
@require_role("advocate")
def bulk():
    """Apply one action to many recommendations, all or nothing (see the OpenAPI document)."""
    body = json_object("'ids' and 'action'")
    if not isinstance(body.get("ids"), list) or not body["ids"]:
        return invalid_fields({"ids": [_("A list of recommendation ids.")]})
    passages = (
        [e for e in (body.get("evidence") or []) if isinstance(e, dict) and e.get("quotation")]
        if isinstance(body.get("evidence"), list)
        else []
    )
    if len(passages) > 1:
        return invalid_fields({"evidence": [_("At most one quoted passage per update.")]})
    session = db.session()
    user = signed_in_user()
    action = body.get("action")
    if isinstance(action, str) and action in ACTIONS and not has_role(user, ACTIONS[action]):
        abort(403, description=_("Your role may not do this to recommendations."))
    staff = has_role(user, "staff")
    people = assignable_users(session) if staff else []
    themes = theme_choices(session) if staff else []
    form = BulkForm(
        formdata=_bulk_form_data(body), actions=list(ACTIONS), people=people, themes=themes, meta={"csrf": False}
    )
    if not form.validate():
        return invalid_fields(form.errors)
    try:
        done = apply_bulk(session, user, form.to_input(session))
    except (BulkRefused, WorkflowRefused) as error:
        session.rollback()
        return refused(error)
    return jsonify(
        action=form.action.data,
        saved=len(done.recommendations) - len(done.unchanged),
        unchanged=done.unchanged,
        items=[
            {
                "id": r.id,
                "version": r.version,
                "status": r.status,
                "priority": r.priority,
                "themes": sorted(theme.slug for theme in r.themes),
            }
            for r in done.recommendations
        ],
    )
