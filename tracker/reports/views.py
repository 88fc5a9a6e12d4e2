"""Reports pages: the dashboard, a progress report (page, PDF, CSV), saved reports and reviews.

Every view needs the staff role (admins included). Views stay thin: read and validate
the request, call a query or an operation, render or redirect.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.actors.picker import actor_choices
from tracker.csvstream import csv_download as stream_csv
from tracker.i18n import current_language
from tracker.recommendations.actor_filters import picker_filters
from tracker.reports import queries
from tracker.reports.computation import compute_report
from tracker.reports.document_filter import SEARCH_FIELD, DocumentFilter, read_document_filter
from tracker.reports.export import csv_download, pdf_download
from tracker.reports.forms import read_report_request
from tracker.reports.jobs import is_long, start_pdf_job, surely_long
from tracker.reports.period import SHORTCUTS, since
from tracker.reports.wide import wide_csv
from tracker.responses.queries import response_status_counts

blueprint = Blueprint("reports", __name__, url_prefix="/reports")
# The progress page lists the first changes and items without an update; the totals are
# complete, and the PDF, the CSV and a saved report hold the longer lists.
PAGE_LIST_LIMIT = 100


@blueprint.app_template_filter("report_date")
def report_date(value: str | None) -> str:
    """An ISO date from a report's content, written out for people."""
    return format_date(date.fromisoformat(value[:10]), "long") if value else ""


def shortcut_links(filters: dict) -> list[tuple[str, str]]:
    """(label, URL) for last month, last and this quarter, last and this year, keeping the chosen filters."""
    labels = {
        "last_month": _("Last month"),
        "last_quarter": _("Last quarter"),
        "this_quarter_so_far": _("This quarter so far"),
        "last_year": _("Last year"),
        "this_year_so_far": _("This year so far"),
    }
    links = []
    for key, make in SHORTCUTS.items():
        period = make(date.today())
        arguments: dict[str, Any] = {"from": period.start.isoformat(), "to": period.end.isoformat(), **filters}
        links.append((labels[key], url_for("reports.progress", **arguments)))
    return links


def _filters_of(formdata) -> dict:
    return {
        facet: formdata.getlist(facet)
        for facet in ("addressee", "maker", "theme", "document")
        if any(formdata.getlist(facet))
    }


@blueprint.get("")
@require_role("staff")
def dashboard():
    """Status distribution overall and by addressee, maker and theme; recent and stale items."""
    session = db.session()
    overall = queries.overall_distribution(session)
    sections = []
    for key, title, (rows, total) in (
        ("addressee", _("By addressee"), queries.distribution_by_actor(session, "addressee")),
        ("maker", _("By maker"), queries.distribution_by_actor(session, "maker")),
        ("theme", _("By theme"), queries.distribution_by_theme(session)),
    ):
        sections.append({"key": key, "title": title, "rows": rows, "total": total})
    stale_days = current_app.config["STALE_AFTER_DAYS"]
    stale, stale_total = queries.stale_recommendations(session, stale_days)
    last = queries.last_saved_report(session)
    since_url = None
    if last is not None:
        period = since(last.period_end, date.today())
        arguments: dict[str, Any] = {"from": period.start.isoformat(), "to": period.end.isoformat(), **last.filters}
        since_url = url_for("reports.progress", **arguments)
    government = response_status_counts(session)
    return render_template(
        "reports/dashboard.html",
        overall=overall,
        government=government,
        sections=sections,
        recent=queries.recent_changes(session),
        stale=stale,
        stale_total=stale_total,
        stale_days=stale_days,
        last=last,
        since_url=since_url,
        shortcuts=shortcut_links({}),
    )


def _render_progress(
    report_request, status: int = 200, pickers: dict | None = None, documents: DocumentFilter | None = None
):
    formdata = request.args if request.method == "GET" else request.form
    if documents is None:
        documents = read_document_filter(db.session(), MultiDict({"document": formdata.getlist("document")}))
    content = None
    if report_request.valid and not documents.choosing:
        content = compute_report(db.session(), report_request.period, report_request.state, list_limit=PAGE_LIST_LIMIT)
    form = report_request.form
    filters = _filters_of(formdata)
    if pickers is None:
        pickers, _chosen = picker_filters(db.session(), MultiDict(), filters)
    return render_template(
        "reports/progress.html",
        form=form,
        report_request=report_request,
        content=content,
        shortcuts=shortcut_links(filters),
        pickers=pickers,
        actor_choices=actor_choices(db.session()),
        query_args=dict(request.args if request.method == "GET" else request.form.to_dict(flat=False)),
        filters=filters,
        documents=documents,
        document_choices=_document_choices(documents),
    ), status


