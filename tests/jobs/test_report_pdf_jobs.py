"""Report PDFs of more than a few pages are printed by a worker: the person waits on the
job's page (it survives a reload) and downloads the PDF from there."""

import io

import pypdf
from sqlalchemy import select

from tests.reports.history import DOCUMENT, build_history, report_url
from tracker.jobs.models import Job


def test_a_long_progress_report_pdf_is_printed_in_the_background(
    app, client, db_session, make_user, login, monkeypatch
):
    build_history(db_session, make_user("advocate"))
    monkeypatch.setitem(app.config, "REPORT_PDF_BACKGROUND_ROWS", 0)  # every report counts as long
    staff = login(client, "staff")
    response = client.get(report_url("/reports/progress.pdf", document=DOCUMENT))
    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The PDF is ready." in page
    job = db_session.scalar(select(Job).where(Job.kind == "report_pdf"))
    assert job.created_by_id == staff.id and job.status == "succeeded"
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "progress-report-2021-07-01-to-2021-09-30.pdf" in download.headers["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(download.data)).pages)
    assert "Programme suspended after two weeks." in text
    # Nobody else may fetch it.
    other = app.test_client()
    login(other, "staff")
    assert other.get(f"/jobs/{job.id}/download").status_code == 404


def test_short_reports_are_still_downloaded_at_once(client, db_session, make_user, login):
    build_history(db_session, make_user("advocate"))
    login(client, "staff")
    response = client.get(report_url("/reports/progress.pdf", document=DOCUMENT))
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_an_unfiltered_report_sure_to_be_long_is_queued_before_it_is_computed(
    app, client, db_session, make_user, login, monkeypatch
):
    """Its per-actor tables alone list more rows than a PDF printed in the request holds:
    the request queues the job at once (at 300,000 recommendations computing the report
    first took as long as the page) and the worker computes it."""
    import tracker.reports.views as report_views

    build_history(db_session, make_user("advocate"))
    monkeypatch.setitem(app.config, "REPORT_PDF_BACKGROUND_ROWS", 3)  # fewer than the seeds' actors
    computed_in_the_request = []
    monkeypatch.setattr(report_views, "compute_report", lambda *args, **kwargs: computed_in_the_request.append(1))
    login(client, "staff")
    response = client.get(report_url("/reports/progress.pdf"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    assert computed_in_the_request == []
    assert "The PDF is ready." in client.get(response.headers["Location"]).get_data(as_text=True)
