"""Comment pages: write on the recommendation page, edit (author, 15 minutes), hide (staff)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.comments.models import BODY_MAX, Comment
from tracker.comments.operations import CommentError, add_comment, edit_comment, hide_comment
from tracker.db import MAX_ID
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.views import render_recommendation

blueprint = Blueprint("comments", __name__)

MESSAGES = {
    "empty": lambda: _("Write something before sending the comment."),
    "too long": lambda: _("A comment can have at most %(n)s characters.", n=BODY_MAX),
    "reason": lambda: _("Say why the comment is hidden."),
}


def _check_csrf() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


@blueprint.post("/recommendations/<int:recommendation_id>/comments")
@require_role("advocate")
def create(recommendation_id: int):
    """Add a comment; on an error the page comes back with the text kept."""
    _check_csrf()
    session = db.session()
    recommendation = get_recommendation(session, recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    body = request.form.get("body", "")
    try:
        comment = add_comment(session, recommendation, signed_in_user(), body)
    except CommentError as error:
        return render_recommendation(recommendation, comment_draft=body, comment_error=MESSAGES[str(error)]()), 422
    flash(_("Comment added."), "success")
    return redirect(
        url_for("recommendations.show", recommendation_id=recommendation_id, _anchor=f"comment-{comment.id}")
    )


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session().get(Comment, comment_id) if comment_id <= MAX_ID else None
    if comment is None:
        abort(404, description=_("There is no comment %(id)s.", id=comment_id))
    return comment


@blueprint.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@require_role("advocate")
def edit(comment_id: int):
    """The author edits a comment within 15 minutes of writing it."""
    comment = _comment_or_404(comment_id)
    back = url_for("recommendations.show", recommendation_id=comment.recommendation_id, _anchor=f"comment-{comment.id}")
    if not comment.editable_by(signed_in_user()):
        flash(_("Only its author can edit a comment, within 15 minutes of writing it."), "error")
        return redirect(back)
    error, body = None, comment.body
    if request.method == "POST":
        _check_csrf()
        body = request.form.get("body", "")
        try:
            edit_comment(db.session(), comment, signed_in_user(), body)
        except CommentError as problem:
            error = MESSAGES[str(problem)]()
        else:
            flash(_("Comment updated."), "success")
            return redirect(back)
    return render_template(
        "comments/edit.html", comment=comment, body=body, error=error, back=back
    ), 422 if error else 200


@blueprint.post("/comments/<int:comment_id>/hide")
@require_role("staff")
def hide(comment_id: int):
    """Staff hide a comment, saying why."""
    _check_csrf()
    comment = _comment_or_404(comment_id)
    back = url_for("recommendations.show", recommendation_id=comment.recommendation_id, _anchor=f"comment-{comment.id}")
    try:
        hide_comment(db.session(), comment, signed_in_user(), request.form.get("reason", ""))
    except CommentError as problem:
        flash(MESSAGES[str(problem)](), "error")
        return redirect(back)
    flash(_("The comment is hidden."), "success")
    return redirect(back)