@blueprint.get("/progress")
@require_role("staff")
def progress():
    """A progress report for a period (from/to) and optional filters, as a printable page.

    Makers and addressees are chosen with the actor picker: a submitted picker is turned
    into the report's own address (``addressee=slug``...), or explained on the page."""
    session = db.session()
    pickers, chosen = picker_filters(session, request.args, _filters_of(request.args))
    documents = read_document_filter(session, request.args)
    if chosen is not None or documents.found:
        arguments = _report_arguments(chosen, documents.found)
        if documents.text and not documents.found:  # answered on the report's own address
            arguments[SEARCH_FIELD] = documents.text
        return redirect(url_for("reports.progress", **arguments), 303)
    report_request = read_report_request(session, request.args)
    if any(picker.error for picker in pickers.values()):
        report_request.errors.extend(picker.error for picker in pickers.values() if picker.error)
    if documents.error:
        report_request.form.document.errors = [documents.error]
        report_request.errors.append(f"{report_request.form.document.label.text}: {documents.error}")
    return _render_progress(report_request, 400 if report_request.errors else 200, pickers, documents)


def _report_arguments(chosen_actors: dict | None, document: str | None = None) -> dict[str, Any]:
    """The report's own arguments from the submitted form: the chosen actors (when the
    pickers were submitted) and one more document (when one was typed)."""
    names = ("from", "to", "theme", "document") + (() if chosen_actors is not None else ("addressee", "maker"))
    arguments: dict[str, Any] = {name: request.args.getlist(name) for name in names if any(request.args.getlist(name))}
    arguments.update({k: list(v) for k, v in (chosen_actors or {}).items() if v})
    if document is not None:
        arguments["document"] = list(dict.fromkeys([*arguments.get("document", []), document]))
    return arguments


def _document_choices(documents: DocumentFilter) -> list[tuple[str, str]]:
    """(title, report URL) for each document of several that match what was typed."""
    if not documents.choosing:
        return []
    return [(title, url_for("reports.progress", **_report_arguments(None, slug))) for slug, title in documents.matches]


def _choose_a_period_first():
    # Nothing was asked yet (no dates): send people to the form rather than answer an error.
    flash(_("Choose the period of the report first: give its first and last day."), "info")
    return redirect(url_for("reports.progress"))


def _valid_request_or_page():
    report_request = read_report_request(db.session(), request.args)
    if not report_request.submitted:
        return None, _choose_a_period_first()
    if not report_request.valid:
        return None, _render_progress(report_request, 400)
    return report_request, None


def _download_name(report_request, extension: str) -> str:
    period = report_request.period
    return f"progress-report-{period.start.isoformat()}-to-{period.end.isoformat()}.{extension}"


@blueprint.get("/progress.pdf")
@require_role("staff")
def progress_pdf():
    """The progress report as a PDF download."""
    report_request, page = _valid_request_or_page()
    if page is not None:
        return page
    content = None
    if not surely_long(db.session(), report_request.state):
        content = compute_report(db.session(), report_request.period, report_request.state)
    if content is None or is_long(content):  # more than a few pages: printed by a worker (tracker/reports/jobs.py)
        job = start_pdf_job(
            db.session(),
            signed_in_user(),
            filename=_download_name(report_request, "pdf"),
            args=request.args.to_dict(flat=False),
            language=current_language(),
        )
        return redirect(url_for("jobs.show", job_id=job.id))
    return pdf_download(
        "reports/pdf.html", _download_name(report_request, "pdf"), content=content, saved=None, author=signed_in_user()
    )


@blueprint.get("/progress.csv")
@require_role("staff")
def progress_csv():
    """The progress report as a CSV download (one value per row; see the README)."""
    report_request, page = _valid_request_or_page()
    if page is not None:
        return page
    content = compute_report(db.session(), report_request.period, report_request.state)
    return csv_download(content, _download_name(report_request, "csv"))


@blueprint.get("/progress.wide.csv")
@require_role("staff")
def progress_wide_csv():
    """One row per recommendation in scope: status at the start, at the end, and the move."""
    report_request, page = _valid_request_or_page()
    if page is not None:
        return page
    return stream_csv(
        wide_csv(db.get_sessionmaker(), report_request.period, report_request.state),
        _download_name(report_request, "wide.csv"),
    )
