"""The JSON API: ``GET /api/recommendations`` with the list's filters."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import current_user
from tracker.recommendations.models import Recommendation
from tracker.recommendations.queries import get_recommendation, list_page
from tracker.recommendations.views import list_state_from_request
from tracker.workflow.context import list_panel

blueprint = Blueprint("api", __name__, url_prefix="/api")


def recommendation_json(recommendation: Recommendation, team: dict | None = None) -> dict:
    """The API representation of one recommendation.

    ``team`` (from ``tracker.workflow.context.list_panel``) adds the government's current
    response and, for signed-in users, the owners and the follow-up date.
    """
    data = {
        "id": recommendation.id,
        "key": recommendation.key,
        "text": recommendation.summary,
        "summary": recommendation.summary,
        "summary_es": recommendation.summary_es,
        "priority": recommendation.priority,
        "quote": recommendation.quote,
        "quote_start": recommendation.quote_start,
        "quote_end": recommendation.quote_end,
        "status": recommendation.status,
        "version": recommendation.version,
        "document": {
            "id": recommendation.document.id,
            "slug": recommendation.document.slug,
            "title": recommendation.document.title,
        },
        "makers": [
            {"id": link.actor.id, "slug": link.actor.slug, "name": link.actor.name, "role": link.role}
            for link in recommendation.maker_links
        ],
        "addressees": [{"id": actor.id, "slug": actor.slug, "name": actor.name} for actor in recommendation.addressees],
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in recommendation.themes],
        "url": url_for("recommendations.show", recommendation_id=recommendation.id, _external=True),
        "created_at": recommendation.created_at.isoformat(),
        "updated_at": recommendation.updated_at.isoformat(),
        "retired": (
            {
                "at": recommendation.retired_at.isoformat(),
                "reason": recommendation.retired_reason,
                "note": recommendation.retired_note,
            }
            if recommendation.retired_at
            else None
        ),
        "merged_into": recommendation.merged_into_id,
    }
    if team is not None:
        data.update(team_fields(recommendation.id, team))
    return data


def team_fields(recommendation_id: int, team: dict) -> dict:
    """The workflow fields of one recommendation in the API."""
    from tracker.responses.api import response_json
    from tracker.workflow.api import person_json

    fields: dict[str, Any] = {"government_response": response_json(team["responses"].get(recommendation_id))}
    if team["visible"]:
        follow_up = team["follow_ups"].get(recommendation_id)
        fields["owners"] = [person_json(u) for u in team["owners"].get(recommendation_id, [])]
        fields["follow_up_on"] = follow_up.due_on.isoformat() if follow_up else None
    return fields


@blueprint.get("/recommendations/<int:recommendation_id>")
def get_recommendation_json(recommendation_id: int):
    """One recommendation, with the version to send back when posting an update.

    A recommendation merged into another answers 308 to the one it was merged into."""
    session = db.session()
    recommendation = get_recommendation(session, recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    if recommendation.merged_into_id is not None:
        from tracker.recommendations.curation_api import merged_redirect

        return merged_redirect(recommendation, "api.get_recommendation_json", 308)
    return jsonify(recommendation_json(recommendation, list_panel(session, [recommendation.id], current_user())))


@blueprint.get("/recommendations")
def list_recommendations():
    """A page of recommendations matching the filters, with the total and the next page's URL."""
    state = list_state_from_request()
    session = db.session()
    page = list_page(session, state)
    statuses = page.statuses
    team = list_panel(session, [r.id for r in page.items], current_user())
    next_url = (
        url_for("api.list_recommendations", **state.to_args(page=state.page + 1), _external=True)
        if page.has_next
        else None
    )
    return jsonify(
        items=[dict(recommendation_json(r, team), status=statuses[r.id]) for r in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
        next=next_url,
    )
