"""Intake pages: add a document, review its candidates, decide on related pairs."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker import db
from tracker.accounts.current import current_user, require_role, signed_in_user
from tracker.actors.models import Actor
from tracker.actors.picker import actor_choices
from tracker.core.inputs import parse_id
from tracker.documents.models import Document
from tracker.intake.forms import CandidateForm, ConfirmForm, DocumentForm, QuoteForm, SplitForm
from tracker.intake.jobs import form_data, start_parse, upload_folder
from tracker.intake.models import SOURCE_KINDS, IntakeCandidate, IntakeSubmission, RelatedRecommendation
from tracker.intake.operations import (
    DocumentInput,
    IntakeError,
    KeyTaken,
    accept_candidate,
    add_document,
    lock_document,
    merge_candidate,
    pending_counts,
    propose_candidates,
    reject_candidate,
    require_pending,
)
from tracker.intake.pickers import as_proposals, known_actors, proposed_pickers, ready_to_accept, submitted_pickers
from tracker.intake.related import decide_pair
from tracker.intake.review import requote_candidate, split_candidate
from tracker.jobs.models import Job
from tracker.recommendations.models import MAKER_ROLES, Recommendation
from tracker.revisions.operations import CurationError
from tracker.themes.models import Theme

blueprint = Blueprint("intake", __name__, url_prefix="/intake")


@blueprint.get("/")
@require_role("advocate")
def index():
    """Documents added through intake, with how many candidates await review."""
    session = db.session()
    submissions = session.scalars(select(IntakeSubmission).order_by(IntakeSubmission.created_at.desc())).all()
    return render_template(
        "intake/index.html", submissions=submissions, pending=pending_counts(session), SOURCE_KINDS=SOURCE_KINDS
    )


@blueprint.route("/new", methods=["GET", "POST"])
@require_role("advocate")
def new():
    """Paste or upload a document; on success its candidates are proposed for review.

    An uploaded PDF or HTML file is read by a worker: the page of its job follows the
    reading and links to the review (or says why the file could not be read).
    ``?again=<job id>`` fills the form in as it was sent for that job, to try again.
    """
    session = db.session()
    publishers = session.scalars(
        select(Actor).where(Actor.kind.in_(("organisation", "coalition"))).order_by(Actor.name)
    ).all()
    if request.method == "GET":
        earlier = _earlier_parse(request.args.get("again"))
        form = DocumentForm(publishers=publishers, data=form_data(earlier) if earlier else None)
        return render_template("intake/new.html", form=form, again=earlier)
    form = DocumentForm(publishers=publishers)
    if not form.validate():
        return render_template("intake/new.html", form=form), 422
    data = DocumentInput(
        title=form.title.data.strip(),
        text=form.document_text or "",
        language=form.language.data,
        kind=form.kind.data,
        publisher_id=int(form.publisher.data) if form.publisher.data else None,
        new_publisher=(form.new_publisher.data or "").strip() or None,
        published_on=form.published_on.data,
        url=(form.url.data or "").strip() or None,
        source_kind=form.source_kind,
        original_filename=form.upload_name,
        upload=form.upload_bytes,
    )
    if form.read_in_background:
        job = start_parse(session, data, current_user())
        return redirect(url_for("jobs.show", job_id=job.id))
    document, candidates = add_document(session, data, current_user(), upload_folder())
    if candidates:
        flash(_("Document added. %(n)s candidate recommendations await your review.", n=len(candidates)), "success")
    else:
        flash(_("Document added. No calls to action were found in its text."), "info")
    return redirect(url_for("intake.review", document_id=document.id))


def _earlier_parse(value: str | None) -> Job | None:
    """The signed-in user's own intake job with this id, if any (to fill the form in again)."""
    job_id = parse_id(value)
    job = db.session().get(Job, job_id) if job_id else None
    if job is None or job.kind != "intake_parse" or job.created_by_id != signed_in_user().id:
        return None
    return job


def _document_or_404(document_id: int) -> Document:
    document = db.session().get(Document, document_id)
    if document is None:
        abort(404, description=_("There is no document %(id)s.", id=document_id))
    return document


def _candidate_form(candidate: IntakeCandidate, formdata=None) -> CandidateForm:
    session = db.session()
    form = CandidateForm(
        formdata=formdata,
        candidate=candidate,
        themes=session.scalars(select(Theme).order_by(Theme.name)).all(),
        recommendations=session.scalars(select(Recommendation).order_by(Recommendation.id)).all(),
        data=None if formdata else CandidateForm.defaults(candidate),
    )
    return form


