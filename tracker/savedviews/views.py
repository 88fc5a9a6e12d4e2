"""Pages of saved views: the stable URL of each view, saving, managing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import current_user, require_role, signed_in_user
from tracker.accounts.forms import ConfirmForm
from tracker.db import MAX_ID
from tracker.savedviews.forms import SavedViewForm
from tracker.savedviews.models import SavedView
from tracker.savedviews.operations import ViewRefused, create_view, delete_view, update_view
from tracker.savedviews.queries import views_menu

blueprint = Blueprint("savedviews", __name__, url_prefix="/views")


def visible_view_or_404(view_id: int) -> SavedView:
    """The view if the current user may see it; a private view of someone else is a 404."""
    view = db.session().get(SavedView, view_id) if 1 <= view_id <= MAX_ID else None
    if view is None or not view.can_see(current_user()):
        abort(404, description=_("There is no saved view %(id)s that you can open.", id=view_id))
    return view


def own_view_or_404(view_id: int) -> SavedView:
    """The view if it is the current user's own (others' views cannot be changed from here)."""
    view = visible_view_or_404(view_id)
    if not view.can_edit(current_user()):
        abort(
            404,
            description=_(
                "You have no saved view %(id)s to change: only the person who saved a view changes or deletes it.",
                id=view_id,
            ),
        )
    return view


def list_url(view: SavedView) -> str:
    """The list page showing the view (its query, plus ``view=<id>`` so the page names it)."""
    query = f"{view.query}&view={view.id}" if view.query else f"view={view.id}"
    return f"{url_for('recommendations.index')}?{query}"


@blueprint.get("")
@require_role("viewer")
def index():
    """My views and the team's shared ones, with renaming, sharing and deleting."""
    user = signed_in_user()
    menu = views_menu(db.session(), user)
    forms = {view.id: SavedViewForm(obj=view, prefix=f"v{view.id}") for view in menu["mine"]}
    return render_template("savedviews/index.html", menu=menu, forms=forms, delete_form=ConfirmForm())


@blueprint.get("/<int:view_id>")
@require_role("viewer")
def open_view(view_id: int):
    """A view's stable URL: opens the list with its filters, sort and columns."""
    return redirect(list_url(visible_view_or_404(view_id)))


@blueprint.post("")
@require_role("viewer")
def create():
    """Save the list query posted by the list page as a named view."""
    form = SavedViewForm(formdata=request.form)
    back = f"{url_for('recommendations.index')}?{form.query.data or ''}"
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    try:
        view = create_view(db.session(), signed_in_user(), form.name.data, form.query.data or "", form.shared.data)
    except ViewRefused as refused:
        if refused.status == 403:
            abort(403, description=refused.message)
        flash(refused.message, "error")
        return redirect(back)
    flash(_("View “%(name)s” saved. Its address stays the same when you rename it.", name=view.name), "success")
    return redirect(list_url(view))


@blueprint.post("/<int:view_id>")
@require_role("viewer")
def update(view_id: int):
    """Rename or (un)share one's view; "replace" also stores the posted list query."""
    view = own_view_or_404(view_id)
    form = SavedViewForm(formdata=request.form, prefix=request.form.get("prefix", ""))
    if not form.validate():
        flash(
            _(
                "The view was not changed: %(errors)s",
                errors=" ".join(str(e) for errors in form.errors.values() for e in errors),
            ),
            "error",
        )
        return redirect(url_for("savedviews.index")), 303
    try:
        update_view(
            db.session(),
            view,
            signed_in_user(),
            name=form.name.data,
            shared=form.shared.data,
            query=form.query.data if "replace" in request.form else None,
        )
    except ViewRefused as refused:
        if refused.status == 403:
            abort(403, description=refused.message)
        flash(refused.message, "error")
        return redirect(url_for("savedviews.index")), 303
    flash(_("View “%(name)s” saved.", name=view.name), "success")
    return redirect(list_url(view) if "replace" in request.form else url_for("savedviews.index"))


@blueprint.post("/<int:view_id>/delete")
@require_role("viewer")
def delete(view_id: int):
    """Delete one's own view."""
    view = own_view_or_404(view_id)
    if not ConfirmForm(formdata=request.form).validate():
        abort(400)
    name = view.name
    try:
        delete_view(db.session(), view, signed_in_user())
    except ViewRefused as refused:
        abort(refused.status, description=refused.message)
    flash(_("View “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("savedviews.index"))
