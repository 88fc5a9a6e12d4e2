"""Curation pages of documents: edit the details, trim the text safely, retire, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.actors.picker import actor_choices, find_actor
from tracker.core.forms import no_nul_bytes
from tracker.dates import TypedDateField
from tracker.documents.models import DATE_PRECISIONS, DOCUMENT_KINDS, Document
from tracker.documents.operations import replace_text, retire_document, unretire_document, update_document
from tracker.recommendations.curation_forms import ReasonForm, VersionedForm, reason_field
from tracker.revisions.operations import CurationError, EditConflict, revisions_for
from tracker.revisions.views import describe_revisions

blueprint = Blueprint("document_curation", __name__)


class DocumentEditForm(VersionedForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("The title is required.")), Length(max=500), no_nul_bytes]
    )
    publisher = StringField(
        _l("Publisher"),
        description=_l("Leave empty when unknown."),
        validators=[Optional(), Length(max=300), no_nul_bytes],
    )
    kind = SelectField(_l("Kind"), choices=[(code, _l(label)) for code, label in DOCUMENT_KINDS.items()])
    language = StringField(
        _l("Language"),
        description=_l("A language code such as en or es."),
        validators=[DataRequired(_l("The language is required.")), Length(max=16), no_nul_bytes],
    )
    url = StringField(_l("Web address"), validators=[Optional(), Length(max=2000), no_nul_bytes])
    published_on = TypedDateField(
        _l("Publication date"),
        validators=[Optional()],
        description=_l("For “April 2022” enter any day of April 2022 and choose month precision."),
    )
    published_precision = SelectField(
        _l("Date precision"), choices=[(code, _l(label)) for code, label in DATE_PRECISIONS.items()]
    )
    date_note = StringField(_l("Date note"), validators=[Optional(), Length(max=300), no_nul_bytes])
    reason = reason_field()


class TextForm(VersionedForm):
    text = TextAreaField(
        _l("Text"),
        validators=[DataRequired(_l("The text cannot be empty.")), no_nul_bytes],
        description=_l(
            "Remove boilerplate before the first quote or after the last one. Nothing between quotes can change."
        ),
    )
    reason = reason_field()


def load(slug: str) -> Document:
    """The document, or a 404 page."""
    document = db.session().scalar(select(Document).where(Document.slug == slug))
    if document is None:
        abort(404, description=_("There is no document '%(slug)s'.", slug=slug[:80]))
    return document


def _conflict(form, document, template, **context):
    form.version.data = document.version
    flash(
        _(
            "Someone else changed this document while you were editing. Nothing was saved; what you typed is "
            "still in the form."
        ),
        "error",
    )
    return render_template(template, form=form, document=document, **context), 409


@blueprint.route("/documents/<slug>/edit", methods=["GET", "POST"])
@require_role("staff")
def edit(slug: str):
    """Edit title, publisher, kind, language, address and date (with its precision)."""
    document = load(slug)
    choices = actor_choices(db.session())
    if request.method == "GET":
        form = DocumentEditForm(
            data={
                "version": document.version,
                "title": document.title,
                "kind": document.kind,
                "publisher": f"{document.publisher.name} [{document.publisher.slug}]" if document.publisher else "",
                "language": document.language,
                "url": document.url,
                "published_on": document.published_on,
                "published_precision": document.published_precision,
                "date_note": document.date_note,
            }
        )
        return render_template("documents/edit.html", form=form, document=document, actor_choices=choices)
    form = DocumentEditForm(request.form)
    if form.validate():
        publisher = find_actor(db.session(), form.publisher.data) if form.publisher.data else None
        if form.publisher.data and publisher is None:
            form.publisher.errors.append(
                _("No actor is called “%(name)s”: choose one from the suggestions.", name=form.publisher.data[:100])
            )
        else:
            try:
                revision = update_document(
                    db.session(),
                    document,
                    user=current_user(),
                    reason=form.reason.data,
                    expected_version=form.version.data,
                    publisher=publisher,
                    title=form.title.data,
                    kind=form.kind.data,
                    language=form.language.data,
                    url=form.url.data or None,
                    published_on=form.published_on.data,
                    published_precision=form.published_precision.data,
                    date_note=form.date_note.data or None,
                )
                flash(_("Changes saved.") if revision else _("Nothing changed."), "success")
                return redirect(url_for("documents.show", slug=document.slug))
            except EditConflict:
                return _conflict(form, document, "documents/edit.html", actor_choices=choices)
            except CurationError as error:
                for name, message in error.errors.items():
                    getattr(form, name, form.reason).errors.append(message)
    return render_template("documents/edit.html", form=form, document=document, actor_choices=choices), 422


@blueprint.route("/documents/<slug>/text", methods=["GET", "POST"])
@require_role("staff")
def text(slug: str):
    """Trim the text: only what lies before the first quote or after the last may go."""
    document = load(slug)
    if request.method == "GET":
        form = TextForm(data={"version": document.version, "text": document.text})
        return render_template("documents/text.html", form=form, document=document)
    form = TextForm(request.form)
    if form.validate():
        try:
            revision = replace_text(
                db.session(),
                document,
                form.text.data,
                user=current_user(),
                reason=form.reason.data,
                expected_version=form.version.data,
            )
            flash(
                _("Text saved; every quote still points at its passage.") if revision else _("Nothing changed."),
                "success",
            )
            return redirect(url_for("documents.show", slug=document.slug))
        except EditConflict:
            return _conflict(form, document, "documents/text.html")
        except CurationError as error:
            for name, message in error.errors.items():
                getattr(form, name, form.reason).errors.append(message)
    return render_template("documents/text.html", form=form, document=document), 422


@blueprint.route("/documents/<slug>/retire", methods=["GET", "POST"])
@require_role("staff")
def retire(slug: str):
    """Retire the document with its recommendations, or bring them back."""
    document = load(slug)
    form = ReasonForm(request.form if request.method == "POST" else None, version=document.version)
    if request.method == "POST" and form.validate():
        try:
            if document.is_retired:
                unretire_document(
                    db.session(),
                    document,
                    user=current_user(),
                    reason=form.reason.data,
                    expected_version=form.version.data,
                )
                flash(_("The document and its recommendations are back."), "success")
            else:
                retire_document(
                    db.session(),
                    document,
                    user=current_user(),
                    reason=form.reason.data,
                    expected_version=form.version.data,
                )
                flash(_("The document and its recommendations are retired."), "success")
            return redirect(url_for("documents.show", slug=document.slug))
        except EditConflict:
            form.version.data = document.version
            flash(_("Someone else changed this document meanwhile; check it and confirm again."), "error")
        except CurationError as error:
            flash(str(error), "error")
    status = 422 if request.method == "POST" else 200
    return render_template("documents/retire.html", form=form, document=document), status


@blueprint.get("/documents/<slug>/history")
def history(slug: str):
    """Every change to the document's data, newest first."""
    document = load(slug)
    revisions = describe_revisions(revisions_for(db.session(), "document", document.id))
    return render_template(
        "revisions/page.html",
        title=document.title,
        revisions=revisions,
        back_url=url_for("documents.show", slug=document.slug),
    )
