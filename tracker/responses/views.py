"""Recording the government's response from the recommendation page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.views import render_recommendation
from tracker.responses.forms import RESPONSE_FORM_PREFIX, ResponseForm
from tracker.responses.operations import ResponseRefused, record_response

blueprint = Blueprint("responses", __name__)


@blueprint.post("/recommendations/<int:recommendation_id>/responses")
@require_role("advocate")
def create(recommendation_id: int):
    """Validate and append a response; on an error, keep the input and say what to fix."""
    session = db.session()
    recommendation = get_recommendation(session, recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    form = ResponseForm(formdata=request.form, prefix=RESPONSE_FORM_PREFIX)
    if not form.validate():
        return render_recommendation(recommendation, response_form=form), 422
    try:
        record_response(session, recommendation, signed_in_user(), form.to_input())
    except ResponseRefused:
        abort(403)
    flash(_("Government response saved."), "success")
    return redirect(url_for("recommendations.show", recommendation_id=recommendation_id, _anchor="response"))
