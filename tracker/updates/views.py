"""Recording a status update from the recommendation page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.views import render_recommendation
from tracker.updates.feed import feed
from tracker.updates.forms import update_form
from tracker.updates.operations import EditConflict, NotAllowed, record_update
from tracker.updates.queries import timeline, updates_since_version
from tracker.workflow.context import may_move_follow_up
from tracker.workflow.operations import move_follow_up

blueprint = Blueprint("updates", __name__)
blueprint.add_url_rule("/updates.atom", "feed", feed)


@blueprint.post("/recommendations/<int:recommendation_id>/updates")
@require_role("advocate")
def create(recommendation_id: int):
    """Validate and save an update; on a conflict, keep the input and show what changed."""
    session = db.session()
    recommendation = get_recommendation(session, recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    user = signed_in_user()
    form = update_form(recommendation, timeline(session, recommendation_id), formdata=request.form)
    form.offer_follow_up(may_move_follow_up(session, recommendation, user))
    if not form.validate():
        return render_recommendation(recommendation, form=form), 422
    try:
        record_update(session, recommendation, user, form.to_input())
        move_follow_up(session, recommendation, user, form.follow_up_move_choice)
    except NotAllowed:
        abort(403)
    except EditConflict as conflict:
        session.rollback()
        recommendation = get_recommendation(session, recommendation_id)
        if recommendation is None:  # removed meanwhile
            abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
        changes = updates_since_version(session, recommendation_id, conflict.seen_version)
        # Keep everything typed, but let a deliberate second save go through.
        form.refresh_version(recommendation.version)
        flash(
            _(
                "Someone else updated this recommendation while you were editing. Nothing was "
                "saved. Review their changes below; your text is still in the form."
            ),
            "error",
        )
        return render_recommendation(recommendation, form=form, conflict_changes=changes), 409
    flash(_("Update saved."), "success")
    return redirect(url_for("recommendations.show", recommendation_id=recommendation_id, _anchor="timeline"))
