"""Saved reports: saving a progress report as a numbered snapshot, the list of them, each one
(page, PDF, CSV), its executive summary, and the review exchange. Registered on the reports
blueprint (``tracker.reports.views``), so their endpoints are ``reports.*`` too."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tracker import db
from tracker.accounts.current import current_user, require_role, signed_in_user
from tracker.core.pagination import paginate, requested_page
from tracker.csvstream import csv_download as stream_csv
from tracker.i18n import current_language
from tracker.recommendations.filters import InvalidFilters, parse_list_args
from tracker.reports import queries
from tracker.reports.export import csv_download, pdf_download
from tracker.reports.forms import ResubmitForm, ReviewForm, SaveReportForm, SummaryForm, read_report_request
from tracker.reports.jobs import is_long, start_pdf_job
from tracker.reports.models import SavedReport
from tracker.reports.operations import (
    ReportRefused,
    can_resubmit,
    can_review,
    request_changes,
    resubmit_report,
    review_report,
    save_report,
    set_executive_summary,
)
from tracker.reports.period import Period
from tracker.reports.views import _choose_a_period_first, _render_progress, blueprint
from tracker.reports.wide import wide_csv

SAVED_PER_PAGE = 25


@blueprint.post("/saved")
@require_role("staff")
def save():
    """Save the report for the posted period and filters as a numbered snapshot."""
    session = db.session()
    report_request = read_report_request(session, request.form, SaveReportForm)
    if not report_request.submitted:
        return _choose_a_period_first()
    if not report_request.valid:
        flash(_("The report was not saved."), "error")
        return _render_progress(report_request, 400)
    try:
        report = save_report(session, signed_in_user(), *report_request.validated())
    except ReportRefused as refused:
        abort(403, description=refused.message)
    flash(_("Report #%(number)s saved. Another staff member can now review it.", number=report.number), "success")
    return redirect(url_for("reports.saved_show", report_id=report.id))


@blueprint.get("/saved")
@require_role("staff")
def saved_list():
    """Saved reports, newest first, with their state, author and reviewer."""
    reports = paginate(db.session(), queries.saved_reports_query(), requested_page(request.args), SAVED_PER_PAGE)
    return render_template("reports/saved_list.html", reports=reports)


def _saved_or_404(report_id: int) -> SavedReport:
    report = db.session().get(SavedReport, report_id)
    if report is None:
        abort(404, description=_("There is no saved report #%(number)s.", number=report_id))
    return report


def _render_saved(
    report: SavedReport,
    form: ReviewForm | None = None,
    status: int = 200,
    resubmit_form=None,
    summary_form: SummaryForm | None = None,
):
    user = current_user()
    if form is None and can_review(report, user):
        form = ReviewForm()
    if resubmit_form is None and can_resubmit(report, user):
        resubmit_form = ResubmitForm()
    if summary_form is None:
        summary_form = SummaryForm(data={"summary": report.executive_summary or ""})
    return render_template(
        "reports/saved_show.html",
        report=report,
        content=report.content,
        form=form,
        summary_form=summary_form,
        may_review=can_review(report, user),
        resubmit_form=resubmit_form,
    ), status


@blueprint.get("/saved/<int:report_id>")
@require_role("staff")
def saved_show(report_id: int):
    """A saved report exactly as it was saved, with its review (or the review form)."""
    return _render_saved(_saved_or_404(report_id))


def _saved_meta(report: SavedReport) -> dict:
    return {
        "number": report.number,
        "saved_by": report.created_by.name or report.created_by.email,
        "saved_at": report.created_at.isoformat(timespec="seconds"),
        "reviewed_by": (report.reviewed_by.name or report.reviewed_by.email) if report.reviewed_by else "",
        "reviewed_at": report.reviewed_at.isoformat(timespec="seconds") if report.reviewed_at else "",
        "review_comment": report.review_comment or "",
    }


@blueprint.get("/saved/<int:report_id>.pdf")
@require_role("staff")
def saved_pdf(report_id: int):
    """A saved report as a PDF."""
    report = _saved_or_404(report_id)
    if is_long(report.content):
        job = start_pdf_job(
            db.session(),
            signed_in_user(),
            filename=f"report-{report.number}.pdf",
            report_id=report.id,
            language=current_language(),
        )
        return redirect(url_for("jobs.show", job_id=job.id))
    return pdf_download(
        "reports/pdf.html",
        f"report-{report.number}.pdf",
        content=report.content,
        saved=report,
        author=report.created_by,
    )


@blueprint.get("/saved/<int:report_id>.csv")
@require_role("staff")
def saved_csv(report_id: int):
    """A saved report as a CSV, with its number, author and review in the "report" rows."""
    report = _saved_or_404(report_id)
    return csv_download(report.content, f"report-{report.number}.csv", meta=_saved_meta(report))


@blueprint.get("/saved/<int:report_id>.wide.csv")
@require_role("staff")
def saved_wide_csv(report_id: int):
    """The wide CSV (one row per recommendation) for a saved report's period and filters."""
    session = db.session()
    report = _saved_or_404(report_id)
    try:
        state = parse_list_args(
            session, MultiDict([(facet, slug) for facet, slugs in report.filters.items() for slug in slugs])
        )
    except InvalidFilters as error:  # an actor, theme or document of the filters was deleted since
        abort(409, description=" ".join(error.messages))
    return stream_csv(
        wide_csv(db.get_sessionmaker(), Period(report.period_start, report.period_end), state),
        f"report-{report.number}.wide.csv",
    )


