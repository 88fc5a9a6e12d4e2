"""Curation pages of a recommendation: edit, history (and restore), retire, merge, split.

Thin adapters: load → check the role → validate the form → call the operation → flash →
redirect. A conflict (someone saved first) keeps what was typed and shows their changes.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.actors.picker import PickerRow, actor_choices, create_pending, initial_state, read_picker
from tracker.core.inputs import parse_int
from tracker.recommendations.curation_forms import (
    MergeForm,
    PassageNotFound,
    ReasonForm,
    RecommendationEditForm,
    RetireForm,
    locate_passage,
)
from tracker.recommendations.models import MAKER_ROLES, Recommendation
from tracker.recommendations.operations import (
    CurationError,
    EditConflict,
    Maker,
    restore_revision,
    retire_recommendation,
    unretire_recommendation,
    update_recommendation,
)
from tracker.recommendations.queries import get_recommendation
from tracker.recommendations.restructure import merge_recommendations
from tracker.revisions.operations import revisions_for
from tracker.revisions.views import describe_revisions
from tracker.themes.models import Theme

blueprint = Blueprint("curation", __name__)


def load(recommendation_id: int) -> Recommendation:
    """The recommendation or a 404 page."""
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    return recommendation


def _theme_choices(recommendation: Recommendation) -> list[tuple[str, str]]:
    current = {t.id for t in recommendation.themes}
    themes = db.session().scalars(select(Theme).order_by(Theme.name))
    return [(t.slug, _(t.name)) for t in themes if t.retired_at is None or t.id in current]


def _edit_form(recommendation: Recommendation, formdata=None) -> RecommendationEditForm:
    form = RecommendationEditForm(
        formdata=formdata,
        obj=None,
        data=None
        if formdata
        else {
            "version": recommendation.version,
            "summary": recommendation.summary,
            "summary_es": recommendation.summary_es or "",
            "priority": recommendation.priority,
            "quote": recommendation.quote,
            "quote_start": recommendation.quote_start,
            "quote_end": recommendation.quote_end,
            "themes": [t.slug for t in recommendation.themes],
        },
    )
    form.themes.choices = _theme_choices(recommendation)
    return form


def _render_edit(recommendation, form, makers, addressees, conflict=(), status=200):
    return render_template(
        "recommendations/edit.html",
        recommendation=recommendation,
        form=form,
        makers=makers,
        addressees=addressees,
        roles=MAKER_ROLES,
        conflict=list(conflict),
        actor_choices=actor_choices(db.session()),
        described_conflict=describe_revisions(list(conflict)),
    ), status


@blueprint.get("/recommendations/<int:recommendation_id>/edit")
@require_role("staff")
def edit(recommendation_id: int):
    """The edit form: summaries, priority, quote, makers, addressees, themes."""
    recommendation = load(recommendation_id)
    makers = initial_state("makers", [PickerRow(link.actor, link.role) for link in recommendation.maker_links], True)
    addressees = initial_state("addressees", [PickerRow(a) for a in recommendation.addressees])
    return _render_edit(recommendation, _edit_form(recommendation), makers, addressees)


@blueprint.post("/recommendations/<int:recommendation_id>/edit")
@require_role("staff")
def save(recommendation_id: int):
    """Validate and save an edit; a conflict keeps the input and shows what changed."""
    session = db.session()
    recommendation = load(recommendation_id)
    form = _edit_form(recommendation, request.form)
    makers = read_picker(session, request.form, "makers", True)
    addressees = read_picker(session, request.form, "addressees", False)
    valid = form.validate() and not makers.error and not addressees.error
    span = None
    if valid:
        try:
            span = locate_passage(
                recommendation.document.text,
                form.quote.data,
                recommendation.quote_start,
                form.quote_start.data,
                form.quote_end.data,
            )
        except PassageNotFound as error:
            form.quote.errors.append(str(error))
            valid = False
    if not valid or span is None:
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
        return _render_edit(recommendation, form, makers, addressees, status=422)
    reason = form.reason.data
    create_pending(session, makers, current_user(), reason)
    create_pending(session, addressees, current_user(), reason)
    themes = list(session.scalars(select(Theme).where(Theme.slug.in_(form.themes.data or []))))
    try:
        revision = update_recommendation(
            session,
            recommendation,
            user=current_user(),
            reason=reason,
            expected_version=form.version.data,
            summary=form.summary.data,
            summary_es=form.summary_es.data or None,
            priority=form.priority.data,
            quote_start=span[0],
            quote_end=span[1],
            themes=themes,
            makers=[Maker(row.known, row.role) for row in makers.chosen],
            addressees=[row.known for row in addressees.chosen],
        )
    except EditConflict as conflict:
        session.rollback()
        recommendation = load(recommendation_id)
        form.version.data = recommendation.version
        flash(
            _(
                "Someone else changed this recommendation while you were editing. Nothing was saved. Review "
                "their changes below; what you typed is still in the form."
            ),
            "error",
        )
        return _render_edit(recommendation, form, makers, addressees, conflict.revisions, status=409)
    except CurationError as error:
        session.rollback()
        recommendation = load(recommendation_id)
        pickers = {"makers": makers, "addressees": addressees}
        for name, message in error.errors.items():
            if name in pickers:
                pickers[name].error = message
                continue
            target = form.quote if name in ("quote_start", "quote_end", "quote") else getattr(form, name, None)
            (target if target is not None and hasattr(target, "errors") else form.reason).errors.append(message)
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
        return _render_edit(recommendation, form, makers, addressees, status=422)
    flash(_("Changes saved.") if revision else _("Nothing changed."), "success")
    return redirect(url_for("recommendations.show", recommendation_id=recommendation_id))


@blueprint.get("/recommendations/<int:recommendation_id>/history")
def history(recommendation_id: int):
    """Every revision of the recommendation's data, newest first, as readable diffs."""
    recommendation = load(recommendation_id)
    revisions = revisions_for(db.session(), "recommendation", recommendation.id)
    return render_template(
        "recommendations/history.html",
        recommendation=recommendation,
        revisions=describe_revisions(revisions),
        form=ReasonForm(version=recommendation.version),
    )


