"""Uploaded PDFs are read by real workers, on the embedded queue and on Redis: a readable
file becomes a document with candidates, an unreadable one a stated reason (not retried)."""

from __future__ import annotations

from sqlalchemy import select

from tests.intake import crafted_pdfs
from tests.intake.helpers import make_pdf
from tests.jobs.conftest import wait_for
from tracker import db as tracker_db
from tracker.documents.models import Document
from tracker.intake.jobs import pending_folder, start_parse
from tracker.intake.models import IntakeCandidate
from tracker.intake.operations import DocumentInput
from tracker.jobs.models import Job


def _queue_parse(setup, filename: str, content: bytes, title: str) -> int:
    with setup.app.test_request_context("/"):
        session = tracker_db.session()
        job = start_parse(
            session,
            DocumentInput(
                title=title, text="", kind="letter", source_kind="pdf", original_filename=filename, upload=content
            ),
            None,
        )
        session.commit()
        return job.id


def _finished(setup, job_id: int):
    with setup.session() as session:
        job = session.get(Job, job_id)
        return job if job.finished else None


def test_workers_read_uploaded_pdfs_and_explain_the_unreadable_ones(queue_setup):
    good = _queue_parse(
        queue_setup,
        "letter.pdf",
        make_pdf(["We urge the Mexican government to release detained children."]),
        "Letter read by a worker",
    )
    bad = _queue_parse(queue_setup, "locked.pdf", crafted_pdfs.encrypted(), "Locked letter")
    queue_setup.start_worker()

    job = wait_for(lambda: _finished(queue_setup, good), what="the PDF to be read")
    assert job.status == "succeeded" and job.result["ok"], job.error
    with queue_setup.session() as session:
        document = session.get(Document, job.result["document_id"])
        assert document.title == "Letter read by a worker" and "release detained children" in document.text
        assert session.scalars(select(IntakeCandidate).where(IntakeCandidate.document_id == document.id)).all()

    job = wait_for(lambda: _finished(queue_setup, bad), what="the locked PDF to be refused")
    assert job.status == "succeeded" and job.attempts == 1
    assert job.result == {
        "ok": False,
        "error": "This PDF could not be read: it is encrypted; upload an unprotected copy.",
    }
    with queue_setup.session() as session:
        assert session.scalar(select(Document).where(Document.title == "Locked letter")) is None
    with queue_setup.app.app_context():
        assert not any(pending_folder().iterdir()), "the waiting copies are removed"