@blueprint.post("/saved/<int:report_id>/summary")
@require_role("staff")
def summary(report_id: int):
    """Write the executive summary printed on the report's cover."""
    session = db.session()
    report = _saved_or_404(report_id)
    form = SummaryForm(formdata=request.form)
    if not form.validate():
        flash(_("The executive summary was not saved: please correct the field marked below."), "error")
        return _render_saved(report, summary_form=form, status=422)
    try:
        set_executive_summary(session, report, signed_in_user(), form.summary.data or "")
    except ReportRefused as refused:
        abort(403, description=refused.message)
    flash(_("Executive summary saved."), "success")
    return redirect(url_for("reports.saved_show", report_id=report.id))


@blueprint.post("/saved/<int:report_id>/review")
@require_role("staff")
def review(report_id: int):
    """Mark the report reviewed with a comment, or ("request_changes") ask its author to revise it."""
    session = db.session()
    report = _saved_or_404(report_id)
    form = ReviewForm(formdata=request.form)
    if not form.validate():
        return _render_saved(report, form, 422)
    asking = request.form.get("decision") == "request_changes"
    try:
        if asking:
            request_changes(session, report, signed_in_user(), form.comment.data.strip())
        else:
            review_report(session, report, signed_in_user(), form.comment.data.strip())
    except ReportRefused as refused:
        flash(refused.message, "error")
        return _render_saved(report, None, 409)
    if asking:
        flash(
            _(
                "Changes requested on report #%(number)s: its author sees your comment on My work.",
                number=report.number,
            ),
            "success",
        )
    else:
        flash(_("Report #%(number)s marked reviewed.", number=report.number), "success")
    return redirect(url_for("reports.saved_show", report_id=report.id))


@blueprint.post("/saved/<int:report_id>/resubmit")
@require_role("staff")
def resubmit(report_id: int):
    """The author revises the report (a new snapshot, same period and filters) and resubmits it."""
    session = db.session()
    report = _saved_or_404(report_id)
    form = ResubmitForm(formdata=request.form)
    if not form.validate():
        return _render_saved(report, resubmit_form=form, status=422)
    try:
        resubmit_report(session, report, signed_in_user(), form.comment.data.strip())
    except ReportRefused as refused:
        if report.created_by_id != signed_in_user().id:
            abort(403, description=refused.message)
        flash(refused.message, "error")  # the author, but no change was requested
        return _render_saved(report, None, 409)
    flash(_("Report #%(number)s revised and resubmitted for review.", number=report.number), "success")
    return redirect(url_for("reports.saved_show", report_id=report.id))