@blueprint.get("/documents/<int:document_id>")
@require_role("advocate")
def review(document_id: int, invalid: tuple[int, CandidateForm, dict] | None = None):
    """The review queue of one document: every pending candidate with its form."""
    session = db.session()
    document = _document_or_404(document_id)
    candidates = session.scalars(
        select(IntakeCandidate).where(IntakeCandidate.document_id == document.id).order_by(IntakeCandidate.quote_start)
    ).all()
    pending = [c for c in candidates if c.status == "pending"]
    forms = {c.id: (invalid[1] if invalid and invalid[0] == c.id else _candidate_form(c)) for c in pending}
    known = known_actors(session, pending)
    pickers = {c.id: (invalid[2] if invalid and invalid[0] == c.id else proposed_pickers(c, known)) for c in pending}
    themes = {t.slug: t.name for t in session.scalars(select(Theme))}
    return render_template(
        "intake/review.html",
        document=document,
        pending=pending,
        forms=forms,
        pickers=pickers,
        actor_choices=actor_choices(session) if pending else [],
        MAKER_ROLES=MAKER_ROLES,
        theme_names=themes,
        quote_form=QuoteForm,
        split_form=SplitForm,
        decided=[c for c in candidates if c.status != "pending"],
        bulk_form=ConfirmForm(),
    )


@blueprint.post("/candidates/<int:candidate_id>")
@require_role("advocate")
def decide(candidate_id: int):
    """Accept (with edits), merge or reject one candidate."""
    session = db.session()
    candidate = session.get(IntakeCandidate, candidate_id)
    if candidate is None:
        abort(404, description=_("There is no candidate %(id)s.", id=candidate_id))
    form = _candidate_form(candidate, formdata=request.form)
    pickers = submitted_pickers(session, candidate, request.form)
    valid = form.validate()
    if form.action.data == "accept":
        valid = ready_to_accept(pickers) and valid
    if not valid:
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
        return review(candidate.document_id, invalid=(candidate.id, form, pickers)), 422
    try:
        if form.action.data == "accept":
            user = current_user()
            # Under the document's lock and still pending before any new actor is created.
            require_pending(session, candidate)
            recommendation = accept_candidate(
                session,
                candidate,
                user,
                summary=form.summary.data,
                themes=form.themes.data,
                makers=as_proposals(session, pickers["makers"], user),
                addressees=as_proposals(session, pickers["addressees"], user),
            )
            flash(_("Accepted as recommendation #%(id)s.", id=recommendation.id), "success")
        elif form.action.data == "merge":
            merge_candidate(
                session, candidate, session.get_one(Recommendation, int(form.merge_into.data)), current_user()
            )
            flash(_("Merged into recommendation #%(id)s.", id=form.merge_into.data), "success")
        else:
            reject_candidate(session, candidate, current_user())
            flash(_("Candidate rejected. It will not be proposed again."), "success")
    except KeyTaken:
        session.rollback()  # nor the actors created for it
        flash(_("Nothing was saved: a recommendation was created at the same moment. Please try again."), "error")
    except IntakeError:
        session.rollback()  # nor the actors created for it
        flash(_("This candidate was already decided."), "error")
    return redirect(url_for("intake.review", document_id=candidate.document_id, _anchor="queue"))


@blueprint.post("/documents/<int:document_id>/bulk")
@require_role("advocate")
def bulk(document_id: int):
    """Accept or reject the selected candidates as proposed."""
    document = _document_or_404(document_id)
    session = db.session()
    form = ConfirmForm()
    action = request.form.get("action")
    # Decisions on this document wait for any other in progress (see lock_document).
    lock_document(session, document.id)
    ids = [parse_id(v) for v in request.form.getlist("candidate") if parse_id(v)]
    pending = (
        select(IntakeCandidate)
        .where(IntakeCandidate.document_id == document.id, IntakeCandidate.status == "pending")
        .order_by(IntakeCandidate.quote_start)
    )
    if action == "accept_all":
        # Everything still unreviewed, as proposed, in one click.
        candidates, action = session.scalars(pending).all(), "accept"
    else:
        candidates = session.scalars(pending.where(IntakeCandidate.id.in_(ids))).all() if ids else []
    if not form.validate() or action not in ("accept", "reject") or not candidates:
        flash(_("Select at least one candidate, then choose “Accept selected” or “Reject selected”."), "error")
        return redirect(url_for("intake.review", document_id=document.id, _anchor="queue"))
    try:
        for candidate in candidates:
            if action == "accept":
                accept_candidate(session, candidate, current_user())
            else:
                reject_candidate(session, candidate, current_user())
    except IntakeError:
        # Only a key taken outside intake can get here (the document is locked): keep nothing.
        session.rollback()
        flash(_("Nothing was saved: a recommendation was created at the same moment. Please try again."), "error")
        return redirect(url_for("intake.review", document_id=document.id, _anchor="queue"))
    except CurationError as error:
        # A candidate proposed without a maker or addressee cannot be accepted as proposed.
        session.rollback()
        flash(
            _(
                "Nothing was saved: candidate #%(id)s cannot be accepted as proposed (%(reason)s). "
                "Complete it in its own form.",
                id=candidate.id,
                reason=str(error),
            ),
            "error",
        )
        return redirect(url_for("intake.review", document_id=document.id, _anchor="queue"))
    message = (
        _("%(n)s candidates accepted.", n=len(candidates))
        if action == "accept"
        else _("%(n)s candidates rejected.", n=len(candidates))
    )
    flash(message, "success")
    return redirect(url_for("intake.review", document_id=document.id, _anchor="queue"))


