"""The bulk page: review the selection, choose one action, apply it to all (or none)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker import db
from tracker.accounts.current import current_user, require_role, signed_in_user
from tracker.accounts.roles import has_role
from tracker.bulk.forms import BulkForm
from tracker.bulk.operations import ACTIONS, MAX_ITEMS, BulkRefused, apply_bulk, load_selected, theme_choices
from tracker.core.inputs import parse_id, safe_next
from tracker.recommendations.filters import ListState
from tracker.recommendations.queries import count_matching, ordered_query
from tracker.recommendations.views import list_state_from_request
from tracker.workflow.operations import WorkflowRefused, assignable_users

blueprint = Blueprint("bulk", __name__)


def _actions_for(user) -> list[str]:
    return [action for action, role in ACTIONS.items() if has_role(user, role)]


def _form(formdata=None, **kwargs) -> BulkForm:
    user = current_user()
    staff = has_role(user, "staff")
    people = assignable_users(db.session()) if staff else []
    themes = theme_choices(db.session()) if staff else []
    return BulkForm(formdata=formdata, actions=_actions_for(user), people=people, themes=themes, **kwargs)


def _selection_from_request() -> tuple[list, str]:
    """The selected recommendations (ids, or every one matching the filters with all=1)
    and the list URL to go back to."""
    session = db.session()
    if request.args.get("all"):
        state: ListState = list_state_from_request()
        total = count_matching(session, state)
        if total > MAX_ITEMS:
            abort(
                400,
                description=_(
                    "%(n)s recommendations match; bulk actions take at most %(max)s at once. Narrow the filters.",
                    n=total,
                    max=MAX_ITEMS,
                ),
            )
        ids = list(session.scalars(select(ordered_query(state, session.get_bind().dialect.name).subquery().c.id)))
        back = url_for("recommendations.index", **state.to_args(page=1))
    else:
        raw = request.args.getlist("ids")
        if len(raw) > MAX_ITEMS:
            abort(400, description=_("At most %(n)s recommendations at once; narrow the filters.", n=MAX_ITEMS))
        bad = [value[:20] for value in raw if parse_id(value) is None]
        if bad:
            abort(400, description=_("Not a recommendation id: %(values)s.", values=", ".join(bad)))
        ids = [parse_id(value) for value in raw]
        back = safe_next(request.args.get("back")) or url_for("recommendations.index")
    recommendations, missing = load_selected(session, ids)
    if missing:
        abort(404, description=_("These recommendations do not exist: %(ids)s.", ids=", ".join(map(str, missing))))
    return recommendations, back


@blueprint.get("/recommendations/bulk")
@require_role("advocate")
def start():
    """Review what is selected and choose the action."""
    recommendations, back = _selection_from_request()
    if not recommendations:
        flash(_("Select at least one recommendation (tick its box), or use “Select all matching”."), "error")
        return redirect(back)
    form = _form(data={"item": [f"{r.id}:{r.version}" for r in recommendations]})
    return render_template("bulk/page.html", form=form, selected=recommendations, back=back, conflicts=[])


@blueprint.post("/recommendations/bulk")
@require_role("advocate")
def apply():
    """Apply the action to every selected recommendation, or to none; name any conflict."""
    session = db.session()
    form = _form(formdata=request.form)
    back = safe_next(request.form.get("back")) or url_for("recommendations.index")
    valid = form.validate()
    selected, _missing = load_selected(session, list(form.versions))
    if not valid:
        return render_template("bulk/page.html", form=form, selected=selected, back=back, conflicts=[]), 422
    try:
        done = apply_bulk(session, signed_in_user(), form.to_input(session))
    except (BulkRefused, WorkflowRefused) as refused:
        if refused.status == 403:
            abort(403, description=refused.message)
        session.rollback()
        selected, _missing = load_selected(session, list(form.versions))
        conflicts = getattr(refused, "conflicts", [])
        if conflicts:
            # Show the current versions, so that a deliberate second try goes through.
            _refresh_items(form, selected)
        flash(refused.message, "error")
        return render_template(
            "bulk/page.html", form=form, selected=selected, back=back, conflicts=conflicts
        ), refused.status
    saved = len(done.recommendations) - len(done.unchanged)
    message = ngettext("Saved on %(num)s recommendation.", "Saved on %(num)s recommendations.", saved)
    if done.unchanged:
        message += " " + ngettext(
            "%(num)s already was as asked and was left unchanged.",
            "%(num)s already were as asked and were left unchanged.",
            len(done.unchanged),
        )
    flash(message, "success")
    return redirect(back)


def _refresh_items(form: BulkForm, recommendations) -> None:
    data = MultiDict([(f"item-{i}", f"{r.id}:{r.version}") for i, r in enumerate(recommendations)])
    form.item.process(data)
