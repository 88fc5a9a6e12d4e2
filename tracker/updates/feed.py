"""The Atom feed of status updates, for all recommendations or any list filter."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import db
from tracker.core.inputs import parse_id
from tracker.recommendations.matching import filtered_ids
from tracker.recommendations.models import Recommendation
from tracker.recommendations.views import list_state_from_request
from tracker.timeutil import utcnow
from tracker.updates.models import StatusUpdate

FEED_SIZE = 50


def feed():
    """The latest updates, newest first; takes the list's filters and ``recommendation=<id>``."""
    state = list_state_from_request()
    query = (
        select(StatusUpdate)
        .where(StatusUpdate.recommendation_id.in_(filtered_ids(state)))
        .options(selectinload(StatusUpdate.evidence))
        .order_by(StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc())
        .limit(FEED_SIZE)
    )
    recommendation_id = request.args.get("recommendation")
    if recommendation_id is not None:
        if parse_id(recommendation_id) is None:
            abort(400, description=_("'recommendation' must be a recommendation id."))
        query = query.where(StatusUpdate.recommendation_id == parse_id(recommendation_id))
    session = db.session()
    updates = list(session.scalars(query))
    summaries = dict(
        session.execute(
            select(Recommendation.id, Recommendation.summary).where(
                Recommendation.id.in_({u.recommendation_id for u in updates})
            )
        ).all()
    )
    arguments: dict[str, Any] = request.args.to_dict(flat=False)
    xml = render_template(
        "updates/feed.xml",
        updates=updates,
        summaries=summaries,
        self_url=url_for("updates.feed", **arguments, _external=True),
        now_utc=utcnow(),
        list_url=url_for("recommendations.index", **state.to_args(), _external=True),
    )
    return Response(xml, mimetype="application/atom+xml")
