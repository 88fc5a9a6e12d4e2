"""The JSON API: ``GET /api/recommendations`` with the list's filters."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.recommendations.models import Recommendation
from tracker.recommendations.queries import get_recommendation, list_page
from tracker.recommendations.views import list_state_from_request

blueprint = Blueprint("api", __name__, url_prefix="/api")


def recommendation_json(recommendation: Recommendation) -> dict:
    """The API representation of one recommendation."""
    return {
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
        "document": {"id": recommendation.document.id, "slug": recommendation.document.slug,
                     "title": recommendation.document.title},
        "makers": [{"id": link.actor.id, "slug": link.actor.slug, "name": link.actor.name, "role": link.role}
                   for link in recommendation.maker_links],
        "addressees": [{"id": actor.id, "slug": actor.slug, "name": actor.name}
                       for actor in recommendation.addressees],
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in recommendation.themes],
        "url": url_for("recommendations.show", recommendation_id=recommendation.id, _external=True),
        "created_at": recommendation.created_at.isoformat(),
        "updated_at": recommendation.updated_at.isoformat(),
        "retired": ({"at": recommendation.retired_at.isoformat(), "reason": recommendation.retired_reason,
                     "note": recommendation.retired_note} if recommendation.retired_at else None),
        "merged_into": recommendation.merged_into_id,
    }


@blueprint.get("/recommendations/<int:recommendation_id>")
def get_recommendation_json(recommendation_id: int):
    """One recommendation, with the version to send back when posting an update.

    A recommendation merged into another answers 308 to the one it was merged into."""
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    if recommendation.merged_into_id is not None:
        from tracker.recommendations.curation_api import merged_redirect

        return merged_redirect(recommendation, "api.get_recommendation_json", 308)
    return jsonify(recommendation_json(recommendation))


@blueprint.get("/recommendations")
def list_recommendations():
    """A page of recommendations matching the filters, with the total and the next page's URL."""
    state = list_state_from_request()
    page = list_page(db.session(), state)
    statuses = page.statuses
    next_url = (url_for("api.list_recommendations", **state.to_args(page=state.page + 1), _external=True)
                if page.has_next else None)
    return jsonify(
        items=[dict(recommendation_json(r), status=statuses[r.id]) for r in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
        next=next_url,
    )