@blueprint.post("/recommendations/<int:recommendation_id>/revisions/<int:revision_id>/restore")
@require_role("staff")
def restore(recommendation_id: int, revision_id: int):
    """Restore the data as it was before a revision (``mode=after``: just after it)."""
    recommendation = load(recommendation_id)
    form = ReasonForm(request.form)
    if not form.validate():
        flash(
            _(
                "Nothing was restored: %(problem)s",
                problem=" ".join(str(message) for errors in form.errors.values() for message in errors),
            ),
            "error",
        )
        return redirect(url_for(".history", recommendation_id=recommendation_id))
    try:
        revision = restore_revision(
            db.session(),
            recommendation,
            revision_id,
            user=current_user(),
            reason=form.reason.data,
            expected_version=form.version.data,
            before=request.form.get("mode") != "after",
        )
    except EditConflict:
        flash(
            _(
                "Someone else changed this recommendation since you opened the history. Nothing was restored; "
                "check the newest revisions and try again."
            ),
            "error",
        )
        return redirect(url_for(".history", recommendation_id=recommendation_id)), 303
    except CurationError as error:
        flash(_("Nothing was restored: %(problem)s", problem=str(error)), "error")
        return redirect(url_for(".history", recommendation_id=recommendation_id))
    flash(
        _("Earlier version restored.") if revision else _("That version is the current one: nothing changed."),
        "success",
    )
    return redirect(url_for(".history", recommendation_id=recommendation_id))


@blueprint.route("/recommendations/<int:recommendation_id>/retire", methods=["GET", "POST"])
@require_role("staff")
def retire(recommendation_id: int):
    """Retire (with a reason) or, when retired, bring back."""
    recommendation = load(recommendation_id)
    form = (ReasonForm if recommendation.is_retired else RetireForm)(version=recommendation.version)
    if request.method == "POST":
        form = (ReasonForm if recommendation.is_retired else RetireForm)(request.form)
        if form.validate():
            try:
                if recommendation.is_retired:
                    unretire_recommendation(
                        db.session(),
                        recommendation,
                        user=current_user(),
                        reason=form.reason.data,
                        expected_version=form.version.data,
                    )
                    flash(_("The recommendation is back in lists and counts."), "success")
                else:
                    retire_recommendation(
                        db.session(),
                        recommendation,
                        user=current_user(),
                        reason_code=form.reason_code.data,
                        note=form.note.data or "",
                        expected_version=form.version.data,
                    )
                    flash(
                        _("The recommendation is retired: it no longer appears in lists, counts and reports."),
                        "success",
                    )
                return redirect(url_for("recommendations.show", recommendation_id=recommendation_id))
            except EditConflict:
                form.version.data = recommendation.version
                flash(_("Someone else changed this recommendation meanwhile; check it and confirm again."), "error")
            except CurationError as error:
                flash(str(error), "error")
        return render_template("recommendations/retire.html", recommendation=recommendation, form=form), 422
    return render_template("recommendations/retire.html", recommendation=recommendation, form=form)


