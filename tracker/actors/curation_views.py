"""Curation pages of actors: create, edit (parent included), merge, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.actors.jobs import merge_in_background, start_merge
from tracker.actors.models import ACTOR_KINDS, Actor
from tracker.actors.operations import create_actor, merge_actors, redirect_for, update_actor
from tracker.actors.picker import actor_choices, find_actor
from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.recommendations.curation_forms import VersionedForm, reason_field
from tracker.revisions.operations import CurationError, EditConflict, revisions_for
from tracker.revisions.views import describe_revisions

blueprint = Blueprint("actor_curation", __name__)


class ActorFields:
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("The name is required.")), Length(max=200), no_nul_bytes]
    )
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=40), no_nul_bytes])
    aliases = TextAreaField(
        _l("Other names"),
        description=_l("One per line: names the documents use for it."),
        validators=[Optional(), Length(max=5000), no_nul_bytes],
    )
    kind = SelectField(_l("Kind"), choices=[(code, _l(label)) for code, label in ACTOR_KINDS.items()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000), no_nul_bytes])
    parent = StringField(
        _l("Part of"),
        description=_l("The body it belongs to (an agency's government, an official's agency). Leave empty for none."),
        validators=[Optional(), Length(max=300), no_nul_bytes],
    )


class ActorCreateForm(TrackerForm, ActorFields):
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000), no_nul_bytes])


class ActorEditForm(VersionedForm, ActorFields):
    reason = reason_field()


class ActorMergeForm(VersionedForm):
    into = StringField(
        _l("Merge into"),
        description=_l("The actor that stays. Every link moves there; this actor's address will lead there."),
        validators=[DataRequired(_l("Choose the actor that stays."))],
    )
    reason = reason_field()


def load(slug: str) -> Actor:
    """The actor, or a 404 page (old slugs of merged actors are redirected by ``show``)."""
    actor = db.session().scalar(select(Actor).where(Actor.slug == slug))
    if actor is None:
        abort(404, description=_("There is no actor '%(slug)s'.", slug=slug[:80]))
    return actor


def _values(form) -> dict:
    return {
        "name": form.name.data,
        "acronym": form.acronym.data or None,
        "kind": form.kind.data,
        "aliases": [line for line in (form.aliases.data or "").splitlines() if line.strip()],
        "description": form.description.data or None,
    }


def _parent(form, actor: Actor | None) -> tuple[bool, Actor | None]:
    text = (form.parent.data or "").strip()
    if not text:
        return True, None
    parent = find_actor(db.session(), text)
    if parent is None:
        form.parent.errors.append(_("No actor is called “%(name)s”: choose one from the suggestions.", name=text))
        return False, None
    return True, parent


def _render(template: str, status: int = 200, **context):
    return render_template(template, actor_choices=actor_choices(db.session()), **context), status


@blueprint.route("/actors/new", methods=["GET", "POST"])
@require_role("staff")
def new():
    """Create an actor."""
    form = ActorCreateForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        found, parent = _parent(form, None)
        if found:
            try:
                actor = create_actor(
                    db.session(), user=current_user(), reason=form.reason.data or "", parent=parent, **_values(form)
                )
                flash(_("Actor created."), "success")
                return redirect(url_for("actors.show", slug=actor.slug))
            except CurationError as error:
                _attach(form, error)
    return _render("actors/form.html", 422 if request.method == "POST" else 200, form=form, actor=None)


def _attach(form, error: CurationError) -> None:
    for name, message in error.errors.items():
        getattr(form, name, form.reason).errors.append(message)


@blueprint.route("/actors/<slug>/edit", methods=["GET", "POST"])
@require_role("staff")
def edit(slug: str):
    """Edit name, acronym, other names, kind, description and parent."""
    actor = load(slug)
    if request.method == "GET":
        form = ActorEditForm(
            data={
                "version": actor.version,
                "name": actor.name,
                "acronym": actor.acronym,
                "aliases": "\n".join(actor.aliases or []),
                "kind": actor.kind,
                "description": actor.description,
                "parent": f"{actor.parent.name} [{actor.parent.slug}]" if actor.parent else "",
            }
        )
        return _render("actors/form.html", form=form, actor=actor)
    form = ActorEditForm(request.form)
    if form.validate():
        found, parent = _parent(form, actor)
        if found:
            try:
                revision = update_actor(
                    db.session(),
                    actor,
                    user=current_user(),
                    reason=form.reason.data,
                    expected_version=form.version.data,
                    parent=parent,
                    **_values(form),
                )
                flash(_("Changes saved.") if revision else _("Nothing changed."), "success")
                return redirect(url_for("actors.show", slug=actor.slug))
            except EditConflict as conflict:
                form.version.data = actor.version
                flash(
                    _(
                        "Someone else changed this actor while you were editing. Nothing was saved; what you "
                        "typed is still in the form."
                    ),
                    "error",
                )
                return _render(
                    "actors/form.html", 409, form=form, actor=actor, conflict=describe_revisions(conflict.revisions)
                )
            except CurationError as error:
                _attach(form, error)
    return _render("actors/form.html", 422, form=form, actor=actor)


@blueprint.route("/actors/<slug>/merge", methods=["GET", "POST"])
@require_role("staff")
def merge(slug: str):
    """Merge this actor into another (the same real-world body)."""
    actor = load(slug)
    form = ActorMergeForm(request.form if request.method == "POST" else None, version=actor.version)
    if request.method == "POST" and form.validate():
        kept = find_actor(db.session(), form.into.data)
        if kept is None:
            form.into.errors.append(
                _("No actor is called “%(name)s”: choose one from the suggestions.", name=form.into.data[:100])
            )
        else:
            try:
                if merge_in_background(db.session(), actor):
                    job = start_merge(db.session(), actor, kept, user=current_user(), reason=form.reason.data)
                    return redirect(url_for("jobs.show", job_id=job.id))
                merge_actors(db.session(), actor, kept, user=current_user(), reason=form.reason.data)
                flash(
                    _("Merged: every link now points to %(name)s, and the old address leads there.", name=kept.name),
                    "success",
                )
                return redirect(url_for("actors.show", slug=kept.slug))
            except CurationError as error:
                form.into.errors.extend(error.errors.values())
    return _render("actors/merge.html", 422 if request.method == "POST" else 200, form=form, actor=actor)


@blueprint.get("/actors/<slug>/history")
def history(slug: str):
    """Every change to the actor's data, newest first."""
    actor = redirect_for(db.session(), slug)
    if actor is None:
        abort(404, description=_("There is no actor '%(slug)s'.", slug=slug[:80]))
    if actor.slug != slug:
        return redirect(url_for(".history", slug=actor.slug), 301)
    revisions = describe_revisions(revisions_for(db.session(), "actor", actor.id))
    return render_template(
        "revisions/page.html", title=actor.name, revisions=revisions, back_url=url_for("actors.show", slug=actor.slug)
    )