def _pending_candidate_or_404(candidate_id: int) -> IntakeCandidate:
    candidate = db.session().get(IntakeCandidate, candidate_id)
    if candidate is None:
        abort(404, description=_("There is no candidate %(id)s.", id=candidate_id))
    return candidate


REVIEW_MESSAGES = {
    "The quote must be copied from the document's text, word for word.": _l(
        "The quote must be copied from the document’s text, word for word."
    ),
    "The new quote overlaps another candidate or recommendation of this document.": _l(
        "The new quote overlaps another candidate or recommendation of this document."
    ),
    "Those words are not in the quote (after its first word).": _l(
        "Those words are not in the quote (after its first word)."
    ),
    "Type the words the second ask starts with.": _l("Type the words the second ask starts with."),
}


def _review_error(error: IntakeError) -> None:
    flash(REVIEW_MESSAGES.get(str(error), _("This candidate was already decided.")), "error")


@blueprint.post("/candidates/<int:candidate_id>/quote")
@require_role("advocate")
def requote(candidate_id: int):
    """Widen or narrow a candidate's quote (the new one must be word for word from the text)."""
    candidate = _pending_candidate_or_404(candidate_id)
    form = QuoteForm()
    anchor = f"candidate-{candidate.id}"
    if not form.validate():
        flash(
            _(
                "The quote was not changed: %(reason)s",
                reason=" ".join(str(e) for errors in form.errors.values() for e in errors),
            ),
            "error",
        )
    else:
        try:
            requote_candidate(db.session(), candidate, form.quote.data, current_user())
            flash(_("Quote changed."), "success")
        except IntakeError as error:
            _review_error(error)
    return redirect(url_for("intake.review", document_id=candidate.document_id, _anchor=anchor))


@blueprint.post("/candidates/<int:candidate_id>/split")
@require_role("advocate")
def split(candidate_id: int):
    """Split a candidate in two where the words typed begin."""
    candidate = _pending_candidate_or_404(candidate_id)
    form = SplitForm()
    anchor = f"candidate-{candidate.id}"
    if not form.validate():
        flash(
            _(
                "The candidate was not split: %(reason)s",
                reason=" ".join(str(e) for errors in form.errors.values() for e in errors),
            ),
            "error",
        )
    else:
        try:
            split_candidate(db.session(), candidate, form.second.data, current_user())
            flash(_("Candidate split in two."), "success")
        except IntakeError as error:
            _review_error(error)
    return redirect(url_for("intake.review", document_id=candidate.document_id, _anchor=anchor))


@blueprint.post("/documents/<int:document_id>/reprocess")
@require_role("advocate")
def reprocess(document_id: int):
    """Look for asks again; anything already accepted, merged or rejected is not proposed again."""
    document = _document_or_404(document_id)
    created = propose_candidates(db.session(), document)
    flash(_("%(n)s new candidates proposed.", n=len(created)), "success" if created else "info")
    return redirect(url_for("intake.review", document_id=document.id))


@blueprint.post("/related/<int:pair_id>")
@require_role("advocate")
def decide_related(pair_id: int):
    """Confirm or dismiss a suggested pair of related recommendations."""
    session = db.session()
    pair = session.get(RelatedRecommendation, pair_id)
    if pair is None:
        abort(404, description=_("There is no such pair."))
    decision = {"confirm": "confirmed", "dismiss": "dismissed"}.get(request.form.get("decision", ""))
    back = parse_id(request.form.get("from")) or pair.first_id
    if decision is None:
        flash(_("Choose to confirm or dismiss the link."), "error")
    else:
        decide_pair(session, pair, decision, current_user())
        flash(_("Link confirmed.") if decision == "confirmed" else _("Link dismissed."), "success")
    return redirect(url_for("recommendations.show", recommendation_id=back, _anchor="related"))
