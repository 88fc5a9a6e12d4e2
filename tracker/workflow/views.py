"""Pages of team workflow: My work, owners and follow-up dates of a recommendation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.views import render_recommendation
from tracker.workflow import my_work
from tracker.workflow.forms import FollowUpForm, OwnersForm
from tracker.workflow.operations import (
    WorkflowRefused,
    assignable_users,
    release_ownership,
    resolve_owners,
    set_follow_up,
    set_owners,
    take_ownership,
)

blueprint = Blueprint("workflow", __name__)


@blueprint.get("/my-work")
@require_role("advocate")
def my_work_page():
    """What is mine, what is due, what waits for my review, and the team's views."""
    return render_template("workflow/my_work.html", work=my_work.sections(db.session(), signed_in_user()))


def _recommendation_or_404(recommendation_id: int):
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    return recommendation


def _back(recommendation_id: int):
    return redirect(url_for("recommendations.show", recommendation_id=recommendation_id, _anchor="team"))


def _refused(recommendation, refused: WorkflowRefused, **forms):
    if refused.status == 403:
        abort(403, description=refused.message)
    flash(refused.message, "error")
    return render_recommendation(recommendation, **forms), refused.status


@blueprint.post("/recommendations/<int:recommendation_id>/owners")
@require_role("staff")
def assign(recommendation_id: int):
    """Staff set the owners of a recommendation."""
    session = db.session()
    recommendation = _recommendation_or_404(recommendation_id)
    form = OwnersForm(formdata=request.form, people=assignable_users(session))
    if not form.validate():
        return render_recommendation(recommendation, owners_form=form), 422
    try:
        set_owners(session, recommendation, resolve_owners(session, form.owners.data), signed_in_user())
    except WorkflowRefused as refused:
        return _refused(recommendation, refused, owners_form=form)
    flash(_("Owners saved."), "success")
    return _back(recommendation_id)


@blueprint.post("/recommendations/<int:recommendation_id>/owners/take")
@require_role("advocate")
def take(recommendation_id: int):
    """An advocate takes ownership of an unowned recommendation."""
    recommendation = _recommendation_or_404(recommendation_id)
    try:
        take_ownership(db.session(), recommendation, signed_in_user())
    except WorkflowRefused as refused:
        return _refused(recommendation, refused)
    flash(_("You now own this recommendation."), "success")
    return _back(recommendation_id)


@blueprint.post("/recommendations/<int:recommendation_id>/owners/release")
@require_role("advocate")
def release(recommendation_id: int):
    """Stop owning a recommendation."""
    recommendation = _recommendation_or_404(recommendation_id)
    try:
        release_ownership(db.session(), recommendation, signed_in_user())
    except WorkflowRefused as refused:
        return _refused(recommendation, refused)
    flash(_("You no longer own this recommendation."), "success")
    return _back(recommendation_id)


@blueprint.post("/recommendations/<int:recommendation_id>/follow-up")
@require_role("advocate")
def follow_up(recommendation_id: int):
    """Owners and staff set or clear the follow-up date."""
    recommendation = _recommendation_or_404(recommendation_id)
    form = FollowUpForm(formdata=request.form)
    clearing = "clear" in request.form
    if form.validate() and not clearing and form.due_on.data is None:
        form.due_on.errors.append(_("Give a date, as YYYY-MM-DD, or use “Clear it”."))
    if form.errors:
        return render_recommendation(recommendation, follow_up_form=form), 422
    due_on = None if clearing else form.due_on.data
    try:
        set_follow_up(db.session(), recommendation, due_on, signed_in_user())
    except WorkflowRefused as refused:
        return _refused(recommendation, refused, follow_up_form=form)
    flash(_("Follow-up date saved.") if due_on else _("Follow-up date cleared."), "success")
    return _back(recommendation_id)
