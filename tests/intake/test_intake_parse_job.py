"""An uploaded PDF or HTML file is read by a background job: the form sends the person to
the job's page, which follows the reading, then links to the review of the new document
or says why the file could not be read, with the form filled in again to retry.

(Here jobs run inline when the request commits; tests/jobs/test_intake_parse_workers.py
runs them in real workers on the embedded queue and on Redis.)
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from tests.intake import crafted_pdfs
from tests.intake.helpers import document_form, make_pdf, upload
from tracker.documents.models import Document
from tracker.i18n import COOKIE
from tracker.intake.models import IntakeCandidate, IntakeSubmission
from tracker.jobs.models import Job
from tracker.jobs.operations import run_job

GOOD_PDF = make_pdf(["Dear Secretary,", "We urge the Mexican government to release detained children."])


@pytest.fixture()
def uploads(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    return folder


def send(client, csrf_token, name: str, content: bytes, **fields):
    data = document_form(text="", upload=upload(name, content), **fields)
    data["csrf_token"] = csrf_token(client, "/intake/new")
    return client.post("/intake/new", data=data, content_type="multipart/form-data")


def count_documents(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Document))


def job_of(db_session, response) -> Job:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    db_session.expire_all()
    return db_session.get(Job, int(match.group(1)))


def test_an_uploaded_pdf_is_read_by_a_job_whose_page_leads_to_the_review(
    client, csrf_token, login, db_session, uploads
):
    advocate = login(client, "advocate")
    job = job_of(db_session, send(client, csrf_token, "letter.pdf", GOOD_PDF, title="Letter as PDF"))
    assert job.kind == "intake_parse" and job.created_by_id == advocate.id and job.status == "succeeded"
    document = db_session.get(Document, job.result["document_id"])
    assert document.title == "Letter as PDF" and "release detained children" in document.text
    submission = db_session.scalar(select(IntakeSubmission).where(IntakeSubmission.document_id == document.id))
    assert submission.original_filename == "letter.pdf" and submission.source_kind == "pdf"
    assert (uploads / submission.stored_name).read_bytes() == GOOD_PDF
    proposed = db_session.scalars(select(IntakeCandidate).where(IntakeCandidate.document_id == document.id)).all()
    assert len(proposed) == job.result["candidates"] >= 1

    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Reading letter.pdf" in page and 'http-equiv="refresh"' not in page
    assert f"Document added. {len(proposed)} candidate recommendations await your review." in page
    assert f'href="/intake/documents/{document.id}"' in page
    assert not any((uploads / "intake-pending").iterdir()), "the waiting copy is removed once read"


def test_the_job_page_shows_the_wait_and_survives_a_reload_until_a_worker_is_done(
    app, client, csrf_token, login, db_session, uploads, monkeypatch
):
    monkeypatch.setattr("tracker.jobs.operations.enqueue", lambda *args, **kwargs: None)  # no worker yet
    login(client, "advocate")
    before = count_documents(db_session)
    job = job_of(
        db_session,
        send(
            client,
            csrf_token,
            "appeal.html",
            b"<html><body><p>We call on Congress to fund shelters.</p></body></html>",
            title="Appeal",
        ),
    )
    assert job.status == "queued"
    for _reload in range(2):
        response = client.get(f"/jobs/{job.id}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert 'http-equiv="refresh"' in page and "Waiting" in page and "Reading appeal.html" in page
    assert count_documents(db_session) == before, "nothing is added before the worker reads the file"

    assert run_job(app, job.id) == "succeeded"  # what a worker does
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and "Document added." in page
    assert count_documents(db_session) == before + 1


def test_a_file_that_cannot_be_read_is_explained_and_the_form_comes_back_filled_in(
    client, csrf_token, login, db_session, uploads
):
    login(client, "advocate")
    before = count_documents(db_session)
    job = job_of(
        db_session,
        send(
            client,
            csrf_token,
            "protected letter.pdf",
            crafted_pdfs.encrypted(),
            title="Protected letter",
            new_publisher="Typed Publisher",
            url="https://example.org/letter",
            published_on="03/02/2022",
        ),
    )
    assert job.status == "succeeded" and job.result["ok"] is False, "an unreadable file is not retried"
    page = html.unescape(client.get(f"/jobs/{job.id}").get_data(as_text=True))
    assert "protected letter.pdf could not be added." in page
    assert "This PDF could not be read: it is encrypted; upload an unprotected copy." in page
    assert "Nothing was added." in page and 'role="alert"' in page
    assert f'href="/intake/new?again={job.id}"' in page
    assert count_documents(db_session) == before
    assert not any((uploads / "intake-pending").iterdir())

    form = html.unescape(client.get(f"/intake/new?again={job.id}").get_data(as_text=True))
    assert "The form is filled in as you sent protected letter.pdf." in form
    for value in ("Protected letter", "Typed Publisher", "https://example.org/letter", "03/02/2022"):
        assert f'value="{value}"' in form, value
    # Sent again as a readable file, it is added.
    retry = job_of(
        db_session,
        send(client, csrf_token, "letter.pdf", GOOD_PDF, title="Protected letter", new_publisher="Typed Publisher"),
    )
    assert retry.result["ok"] is True and count_documents(db_session) == before + 1


def test_a_job_and_its_form_are_only_for_the_person_who_sent_the_file(
    app, client, csrf_token, login, db_session, uploads
):
    login(client, "advocate")
    job = job_of(db_session, send(client, csrf_token, "secret.pdf", crafted_pdfs.encrypted(), title="Secret title"))
    other = app.test_client()
    login(other, "advocate")
    assert other.get(f"/jobs/{job.id}").status_code == 404
    form = other.get(f"/intake/new?again={job.id}").get_data(as_text=True)
    assert "Secret title" not in form and "The form is filled in" not in form
    assert other.get("/intake/new?again=not-a-number").status_code == 200


def test_the_wait_and_the_error_are_in_the_senders_language(client, csrf_token, make_user, login, db_session, uploads):
    user = make_user("advocate")
    user.language = "es"  # the job writes the reason in the sender's language
    db_session.flush()
    client.set_cookie(COOKIE, "es")
    login(client, user)
    job = job_of(db_session, send(client, csrf_token, "carta.pdf", crafted_pdfs.encrypted(), title="Carta"))
    page = html.unescape(client.get(f"/jobs/{job.id}").get_data(as_text=True))
    assert "No se pudo añadir carta.pdf." in page and "No se añadió nada." in page
    assert "No se pudo leer este PDF" in page
    assert "Reintentar" in page


def test_plain_text_uploads_are_still_added_at_once(client, csrf_token, login, db_session, uploads):
    login(client, "advocate")
    response = send(client, csrf_token, "notes.md", b"# Notes\n\nCongress should fund shelters.\n", title="Notes")
    assert response.status_code == 302 and response.headers["Location"].startswith("/intake/documents/")
