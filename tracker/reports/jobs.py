"""Report PDFs of more than a few pages are printed by a worker, not inside the request.

A report with more than ``REPORT_PDF_BACKGROUND_ROWS`` rows (status changes, items not
updated, actor and theme rows; default 60, a few pages) becomes a "report_pdf" job: the
person is sent to the job's page, which shows the progress and then a download link.
The PDF is written to UPLOAD_FOLDER/reports/ (shared by the workers' machines).
"""

from __future__ import annotations

import os

from flask import current_app, url_for
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from tracker.core.context import real_app
from tracker.jobs.models import Job
from tracker.jobs.operations import create_job, handler
from tracker.recommendations.facet_index import FACET_CODES, facet_counts
from tracker.recommendations.filters import ListState


def report_rows(content: dict) -> int:
    """How many table rows a report prints (a page holds about twenty)."""
    rows = len(content.get("changes", [])) + len((content.get("not_updated") or {}).get("items", []))
    for key in ("by_addressee", "by_maker", "by_theme"):
        rows += len(content.get(key) or [])
    return rows


def is_long(content: dict) -> bool:
    """Whether the PDF of this report should be printed in the background."""
    return report_rows(content) > current_app.config.get("REPORT_PDF_BACKGROUND_ROWS", 60)


def surely_long(session: Session, state: ListState) -> bool:
    """Whether a report is sure to be long before it is computed: an unfiltered report
    lists every addressee and maker with a recommendation (its per-actor tables), and
    their number is a count of ``facet_counts`` rows. At 300,000 recommendations the
    PDF request then queues the job at once instead of computing the report (tens of
    seconds) only to find it long. A filtered report is computed to decide."""
    if state.is_filtered:
        return False
    actors = (
        select(facet_counts.c.facet, facet_counts.c.value_id)
        .where(facet_counts.c.facet.in_((FACET_CODES["addressee"], FACET_CODES["maker"])), facet_counts.c.count > 0)
        .distinct()
        .subquery()
    )
    rows = session.scalar(select(func.count()).select_from(actors)) or 0
    return rows > current_app.config.get("REPORT_PDF_BACKGROUND_ROWS", 60)


def reports_folder() -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "reports")


def start_pdf_job(
    session: Session,
    user,
    *,
    filename: str,
    report_id: int | None = None,
    args: dict | None = None,
    language: str = "en",
) -> Job:
    """Queue the printing of a saved report (``report_id``) or of a progress report (its
    query ``args``). Flushes."""
    return create_job(
        session,
        "report_pdf",
        {"report_id": report_id, "args": args, "filename": filename, "language": language},
        user=user,
    )


@handler("report_pdf")
def print_report(session: Session, job: Job, progress) -> dict:
    """Compute (or load) the report and print it to a PDF file."""
    from tracker.reports.computation import compute_report
    from tracker.reports.export import pdf_bytes
    from tracker.reports.forms import read_report_request
    from tracker.reports.models import SavedReport

    app = real_app()
    payload = job.payload
    progress(0, 3)
    with app.test_request_context("/", base_url=app.config["BASE_URL"]), force_locale(payload.get("language") or "en"):
        if payload.get("report_id") is not None:
            saved = session.get(SavedReport, payload["report_id"])
            if saved is None:
                raise LookupError(f"saved report {payload['report_id']} no longer exists")
            content = saved.content
        else:
            saved = None
            report_request = read_report_request(session, MultiDict(payload.get("args") or {}))
            content = compute_report(session, *report_request.validated())
        progress(1, 3)
        author = saved.created_by if saved is not None else job.created_by
        data = pdf_bytes("reports/pdf.html", content=content, saved=saved, author=author)
    progress(2, 3)
    folder = reports_folder()
    os.makedirs(folder, exist_ok=True)
    name = f"job-{job.id}.pdf"
    temporary = os.path.join(folder, name + ".tmp")
    with open(temporary, "wb") as target:
        target.write(data)
    os.replace(temporary, os.path.join(folder, name))
    progress(3, 3)
    return {"file": name, "filename": payload.get("filename") or name, "bytes": len(data)}


def download_url(job: Job) -> str:
    return url_for("jobs.download", job_id=job.id)