@blueprint.route("/recommendations/<int:recommendation_id>/merge", methods=["GET", "POST"])
@require_role("staff")
def merge(recommendation_id: int):
    """Merge this recommendation (a duplicate) into another that is kept."""
    session = db.session()
    recommendation = load(recommendation_id)
    form = MergeForm(
        request.form if request.method == "POST" else None,
        version=recommendation.version,
        into=request.args.get("into", ""),
    )
    if request.method == "POST" and form.validate():
        try:
            kept = get_recommendation(session, form.into_id())
            if kept is None:
                raise CurationError({"into": _("There is no recommendation %(id)s.", id=form.into_id())})
            merge_recommendations(
                session,
                recommendation,
                kept,
                user=current_user(),
                reason=form.reason.data,
                expected_version=form.version.data,
            )
            flash(_("Merged: #%(old)s now leads here.", old=recommendation_id), "success")
            return redirect(url_for("recommendations.show", recommendation_id=kept.id))
        except EditConflict:
            form.version.data = recommendation.version
            flash(_("Someone else changed this recommendation meanwhile; check it and confirm again."), "error")
        except (CurationError, ValueError) as error:
            messages = error.errors.values() if isinstance(error, CurationError) else [str(error)]
            form.into.errors = list(form.into.errors) + list(messages)
    from tracker.intake.related import related_to

    status = 422 if request.method == "POST" else 200
    return render_template(
        "recommendations/merge.html",
        recommendation=recommendation,
        form=form,
        related=related_to(session, recommendation.id),
    ), status


MAX_SPLIT_PARTS = 20


def _split_parts(recommendation: Recommendation, count: int, formdata=None) -> list[dict]:
    """The parts as typed (or, at first, the quote cut into ``count`` empty parts)."""
    if formdata is None:
        return [{"summary": "", "passage": recommendation.quote if i == 0 else "", "error": None} for i in range(count)]
    return [
        {
            "summary": (formdata.get(f"parts-{i}-summary") or "").strip(),
            "passage": (formdata.get(f"parts-{i}-passage") or "").replace("\r\n", "\n").strip(),
            "error": None,
        }
        for i in range(count)
    ]


@blueprint.route("/recommendations/<int:recommendation_id>/split", methods=["GET", "POST"])
@require_role("staff")
def split(recommendation_id: int):
    """Split into two or more recommendations, each with its own passage of the quote."""
    from tracker.recommendations.restructure import Part, split_recommendation

    recommendation = load(recommendation_id)
    raw_count = request.values.get("parts", "2")
    count = min(max(parse_int(raw_count) or 2, 2), MAX_SPLIT_PARTS)
    form = ReasonForm(request.form if request.method == "POST" else None, version=recommendation.version)
    parts = _split_parts(recommendation, count, request.form if request.method == "POST" else None)
    if request.method == "POST":
        valid = form.validate()
        spans = []
        for part in parts:
            try:
                offset = recommendation.quote.index(part["passage"]) if part["passage"] else -1
            except ValueError:
                offset = -1
            if not part["summary"]:
                part["error"] = _("Write a summary for this part.")
            elif offset < 0:
                part["error"] = _("This passage is not part of the quote: copy it from the quote above.")
            spans.append(recommendation.quote_start + offset)
            valid = valid and part["error"] is None
        if valid:
            try:
                results = split_recommendation(
                    db.session(),
                    recommendation,
                    [
                        Part(p["summary"], start, start + len(p["passage"]))
                        for p, start in zip(parts, spans, strict=True)
                    ],
                    user=current_user(),
                    reason=form.reason.data,
                    expected_version=form.version.data,
                )
                flash(
                    _(
                        "Split into %(n)s recommendations: %(ids)s.",
                        n=len(results),
                        ids=", ".join(f"#{r.id}" for r in results),
                    ),
                    "success",
                )
                return redirect(url_for("recommendations.show", recommendation_id=recommendation_id))
            except EditConflict:
                form.version.data = recommendation.version
                flash(_("Someone else changed this recommendation meanwhile; check it and confirm again."), "error")
            except CurationError as error:
                flash(str(error), "error")
        else:
            flash(_("Nothing was saved: please correct the fields marked below."), "error")
    status = 422 if request.method == "POST" else 200
    return render_template(
        "recommendations/split.html",
        recommendation=recommendation,
        form=form,
        parts=parts,
        count=count,
        max_parts=MAX_SPLIT_PARTS,
    ), status
